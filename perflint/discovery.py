"""Which files to lint: named files (always, unless --force-exclude and an exclude matches
them); folders walked for ``*.py``, honouring .gitignore files, the default excludes and
the exclude patterns of the configuration in force for each folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.config import Config, Configs
from perflint.files import describe_os_error, kind_of, resolved
from perflint.globs import below, relative_to
from perflint.roots import git_root

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
    config: Config  # the configuration in force for this file
    data: bytes | None = None  # content already read (stdin); else read from `path`


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

    def in_folder(self, folder: Path, floor: Path | None) -> _FolderIgnores:
        """What `excluded` and `ignored` decide for the entries of `folder` (an absolute
        path), with the work that does not depend on the entry's name done once."""
        config = self.configs.for_folder(folder)
        base = floor if floor is not None and floor.is_relative_to(config.root) else config.root
        prefix = below(os.path.abspath(folder), os.path.abspath(base))
        gitignores = []
        root = git_root(folder)
        if root is not None:
            for above in (folder, *folder.parents):
                spec = self._spec(above)
                if spec is not None:
                    gitignores.append((spec, folder.relative_to(above).as_posix()))
                if above in (root, floor):
                    break
        excludes = self._excludes(config)
        return _FolderIgnores(self, folder, floor, config, excludes, prefix, tuple(gitignores))


@dataclass(frozen=True)
class _FolderIgnores:
    """`_Ignores.ignored` for the entries of one folder, by name: a walk asks it for every
    file and subfolder, so the configuration, the relative paths and the .gitignore files
    that apply are found once per folder."""

    ignores: _Ignores
    folder: Path
    floor: Path | None
    config: Config
    excludes: PathSpec
    prefix: str | None  # the folder below the excludes' base; None: elsewhere (links)
    gitignores: tuple[tuple[PathSpec, str], ...]  # each spec and the folder below its own

    def ignored(self, name: str, is_dir: bool) -> bool:
        slash = _slash(is_dir)
        if self.prefix is None:  # the rare case the lexical path cannot tell: the long way
            excluded = self.ignores.excluded(self.folder / name, is_dir, self.floor)
        else:
            excluded = self.excludes.match_file(_joined(self.prefix, name) + slash)
        return excluded or any(
            spec.match_file(_joined(prefix, name) + slash) for spec, prefix in self.gitignores
        )


def _joined(prefix: str, name: str) -> str:
    return name if prefix == "." else f"{prefix}/{name}"


def _slash(is_dir: bool) -> str:
    """Patterns ending in '/' match folders only: a folder's path is matched with one."""
    return "/" if is_dir else ""


def discover(
    paths: list[str], configs: Configs, force_exclude: bool = False, warn: Warn = _silent
) -> list[SourceFile]:
    """The files to lint under `paths`. A file named explicitly is linted even when an
    exclude matches it, unless `force_exclude` (or its config's force-exclude) is set. A
    named path that exists but cannot be read (a symlink loop, no permission, a FIFO) is
    still returned: reading it fails and the file gets a PFL001."""
    ignores = _Ignores(configs)
    found: list[tuple[Path, SourceFile]] = []  # each file with its path, links resolved
    for given in paths:
        path = Path(given)
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except (FileNotFoundError, NotADirectoryError):
            raise DiscoveryError(f"{given}: no such file or folder") from None
        except OSError:
            is_folder = False
        if is_folder:
            folder = resolved(path)
            floor = folder if ignores.ignored(folder, is_dir=True) else None
            found.extend(_walk(given, folder, ignores, floor, warn))
            continue
        config = configs.for_path(path)
        if (force_exclude or config.force_exclude) and ignores.excluded(
            Path(os.path.abspath(path)), is_dir=False
        ):
            continue
        found.append((resolved(path), SourceFile(given, path, config)))  # named explicitly
    unique = dict(found)
    return sorted(unique.values(), key=lambda s: s.display)


def _walk(
    given: str, folder: Path, ignores: _Ignores, floor: Path | None, warn: Warn
) -> list[tuple[Path, SourceFile]]:
    def shown(path: str) -> str:
        return os.path.normpath(os.path.join(given, os.path.relpath(path, folder)))

    def unreadable(error: OSError) -> None:
        where = shown(error.filename) if error.filename else given
        warn(f"{where}: cannot read folder ({describe_os_error(error)}); its files are skipped")

    found = []
    for current, dirs, files in os.walk(folder, onerror=unreadable):
        names = sorted(name for name in files if name.endswith(".py"))
        if not dirs and not names:  # most folders of a project hold neither (locales, assets)
            continue
        here = Path(current)
        rules = ignores.in_folder(here, floor)
        dirs[:] = sorted(d for d in dirs if not rules.ignored(d, is_dir=True))
        names = [name for name in names if not rules.ignored(name, is_dir=False)]
        shown_here = shown(current) if names else ""
        for name in names:
            path = here / name
            real, mode = _real_path_and_mode(path)
            display = os.path.join(shown_here, name) if shown_here != "." else name
            if mode is not None and not stat.S_ISREG(mode):
                warn(f"{display}: skipped, not a regular file ({kind_of(mode)})")
                continue
            found.append((real, SourceFile(display, path, rules.config)))
    return found


def _real_path_and_mode(path: Path) -> tuple[Path, int | None]:
    """A walked file's path with links resolved, and its mode (None when stat fails: reading
    it then fails too, with PFL001). The walk's folders are real ones (it follows no link):
    only a file that is itself a link needs resolving."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return resolved(path), None
    if not stat.S_ISLNK(mode):
        return path, mode
    try:
        return resolved(path), path.stat().st_mode
    except OSError:
        return resolved(path), None
