"""The event loop a project's async code runs on, from what its files import.

A coroutine in a module that imports no async library still runs on the project's loop:
in a Twisted application (Synapse) `asyncio.to_thread` fails there. The linted files are
scanned for import lines naming one (a text search, no parse) before linting starts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# Top-level module -> the loop it implies; anyio runs on asyncio's loop (or trio's).
_LOOP_OF_MODULE = {"twisted": "twisted", "trio": "trio", "anyio": "asyncio", "asyncio": "asyncio"}
# What precedes a module name on its import line; a search per name is several times
# faster than one multi-line pattern over every line start.
_IMPORT_HEAD = re.compile(rb"[ \t]*(?:from|import)[ \t]+\Z")
_NAME_CHAR = re.compile(rb"\w")
# A loop is the project's when at least this share of the files importing one import it.
_DOMINANT_SHARE = 0.8

NO_LOOP = ""  # no file imports an async library
MIXED = "mixed"  # several loops, none dominant: a module importing none could run on any


def loops_imported(data: bytes) -> set[str]:
    """The event loops a source file's imports name."""
    return {loop for module, loop in _LOOP_OF_MODULE.items() if _imports(data, module.encode())}


def _imports(data: bytes, module: bytes) -> bool:
    """Does a line start ``import <module>`` or ``from <module>`` (``.x`` may follow)?"""
    at = data.find(module)
    while at != -1:
        end = at + len(module)
        line_start = data.rfind(b"\n", 0, at) + 1
        if _IMPORT_HEAD.match(data, line_start, at) and not _NAME_CHAR.match(data, end):
            return True
        at = data.find(module, end)
    return False


def discover(sources: Iterable[bytes]) -> str:
    """The loop most files import (``twisted``, ``trio``, ``asyncio``), `MIXED` when none
    dominates, `NO_LOOP` when no file imports one."""
    counts: Counter[str] = Counter()
    for data in sources:
        counts.update(loops_imported(data))
    if not counts:
        return NO_LOOP
    loop, files = counts.most_common(1)[0]
    return loop if files >= _DOMINANT_SHARE * sum(counts.values()) else MIXED
