"""How the PFL1xx messages show code: short snippets and call labels."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext

_MAX_SNIPPET = 48


def snippet(ctx: FileContext, node: cst.CSTNode) -> str:
    """The node's code on one line, short enough for a message and never cut inside a
    token: long argument lists become ``(...)``, then leading parts of a chain go."""
    text = _one_line(ctx, node)
    if len(text) <= _MAX_SNIPPET:
        return text
    text = _without_arguments(ctx, node)
    while len(text) > _MAX_SNIPPET and "." in text.strip("."):
        text = "..." + text.lstrip(".").split(".", 1)[1]  # a.b(...).c() -> ...b(...).c()
    return text


def call_label(ctx: FileContext, call: cst.Call) -> str:
    """``receiver.method()`` with a long receiver shortened."""
    func = call.func
    if isinstance(func, cst.Attribute):
        return f"{snippet(ctx, func.value)}.{func.attr.value}()"
    return snippet(ctx, func) + "()"


def _one_line(ctx: FileContext, node: cst.CSTNode) -> str:
    text = " ".join(ctx.code_for(node).split())
    return text.replace("( ", "(").replace(" )", ")").replace(", )", ")")


def _without_arguments(ctx: FileContext, node: cst.CSTNode) -> str:
    """A call chain with each argument list written ``(...)``."""
    if isinstance(node, cst.Call):
        inner = _without_arguments(ctx, node.func)
        return f"{inner}(...)" if node.args else f"{inner}()"
    if isinstance(node, cst.Attribute):
        return f"{_without_arguments(ctx, node.value)}.{node.attr.value}"
    if isinstance(node, cst.Subscript):
        return f"{_without_arguments(ctx, node.value)}[...]"
    return _one_line(ctx, node)
