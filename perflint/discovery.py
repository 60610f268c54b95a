"""Which files to lint: named files (always, unless --force-exclude and an exclude matches
them); folders walked for ``*.py``, honouring .gitignore files, the default excludes and
the exclude patterns of the configuration in force for each folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.config import Config, Configs
from perflint.globs import relative_to
from perflint.roots import git_root

if TYPE_CHECKING:
    from pathspec import PathSpec


class DiscoveryError(Exception):
    pass


@dataclass(frozen=True)
class SourceFile:
    display: str  # the path as the user gave it, joined with what the walk found
    path: Path
    config: Config  # the configuration in force for this file
    data: bytes | None = None  # content already read (stdin); else read from `path`


def _gitignore_spec(folder: Path) -> PathSpec | None:
    import pathspec

    ignore_file = folder / ".gitignore"
    try:
        lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


class _Ignores:
    """.gitignore files from the repository root down, plus the excludes of the
    configuration in force for each path."""

    def __init__(self, configs: Configs) -> None:
        self.configs = configs
        self.excludes: dict[Config, PathSpec] = {}
        self.gitignores: dict[Path, PathSpec | None] = {}

    def _excludes(self, config: Config) -> PathSpec:
        if config not in self.excludes:
            # Imported here: pre-commit names files, and then often nothing is matched.
            import pathspec

            patterns = [*config.exclude, *config.extend_exclude]
            self.excludes[config] = pathspec.GitIgnoreSpec.from_lines(patterns)
        return self.excludes[config]

    def _spec(self, folder: Path) -> PathSpec | None:
        if folder not in self.gitignores:
            self.gitignores[folder] = _gitignore_spec(folder)
        return self.gitignores[folder]

    def excluded(self, path: Path, is_dir: bool, floor: Path | None = None) -> bool:
        """Does an exclude pattern of the configuration in force for `path` match it?
        With a `floor` (a folder named explicitly although it is itself excluded),
        patterns count only below it: naming a folder lints it."""
        config = self.configs.for_path(path.parent)
        base = floor if floor is not None and floor.is_relative_to(config.root) else config.root
        relative = relative_to(path, base)
        if Path(relative).is_absolute():  # outside the config's folder: by name only
            relative = path.name
        return self._excludes(config).match_file(relative + _slash(is_dir))

    def ignored(self, path: Path, is_dir: bool, floor: Path | None = None) -> bool:
        """Excluded by the configuration or by a .gitignore file."""
        if self.excluded(path, is_dir, floor):
            return True
        root = git_root(path.parent)
        if root is None:
            return False
        for folder in (path.parent, *path.parent.parents):
            spec = self._spec(folder)
            relative = path.relative_to(folder).as_posix() + _slash(is_dir)
            if spec is not None and spec.match_file(relative):
                return True
            if folder in (root, floor):
                break
        return False


def _slash(is_dir: bool) -> str:
    """Patterns ending in '/' match folders only: a folder's path is matched with one."""
    return "/" if is_dir else ""


def discover(paths: list[str], configs: Configs, force_exclude: bool = False) -> list[SourceFile]:
    """The files to lint under `paths`. A file named explicitly is linted even when an
    exclude matches it, unless `force_exclude` (or its config's force-exclude) is set."""
    ignores = _Ignores(configs)
    found: list[SourceFile] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            config = configs.for_path(path)
            if (force_exclude or config.force_exclude) and ignores.excluded(
                Path(os.path.abspath(path)), is_dir=False
            ):
                continue
            found.append(SourceFile(given, path, config))
        elif path.is_dir():
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
            config = ignores.configs.for_path(path)
            found.append(SourceFile(os.path.normpath(display), path, config))
    return found
