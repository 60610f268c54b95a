"""The event loop a project's async code runs on, and the project's own helper for handing
blocking work to a thread, from what its files import.

A coroutine in a module that imports no async library still runs on the project's loop:
in a Twisted application (Synapse) `asyncio.to_thread` fails there, and the project's
`defer_to_thread` is the idiom. The linted files are scanned for import lines (a text
search, no parse) before linting starts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from perflint.knowledge.aio import HANDOFF_FRAMEWORKS, HANDOFF_NAMES

# Top-level module -> the loop it implies; anyio runs on asyncio's loop (or trio's).
_LOOP_OF_MODULE = {"twisted": "twisted", "trio": "trio", "anyio": "asyncio", "asyncio": "asyncio"}
# What precedes a module name on its import line; a search per name is several times
# faster than one multi-line pattern over every line start.
_IMPORT_HEAD = re.compile(rb"[ \t]*(?:from|import)[ \t]+\Z")
# What precedes an imported name: ``from m import a, name`` or ``from m import (\n a,\n name``.
_FROM_HEAD = re.compile(rb"from[ \t]+([\w.]+)[ \t]+import[ \t]*(?:[\w \t,]*|\([\w \t\r\n,]*)\Z")
_NAME_CHAR = re.compile(rb"\w")
# A loop is the project's when at least this share of the files importing one import it.
_DOMINANT_SHARE = 0.8

NO_LOOP = ""  # no file imports an async library
MIXED = "mixed"  # several loops, none dominant: a module importing none could run on any


@dataclass(frozen=True)
class ProjectLoop:
    loop: str = NO_LOOP  # "twisted", "trio", "asyncio", `MIXED` or `NO_LOOP`
    handoff: str = ""  # the project's thread hand-off helper most files import, qualified


def discover(sources: Iterable[bytes]) -> ProjectLoop:
    """The loop at least four in five of the files importing one import, and the project
    helper (``synapse.logging.context.defer_to_thread``) most files import."""
    loops: Counter[str] = Counter()
    helpers: Counter[str] = Counter()
    for data in sources:
        loops.update(loops_imported(data))
        helpers.update(_helpers_imported(data))
    handoff = helpers.most_common(1)[0][0] if helpers else ""
    if not loops:
        return ProjectLoop(NO_LOOP, handoff)
    loop, files = loops.most_common(1)[0]
    return ProjectLoop(loop if files >= _DOMINANT_SHARE * loops.total() else MIXED, handoff)


def loops_imported(data: bytes) -> set[str]:
    """The event loops a source file's imports name."""
    return {
        loop
        for module, loop in _LOOP_OF_MODULE.items()
        if any(_IMPORT_HEAD.match(data, _line_start(data, at), at) for at in _words(data, module))
    }


def _helpers_imported(data: bytes) -> set[str]:
    """Project hand-off helpers the file imports by name, qualified by their module."""
    found = set()
    for name in HANDOFF_NAMES:
        for at in _words(data, name):
            start = data.rfind(b"from ", 0, at)
            head = _FROM_HEAD.match(data, start, at) if start != -1 else None
            if head is None or data[_line_start(data, start) : start].strip():
                continue
            module = head.group(1).decode()
            if module.split(".", 1)[0] not in HANDOFF_FRAMEWORKS:
                found.add(f"{module}.{name}")
    return found


def _words(data: bytes, word: str) -> Iterable[int]:
    """Where `word` occurs in `data` as a whole word."""
    needle = word.encode()
    at = data.find(needle)
    while at != -1:
        end = at + len(needle)
        if not _NAME_CHAR.match(data, end) and not (at and _NAME_CHAR.match(data, at - 1)):
            yield at
        at = data.find(needle, end)


def _line_start(data: bytes, at: int) -> int:
    return data.rfind(b"\n", 0, at) + 1
