"""Which files to lint: named files always; folders walked for ``*.py``, honouring
.gitignore files, the default excludes and the config's exclude globs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.config import Config

if TYPE_CHECKING:
    from pathspec import PathSpec


class DiscoveryError(Exception):
    pass


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
    return pathspec.GitIgnoreSpec.from_lines(lines)


class _Ignores:
    """.gitignore files from the repository root down, plus the config's excludes."""

    def __init__(self, config: Config) -> None:
        # Imported here: pre-commit names files, and then nothing is walked or matched.
        import pathspec

        self.root = config.root.resolve()
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


def discover(paths: list[str], config: Config) -> list[SourceFile]:
    ignores: _Ignores | None = None
    found: list[SourceFile] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            found.append(SourceFile(given, path))  # named explicitly: always linted
        elif path.is_dir():
            ignores = ignores or _Ignores(config)
            folder = path.resolve()
            floor = folder if ignores.ignored(folder, is_dir=True) else None
            found.extend(_walk(given, folder, ignores, floor))
        elif path.exists():
            raise DiscoveryError(f"{given}: not a file or folder")
        else:
            raise DiscoveryError(f"{given}: no such file or folder")
    unique = {source.path.resolve(): source for source in found}
    return sorted(unique.values(), key=lambda s: s.display)


def _walk(given: str, folder: Path, ignores: _Ignores, floor: Path | None) -> list[SourceFile]:
    found = []
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not ignores.ignored(here / d, is_dir=True, floor=floor))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = here / name
            if ignores.ignored(path, is_dir=False, floor=floor):
                continue
            display = os.path.join(given, os.path.relpath(path, folder))
            found.append(SourceFile(os.path.normpath(display), path))
    return found
