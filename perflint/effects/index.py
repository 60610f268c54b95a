"""The project index: when a run lints only some files of a project (pre-commit passes
``app/reports.py``), the project's other ``*.py`` files are summarised too, so a call into
``app/store.py`` is still followed. They are linted like any file (the result cache makes
an unchanged one nearly free) and their findings are not reported.

Bounded: only for a project whose root is known (a config file's folder, or a git work
tree), with the configuration's excludes and .gitignore, and files up to `MAX_BYTES`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from perflint.config import Config, Configs
from perflint.discovery import SourceFile, discover
from perflint.files import resolved

MAX_BYTES = 512 * 1024  # larger files are generated code or data, rarely a helper's home


def project_folder(config: Config) -> Path | None:
    """Where a configuration's project lives: the config file's folder, or the git work
    tree the defaults were taken for; None when neither is known."""
    if config.source is not None or (config.root / ".git").exists():
        return config.root
    return None


def index_sources(
    sources: Sequence[SourceFile],
    targets: Sequence[Path],
    configs: Configs,
    wanted: Callable[[SourceFile], bool],
) -> list[SourceFile]:
    """The files of the linted files' projects that are not linted themselves, for the
    sources `wanted` says need the project-wide pass; none for a project that one of the
    named `targets` holds whole."""
    linted = {resolved(source.path) for source in sources}
    named = [resolved(target) for target in targets]
    roots = {
        folder
        for source in sources
        if wanted(source)
        for folder in [project_folder(source.config)]
        if folder is not None
    }
    found: list[SourceFile] = []
    for root in sorted(roots):
        if any(_holds(target, resolved(root)) for target in named):
            continue  # the whole project is linted
        for source in discover([_shown(root)], configs):
            path = resolved(source.path)
            if path not in linted and _small(source.path):
                linted.add(path)
                found.append(source)
    return found


def _holds(folder: Path, root: Path) -> bool:
    return folder == root or folder in root.parents


def _shown(root: Path) -> str:
    """The root as the linted files' paths show it: relative to here when below it."""
    relative = os.path.relpath(root)
    return root.as_posix() if relative.startswith("..") else relative


def _small(path: Path) -> bool:
    try:
        return path.stat().st_size <= MAX_BYTES
    except OSError:
        return False
