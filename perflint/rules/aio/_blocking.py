"""Which calls block the thread they run on: the one classification the blocking-call rule
reports inside ``async def`` and the project's call summaries record in every function."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.blocking import (
    FAMILY_PREFIX,
    FILE,
    FILE_OPENERS,
    NON_BLOCKING_FLAG,
    REPLACEMENTS,
)
from perflint.nodes import argument, is_name
from perflint.rules._urls import local_url_schemes
from perflint.rules.aio._file_objects import read_or_written_here


def blocking_family(ctx: FileContext, call: cst.Call, callee: str) -> str | None:
    """The ``blocking.*`` kind of `call` (the current node, a call of `callee`), or None
    when it does not block: made non-blocking by a flag, an ``open()`` whose file is not
    read or written in this function, a ``data:`` URL decoded in memory."""
    family = _family(ctx, callee)
    if family is None or _made_non_blocking(call, callee):
        return None
    if callee in FILE_OPENERS and not read_or_written_here(ctx, call):
        return None  # only a descriptor here: the I/O happens where the file goes
    schemes = local_url_schemes(ctx, call, callee)
    if schemes == {"data"}:
        return None
    return FILE if schemes is not None else family  # a ``file:`` URL reads from disk


def _family(ctx: FileContext, callee: str) -> str | None:
    """The ``blocking.*`` kind of a callee: one with specific advice first."""
    effects = ctx.knowledge.effects_of(callee)
    family = next((kind for kind in REPLACEMENTS if kind in effects), None)
    if family is None:
        family = next((k for k in sorted(effects) if k.startswith(FAMILY_PREFIX)), None)
    return family


def _made_non_blocking(call: cst.Call, callee: str) -> bool:
    """``queue.get(False)``, ``lock.acquire(blocking=False)``: returns at once."""
    flag = NON_BLOCKING_FLAG.get(callee)
    if flag is None:
        return False
    arg = argument(call, *flag)
    return arg is not None and is_name(arg.value, "False")
