"""Evidence that a collection grows with stored data: the rows of a query, the lines of a
file, the entries of a directory.

A list scanned or shifted per item costs O(n·m) only when it is long, and lists of
options, columns, configured names or a handful of offers are short. Nothing in the code
says how long a parameter or an unknown call's result is, so the list rules report only
where the code shows the list holds, or is grown from, such data.
"""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.db import (
    ALL_ROWS_METHODS,
    ROW_KEEPING_METHODS,
    ROW_RESULT_METHODS,
    ROW_SOURCE_TYPES,
    STATEMENT,
)
from perflint.knowledge.pytypes import ALL_LINES_METHODS, LIST_COPYING_BUILTINS, LISTING_CALLS
from perflint.nodes import COMPREHENSIONS, comprehension_fors
from perflint.rules.db._django import DjangoValues

# How far a value is followed through names that hold it (``rows = cur.fetchall()``).
_MAX_DEPTH = 4
# What a Django value must be to hold rows: a queryset, its values() rows, a manager.
_DJANGO_ROWS = frozenset({"queryset", "rows", "manager"})


class StoredData:
    """Answers "does this expression hold rows of stored data?" for one file; a rule that
    builds one lists `DjangoValues` in its ``uses``."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.django = ctx.analysis(DjangoValues)

    def holds_rows(self, expr: cst.BaseExpression, depth: int = 0) -> bool:
        """Does `expr` evaluate to (or iterate) rows of a query, lines of a file or the
        entries of a directory?"""
        if depth > _MAX_DEPTH:
            return False
        if self._row_type(self.ctx.type_of(expr)):
            return True
        django = self.django.value(expr) if self.django.active else None
        if django is not None and django.kind in _DJANGO_ROWS:
            return True
        if isinstance(expr, cst.Await):
            return self.holds_rows(expr.expression, depth + 1)
        if isinstance(expr, (cst.Name, cst.Attribute)):
            return self._bound_to_rows(expr, depth)
        if isinstance(expr, cst.Call):
            return self._call_returns_rows(expr, depth)
        if isinstance(expr, COMPREHENSIONS):
            # A comprehension has as many items as its outermost iterable, at most.
            return self.holds_rows(comprehension_fors(expr)[0].iter, depth + 1)
        return False

    def _row_type(self, type_name: str | None) -> bool:
        is_a = self.ctx.knowledge.is_a
        return type_name is not None and (
            any(is_a(type_name, source) for source in ROW_SOURCE_TYPES)
            or is_a(type_name, "io.IOBase")
        )

    def _bound_to_rows(self, expr: cst.Name | cst.Attribute, depth: int) -> bool:
        binding = self.ctx.binding_of(expr)
        node = binding.node if binding is not None else None
        if self._row_type(binding.type if binding is not None else None):
            return True
        if isinstance(node, cst.Assign) and len(node.targets) == 1:
            return self.holds_rows(node.value, depth + 1)
        if isinstance(node, (cst.AnnAssign, cst.NamedExpr)) and node.value is not None:
            return self.holds_rows(node.value, depth + 1)
        if isinstance(node, cst.WithItem):
            return self.holds_rows(node.item, depth + 1)
        return False

    def _call_returns_rows(self, call: cst.Call, depth: int) -> bool:
        callee = self.ctx.callee(call)
        if callee in LISTING_CALLS:
            return True
        if callee in LIST_COPYING_BUILTINS and call.args:
            return self.holds_rows(call.args[0].value, depth + 1)
        func = call.func
        if not isinstance(func, cst.Attribute):
            return False
        method = func.attr.value
        if method in ROW_RESULT_METHODS and self.ctx.knowledge.has_effect(callee, STATEMENT):
            return True  # ``session.execute(select(...))``
        if method in ALL_ROWS_METHODS:
            return True  # DB-API's own names: the rest of a result, on any driver
        if method in ALL_LINES_METHODS or method in ROW_KEEPING_METHODS:
            return self.holds_rows(func.value, depth + 1)
        return False
