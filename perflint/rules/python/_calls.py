"""Small questions the PFL5xx rules ask about calls and mappings."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.nodes import positional_args


def callee_of(ctx: FileContext, node: cst.CSTNode) -> str | None:
    """What `node` calls, when it is a call and that resolves."""
    return ctx.callee(node) if isinstance(node, cst.Call) else None


def single_argument(call: cst.Call) -> cst.BaseExpression | None:
    """The one positional argument of a call that has nothing else."""
    args = positional_args(call)
    return args[0] if args is not None and len(args) == 1 else None


def is_dict_like(ctx: FileContext, receiver: cst.BaseExpression, unknown: bool = True) -> bool:
    """A dict (or subclass), or (if `unknown`) a receiver of unknown type."""
    receiver_type = ctx.type_of(receiver)
    if receiver_type is None:
        return unknown
    return ctx.knowledge.is_a(receiver_type, "builtins.dict")


def keys_call(node: cst.BaseExpression) -> cst.Attribute | None:
    """``d.keys`` of a ``d.keys()`` call, else None."""
    if (
        isinstance(node, cst.Call)
        and not node.args
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "keys"
    ):
        return node.func
    return None
