"""Results cached on disk, so an unchanged tree re-lints in a fraction of the cold time.

An entry is keyed by everything its findings depend on: the file's bytes and the path it
is shown as, the codes enabled for it, the effective configuration (knowledge
extensions, dialects, the project's Django models), perflint's own code and the versions
of the libraries that parse for it. No key depends on a file time or an absolute path, so
a cache restored on a fresh CI runner still hits. Entries unused for `MAX_AGE_DAYS` are
pruned; an entry that is not exactly what perflint writes is a miss. Failures to read or
write the cache are ignored: it can only make a run faster. `read_entry`/`write_entry`
store other JSON the same way (the Django model index: `perflint.project.model_cache`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

import perflint
from perflint.effects.summary import FileSummary
from perflint.findings import FileResult, Finding, Location

CACHE_FOLDER = ".perflint_cache"
MARKER = "# Created by perflint: its result cache.\n"
MAX_ENTRY_BYTES = 4 * 1024 * 1024
MAX_AGE_DAYS = 14
_PRUNE_EVERY_SECONDS = 24 * 3600
_PRUNE_STAMP = ".pruned"
# Their parsers decide which files are PFL001 and where SQL findings point.
_PARSING_LIBRARIES = ("libcst", "sqlglot", "sqlglotc")
# An entry's findings must have exactly a Finding's fields, with their types (`related`:
# a list of Location objects).
_FINDING_TYPES: dict[str, type] = get_type_hints(Finding)
_LOCATION_TYPES: dict[str, type] = get_type_hints(Location)
Stored = TypeVar("Stored")


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """perflint's version, a hash of its source files' contents (a rule edited during
    development invalidates the cache although the version stays the same) and the
    versions of its parsing libraries. Computed once per run, in the main process."""
    package = Path(perflint.__file__).parent
    parts: list[bytes | str] = [perflint.__version__]
    parts.extend(f"{name}={_library_version(name)}" for name in _PARSING_LIBRARIES)
    for path in sorted(package.rglob("*.py")):
        parts.extend((path.relative_to(package).as_posix(), path.read_bytes()))
    return digest(*parts)


def _valid_entry(stored: Any, display: str) -> FileResult | None:
    """The entry as a FileResult if it has exactly the shape `put` writes, else None."""
    if not (isinstance(stored, dict) and stored.keys() == {"path", "findings", "summary"}):
        return None
    findings = stored["findings"]
    if stored["path"] != display or not isinstance(findings, list):
        return None
    if not all(_valid_finding(finding) for finding in findings):
        return None
    summary = None if stored["summary"] is None else FileSummary.from_json(stored["summary"])
    if stored["summary"] is not None and summary is None:
        return None
    return FileResult(display, [_finding(finding) for finding in findings], summary)


def _valid_finding(finding: Any) -> bool:
    if not (isinstance(finding, dict) and finding.keys() == _FINDING_TYPES.keys()):
        return False
    related = finding["related"]
    if not (isinstance(related, list) and all(_has_types(r, _LOCATION_TYPES) for r in related)):
        return False
    return _has_types({k: v for k, v in finding.items() if k != "related"}, _FINDING_TYPES)


def _has_types(stored: Any, types: dict[str, type]) -> bool:
    """Has `stored` exactly the keys of `types` (all of them but "related"), each with
    exactly its type?"""
    expected = types.keys() - {"related"}
    return (
        isinstance(stored, dict)
        and stored.keys() == expected
        and all(type(stored[key]) is types[key] for key in expected)
    )


def _finding(stored: dict[str, Any]) -> Finding:
    related = tuple(Location(**location) for location in stored["related"])
    return Finding(**{**stored, "related": related})


def prepared(folder: Path) -> bool:
    """Make `folder` a cache folder (with perflint's marker); False if it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / ".gitignore"
        if not marker.exists():
            marker.write_text(f"{MARKER}*\n")
        return os.access(folder, os.W_OK)
    except OSError:
        return False


def _entry_path(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.json"


def read_entry(folder: Path, key: str, valid: Callable[[Any], Stored | None]) -> Stored | None:
    """What `valid` makes of the JSON stored under `key`; None when the entry is absent,
    unreadable, too big, or not what `valid` accepts."""
    path = _entry_path(folder, key)
    try:
        if path.stat().st_size > MAX_ENTRY_BYTES:
            return None
        value = valid(json.loads(path.read_text(encoding="utf-8")))
        if value is not None:
            os.utime(path)  # recently used: not pruned
        return value
    except (OSError, ValueError, RecursionError, MemoryError):
        return None


def write_entry(folder: Path, key: str, value: Any) -> None:
    """Store `value` as JSON under `key` in a prepared folder; failures are ignored."""
    target = _entry_path(folder, key)
    try:
        target.parent.mkdir(exist_ok=True)
        # Written aside, then renamed: parallel workers never read half an entry.
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(value, stream)
        os.replace(temporary, target)
    except OSError:
        return


class ResultCache:
    def __init__(self, folder: Path, settings: str) -> None:
        self.folder = folder
        self.settings = digest(code_fingerprint(), settings)
        self.usable = prepared(folder)
        if self.usable:
            prune(folder)

    def key(self, display: str, codes: frozenset[str], data: bytes, module: str = "") -> str:
        """`module`: the file's qualified module name when it is summarised, else ""."""
        return digest(self.settings, display, ",".join(sorted(codes)), data, module)

    def get(self, key: str, display: str) -> FileResult | None:
        if not self.usable:
            return None
        return read_entry(self.folder, key, lambda stored: _valid_entry(stored, display))

    def put(self, key: str, result: FileResult) -> None:
        if not self.usable:
            return
        entry = {
            "path": result.path,
            "findings": [finding.as_dict() for finding in result.findings],
            "summary": None if result.summary is None else result.summary.to_json(),
        }
        write_entry(self.folder, key, entry)


def _entries(folder: Path) -> list[Path]:
    """The files perflint writes in a cache folder: two-hex-digit shards of entries."""
    return [
        path
        for shard in folder.glob("[0-9a-f][0-9a-f]")
        if shard.is_dir()
        for path in shard.iterdir()
        if path.suffix in (".json", ".tmp")
    ]


def prune(folder: Path, now: float | None = None) -> None:
    """Remove entries unused for MAX_AGE_DAYS (every edit of a file leaves one behind);
    looked at once a day at most, so a run does not pay for it."""
    now = time.time() if now is None else now
    stamp = folder / _PRUNE_STAMP
    try:
        if now - stamp.stat().st_mtime < _PRUNE_EVERY_SECONDS:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    oldest = now - MAX_AGE_DAYS * 24 * 3600
    try:
        for path in _entries(folder):
            if path.stat().st_mtime < oldest:
                path.unlink()
        stamp.touch()
        os.utime(stamp, (now, now))
    except OSError:
        return


def clean(folder: Path) -> bool:
    """Delete a cache folder perflint created (it holds perflint's marker file); anything
    else is left alone. True if a cache was removed."""
    marker = folder / ".gitignore"
    try:
        if not marker.read_text(encoding="utf-8").startswith(MARKER):
            return False
    except (OSError, UnicodeDecodeError):
        return False
    for path in _entries(folder):
        path.unlink()
    for shard in folder.glob("[0-9a-f][0-9a-f]"):
        if shard.is_dir() and not any(shard.iterdir()):
            shard.rmdir()
    for name in (_PRUNE_STAMP, ".gitignore"):
        (folder / name).unlink(missing_ok=True)
    if not any(folder.iterdir()):
        folder.rmdir()
    return True
