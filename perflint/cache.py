"""Results cached on disk, so an unchanged tree re-lints in a fraction of the cold time.

An entry is keyed by everything its findings depend on: the file's bytes and the path it
is shown as, the codes enabled for it, the effective configuration (knowledge
extensions, dialects, the project's Django models) and perflint's own code. A change to
any of them is a different key; stale entries are never read, only left behind.
Failures to read or write the cache are ignored: it can only make a run faster.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import perflint
from perflint.findings import FileResult, Finding

CACHE_FOLDER = ".perflint_cache"


def _digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """perflint's version and its source files' sizes and times: a rule edited during
    development invalidates the cache even when the version number stays the same."""
    package = Path(perflint.__file__).parent
    stamps = [perflint.__version__]
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        stamps.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return _digest(*stamps)


class ResultCache:
    def __init__(self, folder: Path, settings: str) -> None:
        self.folder = folder
        self.settings = _digest(code_fingerprint(), settings)
        self.usable = self._prepare()

    def _prepare(self) -> bool:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            marker = self.folder / ".gitignore"
            if not marker.exists():
                marker.write_text("# Created by perflint: its result cache.\n*\n")
            return os.access(self.folder, os.W_OK)
        except OSError:
            return False

    def key(self, display: str, codes: frozenset[str], data: bytes) -> str:
        return _digest(self.settings, display, ",".join(sorted(codes)), data)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileResult | None:
        if not self.usable:
            return None
        try:
            stored = json.loads(self._path(key).read_text(encoding="utf-8"))
            findings = [Finding(**finding) for finding in stored["findings"]]
            return FileResult(stored["path"], findings, stored["summary"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, result: FileResult) -> None:
        if not self.usable:
            return
        entry = {
            "path": result.path,
            "findings": [finding.as_dict() for finding in result.findings],
            "summary": result.summary,
        }
        target = self._path(key)
        try:
            target.parent.mkdir(exist_ok=True)
            # Written aside, then renamed: parallel workers never read half an entry.
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(entry, stream)
            os.replace(temporary, target)
        except OSError:
            return
