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
    # As written first (a symlinked folder keeps its name), then with links resolved.
    pairs = ((os.path.abspath(path), os.path.abspath(root)), (path.resolve(), root.resolve()))
    for candidate, base in pairs:
        try:
            relative = os.path.relpath(candidate, base)
        except ValueError:  # another drive
            continue
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            return Path(relative).as_posix()
    return path.as_posix()
