"""Which files to lint: named files always; folders walked for ``*.py``, honouring
.gitignore files, the default excludes and the config's exclude globs."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.config import Config
from perflint.files import describe_os_error, kind_of, resolved

if TYPE_CHECKING:
    from pathspec import PathSpec


Warn = Callable[[str], None]


class DiscoveryError(Exception):
    pass


def _silent(message: str) -> None:
    """Warnings are dropped unless the caller passes a `warn` of its own."""


@dataclass(frozen=True)
class SourceFile:
    display: str  # the path as the user gave it, joined with what the walk found
    path: Path
    data: bytes | None = None  # content already read (stdin); else read from `path`


def _git_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _gitignore_spec(folder: Path) -> PathSpec | None:
    import pathspec

    ignore_file = folder / ".gitignore"
    try:
        lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines([line for line in lines if _git_accepts(line)])


def _git_accepts(line: str) -> bool:
    """git skips a .gitignore line it cannot use (`!`, `\\`, a trailing backslash);
    pathspec raises on it instead."""
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


class _Ignores:
    """.gitignore files from the repository root down, plus the config's excludes."""

    def __init__(self, config: Config) -> None:
        # Imported here: pre-commit names files, and then nothing is walked or matched.
        import pathspec

        self.root = resolved(config.root)
        self.excludes = pathspec.GitIgnoreSpec.from_lines([*config.exclude, *config.extend_exclude])
        self.gitignores: dict[Path, PathSpec | None] = {}
        self.git_roots: dict[Path, Path | None] = {}

    def _spec(self, folder: Path) -> PathSpec | None:
        if folder not in self.gitignores:
            self.gitignores[folder] = _gitignore_spec(folder)
        return self.gitignores[folder]

    def ignored(self, path: Path, is_dir: bool, floor: Path | None = None) -> bool:
        """Is `path` excluded? With a `floor` (a folder named explicitly although it is
        itself excluded), patterns count only below it: naming a folder lints it."""
        suffix = "/" if is_dir else ""
        if self.excludes.match_file(path.name + suffix):
            return True
        base = floor or self.root
        if path.is_relative_to(base) and self.excludes.match_file(
            path.relative_to(base).as_posix() + suffix
        ):
            return True
        if path.parent not in self.git_roots:
            self.git_roots[path.parent] = _git_root(path.parent)
        git_root = self.git_roots[path.parent]
        if git_root is None:
            return False
        for folder in (path.parent, *path.parent.parents):
            spec = self._spec(folder)
            if spec is not None and spec.match_file(path.relative_to(folder).as_posix() + suffix):
                return True
            if folder in (git_root, floor):
                break
        return False


def discover(paths: list[str], config: Config, warn: Warn = _silent) -> list[SourceFile]:
    """The files to lint. A named path that exists but cannot be read (a symlink loop, no
    permission, a FIFO) is still returned: reading it fails and the file gets a PFL001."""
    ignores: _Ignores | None = None
    found: list[SourceFile] = []
    for given in paths:
        path = Path(given)
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except (FileNotFoundError, NotADirectoryError):
            raise DiscoveryError(f"{given}: no such file or folder") from None
        except OSError:
            is_folder = False
        if is_folder:
            ignores = ignores or _Ignores(config)
            folder = resolved(path)
            floor = folder if ignores.ignored(folder, is_dir=True) else None
            found.extend(_walk(given, folder, ignores, floor, warn))
        else:
            found.append(SourceFile(given, path))  # named explicitly: always linted
    unique = {resolved(source.path): source for source in found}
    return sorted(unique.values(), key=lambda s: s.display)


def _walk(
    given: str, folder: Path, ignores: _Ignores, floor: Path | None, warn: Warn
) -> list[SourceFile]:
    def shown(path: str) -> str:
        return os.path.normpath(os.path.join(given, os.path.relpath(path, folder)))

    def unreadable(error: OSError) -> None:
        where = shown(error.filename) if error.filename else given
        warn(f"{where}: cannot read folder ({describe_os_error(error)}); its files are skipped")

    found = []
    for current, dirs, files in os.walk(folder, onerror=unreadable):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not ignores.ignored(here / d, is_dir=True, floor=floor))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = here / name
            if ignores.ignored(path, is_dir=False, floor=floor):
                continue
            mode = _mode(path)
            if mode is not None and not stat.S_ISREG(mode):
                warn(f"{shown(str(path))}: skipped, not a regular file ({kind_of(mode)})")
                continue
            found.append(SourceFile(shown(str(path)), path))
    return found


def _mode(path: Path) -> int | None:
    """The file's mode, or None when stat fails: reading it then fails too, with PFL001."""
    try:
        return path.stat().st_mode
    except OSError:
        return None
