"""Where an opened file is read or written. ``open()`` only gets a descriptor, so inside
``async def`` the I/O blocks the loop only when the file object is read or written in that
function, not when it is handed to awaited code, to an object that keeps it (a responder,
a consumer writing from a thread) or to a thread."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.aio import HANDOFF_NAMES, THREAD_HANDOFF
from perflint.knowledge.blocking import FILE_NO_IO_METHODS
from perflint.nodes import DEFINITIONS, walk_with_ancestors


def read_or_written_here(ctx: FileContext, opener: cst.Call) -> bool:
    """Is the file that `opener` (the current node) opens read or written in the function
    that opens it: a method such as ``read``/``write`` called on it, iterated, or passed
    to a synchronous function (``json.load(f)``, ``yaml.dump(data, f)``)?"""
    use = _use(ctx, opener, tuple(ctx.ancestors()))
    if not isinstance(use, cst.Name):
        return use
    function = ctx.function()
    if function is None:
        return True
    for node, ancestors in walk_with_ancestors(function.body):
        if not isinstance(node, cst.Name) or node.value != use.value or node is use:
            continue
        if any(isinstance(a, DEFINITIONS) for a in ancestors):
            continue  # a closure runs later, often in a thread
        if _use(ctx, node, ancestors) is True:
            return True
    return False


def _use(
    ctx: FileContext, expr: cst.BaseExpression, ancestors: tuple[cst.CSTNode, ...]
) -> bool | cst.Name:
    """True when this use of a file object reads or writes it, False when it does not or
    hands it on, the name it is bound to when it is bound to one."""
    parent = ancestors[0] if ancestors else None
    if isinstance(parent, cst.Attribute) and parent.value is expr:
        called = len(ancestors) > 1 and _calls(ancestors[1], parent)
        return called and parent.attr.value not in FILE_NO_IO_METHODS
    if isinstance(parent, cst.Arg) and parent.value is expr and len(ancestors) > 1:
        call = ancestors[1]
        awaited = len(ancestors) > 2 and isinstance(ancestors[2], cst.Await)
        return isinstance(call, cst.Call) and not awaited and not _keeps_or_hands_off(ctx, call)
    if isinstance(parent, (cst.For, cst.CompFor)):
        return parent.iter is expr  # iterating reads it line by line
    if isinstance(parent, cst.WithItem) and parent.asname is not None:
        return _name(parent.asname.name)
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
        return _name(parent.targets[0].target)
    if isinstance(parent, cst.AnnAssign):
        return _name(parent.target)
    return False  # returned, yielded, stored, put in a container: used elsewhere


def _calls(node: cst.CSTNode, func: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and node.func is func


def _name(target: cst.BaseExpression) -> bool | cst.Name:
    """A plain name is followed; an attribute or subscript keeps the file for later."""
    return target if isinstance(target, cst.Name) else False


def _keeps_or_hands_off(ctx: FileContext, call: cst.Call) -> bool:
    """A class (``Responder(open(p))``: the object keeps the file) or a thread hand-off."""
    func = call.func
    terminal = func.attr.value if isinstance(func, cst.Attribute) else ""
    terminal = func.value if isinstance(func, cst.Name) else terminal
    if terminal[:1].isupper() or terminal in HANDOFF_NAMES:
        return True
    return ctx.knowledge.has_effect(ctx.callee(call), THREAD_HANDOFF)
