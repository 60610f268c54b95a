"""Small questions about LibCST nodes that many modules ask."""

from __future__ import annotations

import libcst as cst


def dotted_name(expr: cst.BaseExpression) -> str:
    """``a.b.c`` for a chain of names and attributes, else ``""``."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        base = dotted_name(expr.value)
        return f"{base}.{expr.attr.value}" if base else ""
    return ""


def is_name(expr: cst.BaseExpression | None, value: str) -> bool:
    """Is `expr` the bare name `value` (``None``, ``False``, ``self``, ...)?"""
    return isinstance(expr, cst.Name) and expr.value == value
