"""Where an opened file is read or written. ``open()`` only gets a descriptor, so inside
``async def`` the I/O blocks the loop only when the file object is read or written in that
function, not when it is handed to awaited code, to an object that keeps it (a responder,
a consumer writing from a thread) or to a thread. And which file objects are known by
their annotation or by an opener outside the coroutine, so that their own reads and
writes are the blocking calls."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.aio import ASYNC_FILE_WRAPPERS, HANDOFF_NAMES, THREAD_HANDOFF
from perflint.knowledge.blocking import (
    FILE_NO_IO_METHODS,
    FILE_OBJECT_TYPES,
    FILE_OPENERS,
    PASS_THROUGH_CALLS,
)
from perflint.nodes import DEFINITIONS, walk_with_ancestors


def read_or_written_here(ctx: FileContext, opener: cst.Call) -> bool:
    """Is the file that `opener` (the current node) opens read or written in the function
    that opens it: a method such as ``read``/``write`` called on it, iterated, or passed
    to a synchronous function (``json.load(f)``, ``yaml.dump(data, f)``)?"""
    use = _use(ctx, opener, tuple(ctx.ancestors()))
    if not isinstance(use, tuple):
        return use
    name, scope = use
    for statement in scope:
        for node, ancestors in walk_with_ancestors(statement):
            if not isinstance(node, cst.Name) or node.value != name or node is opener:
                continue
            if any(isinstance(a, DEFINITIONS) for a in ancestors):
                continue  # a closure runs later, often in a thread
            if _use(ctx, node, ancestors) is True:
                return True
    return False


Ancestors = tuple[cst.CSTNode, ...]
# A file object bound to a name: the name, and the statements where it holds that file.
Bound = tuple[str, Sequence[cst.CSTNode]]


def _use(ctx: FileContext, expr: cst.BaseExpression, ancestors: Ancestors) -> bool | Bound:
    """True when this use of a file object reads or writes it, False when it does not or
    hands it on; where it is bound to a name, that name and where it holds the file."""
    parent = ancestors[0] if ancestors else None
    if isinstance(parent, cst.Attribute) and parent.value is expr:
        called = len(ancestors) > 1 and _calls(ancestors[1], parent)
        return called and parent.attr.value not in FILE_NO_IO_METHODS
    if isinstance(parent, cst.Arg) and parent.value is expr and len(ancestors) > 1:
        call = ancestors[1]
        if not isinstance(call, cst.Call):
            return False
        if ctx.callee(call) in PASS_THROUGH_CALLS:
            return _use(ctx, call, ancestors[2:]) is True  # ``cast(BinaryIO, f)`` is still `f`
        awaited = len(ancestors) > 2 and isinstance(ancestors[2], cst.Await)
        return not awaited and not _keeps_or_hands_off(ctx, call)
    if isinstance(parent, (cst.For, cst.CompFor)):
        return parent.iter is expr  # iterating reads it line by line
    if isinstance(parent, cst.WithItem) and parent.asname is not None and len(ancestors) > 1:
        statement = ancestors[1]  # the file is closed when its ``with`` block ends
        body = statement.body if isinstance(statement, cst.With) else None
        return _bound(parent.asname.name, [body] if body is not None else [])
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
        return _bound(parent.targets[0].target, _after(parent, ancestors))
    if isinstance(parent, cst.AnnAssign):
        return _bound(parent.target, _after(parent, ancestors))
    return False  # returned, yielded, stored, put in a container: used elsewhere


def _calls(node: cst.CSTNode, func: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and node.func is func


def _bound(target: cst.BaseExpression, scope: Sequence[cst.CSTNode]) -> bool | Bound:
    """A plain name is followed; an attribute or subscript keeps the file for later."""
    return (target.value, scope) if isinstance(target, cst.Name) else False


def _after(assignment: cst.CSTNode, ancestors: Ancestors) -> list[cst.CSTNode]:
    """The statements after `assignment` in its block, where the name holds its value."""
    if len(ancestors) < 3:
        return []
    line, block = ancestors[1], ancestors[2]
    statements = list(getattr(block, "body", ()))
    following = next((i for i, s in enumerate(statements) if s is line), None)
    return statements[following + 1 :] if following is not None else []


def _keeps_or_hands_off(ctx: FileContext, call: cst.Call) -> bool:
    """A class (``Responder(open(p))``: the object keeps the file), a thread hand-off or
    an async file wrapper (``trio.wrap_file(open(p))``: its reads run in a thread)."""
    func = call.func
    terminal = func.attr.value if isinstance(func, cst.Attribute) else ""
    terminal = func.value if isinstance(func, cst.Name) else terminal
    if terminal[:1].isupper() or terminal in HANDOFF_NAMES:
        return True
    callee = ctx.callee(call)
    return callee in ASYNC_FILE_WRAPPERS or ctx.knowledge.has_effect(callee, THREAD_HANDOFF)


def known_file(ctx: FileContext, expr: cst.BaseExpression) -> bool:
    """Is `expr` a file object whose own reads and writes are the blocking calls here: one
    known by its annotation (a parameter, a name declared with no value or a placeholder,
    ``f: TextIOWrapper = ...``), or a name an enclosing function or the module bound to an
    ``open()``, whose opener is not in this coroutine. A file object known otherwise is an
    ``open()`` of this function (reported at the opener) or a stream (``sys.stdin``) that
    may be a console or a buffer."""
    if ctx.type_of(expr) not in FILE_OBJECT_TYPES or not isinstance(expr, cst.Name):
        return False
    binding = ctx.binding_of(expr)
    node = binding.node if binding is not None else None
    if isinstance(node, cst.Param):
        return True
    if isinstance(node, cst.AnnAssign) and _placeholder(node.value):
        return True
    function = ctx.function_scope()
    local = function is not None and function.names.get(expr.value) is binding
    return not local and _opened(ctx, node)


def _placeholder(value: cst.BaseExpression | None) -> bool:
    """No value, or ``...``: a declaration, not what the name holds."""
    return value is None or isinstance(value, cst.Ellipsis)


def _opened(ctx: FileContext, binding: cst.CSTNode | None) -> bool:
    """A name bound to what an opener returns: ``f = open(p)``, ``with open(p) as f``."""
    value = binding.item if isinstance(binding, cst.WithItem) else None
    if isinstance(binding, (cst.Assign, cst.AnnAssign)):
        value = binding.value
    return isinstance(value, cst.Call) and ctx.callee(value) in FILE_OPENERS
