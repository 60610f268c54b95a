"""How the PFL1xx messages show code: short snippets and call labels."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext

_MAX_SNIPPET = 48


def snippet(ctx: FileContext, node: cst.CSTNode) -> str:
    """The node's code on one line, cut to a length a message can carry."""
    text = " ".join(ctx.code_for(node).split())
    return text if len(text) <= _MAX_SNIPPET else text[: _MAX_SNIPPET - 3] + "..."


def call_label(ctx: FileContext, call: cst.Call) -> str:
    """``receiver.method()`` with a long receiver shortened."""
    func = call.func
    if isinstance(func, cst.Attribute):
        return f"{snippet(ctx, func.value)}.{func.attr.value}()"
    return snippet(ctx, func) + "()"
