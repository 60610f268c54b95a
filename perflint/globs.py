"""Path patterns from the configuration, matched as .gitignore lines are (pathspec's
``gitwildmatch``): one set of rules for ``exclude`` and every per-file table. A pattern
without a slash matches a name at any depth; ``**/`` matches zero or more folders, so
``tests/**/*.py`` matches ``tests/test_a.py``."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import PathSpec


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> PathSpec:
    # Imported here: pre-commit names files, and a config without patterns needs none.
    import pathspec

    return pathspec.PathSpec.from_lines("gitwildmatch", [pattern])


def pattern_error(pattern: str) -> str | None:
    """Why `pattern` is not a valid pattern (git tolerates a few lines pathspec refuses:
    a lone ``!``, a lone or trailing ``\\``), or None."""
    try:
        _compiled(pattern)
    except ValueError as error:
        return str(error)
    return None


def matches(pattern: str, relative: str) -> bool:
    """Does `pattern` match the '/'-separated path `relative` (a file's path below the
    config's folder)?"""
    return _compiled(pattern).match_file(relative)


def relative_to(path: Path, root: Path) -> str:
    """`path` below `root` with '/' separators; the path as given when it is elsewhere."""
    relative = below(os.path.abspath(path), os.path.abspath(root))
    if relative is None:  # as written it is elsewhere; with links resolved it may not be
        relative = below(str(path.resolve()), str(root.resolve()))
    return path.as_posix() if relative is None else relative


def below(path: str, root: str) -> str | None:
    """`path` below `root` (both absolute, links not followed) with '/' separators, "." for
    `root` itself; None when it is elsewhere."""
    if path == root:
        return "."
    start = root if root.endswith(os.sep) else root + os.sep
    if path.startswith(start):  # the common case, without relpath's splitting and joining
        return path[len(start) :].replace(os.sep, "/")
    try:
        relative = os.path.relpath(path, root)
    except ValueError:  # another drive
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return Path(relative).as_posix()
