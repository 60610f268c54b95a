"""PFL105 count-for-existence: Django `qs.count() > 0` or `len(qs)` for `.exists()`/`.count()`."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.nodes import children
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import snippet


class CountForExistence(DbRule):
    """Counting (or loading) a queryset's rows where only whether there are any matters."""

    code = "PFL105"
    name = "count-for-existence"
    impact = "low"
    summary = "Django: `qs.count() > 0` / `len(qs)` where `.exists()` / `.count()` is meant"
    message = "`{what}` counts rows only to test whether there are any: use {queryset}.exists()"
    variants = {
        "len_existence": (
            "`{what}` loads every row only to test whether there are any: use {queryset}.exists()"
        ),
        "len_count": "`{what}` loads every row only to count them: use {queryset}.count()",
    }
    INVALID = (
        dedent("""\
            from django.db import models

            class Order(models.Model):
                paid = models.BooleanField()

            def has_unpaid():
                return Order.objects.filter(paid=False).count() > 0
        """),
    )
    VALID = (
        dedent("""\
            from django.db import models

            class Order(models.Model):
                paid = models.BooleanField()

            def has_unpaid():
                return Order.objects.filter(paid=False).exists()
        """),
    )

    # (operator, number) where ``count() <operator> number`` tests for any (or no) rows.
    _LEFT = {
        (cst.GreaterThan, 0),
        (cst.NotEqual, 0),
        (cst.GreaterThanEqual, 1),
        (cst.Equal, 0),
        (cst.LessThan, 1),
        (cst.LessThanEqual, 0),
    }
    # The same with the number on the left: ``number <operator> count()``.
    _RIGHT = {
        (cst.LessThan, 0),
        (cst.NotEqual, 0),
        (cst.LessThanEqual, 1),
        (cst.Equal, 0),
        (cst.GreaterThan, 1),
        (cst.GreaterThanEqual, 0),
    }

    def visit_Call(self, node: cst.Call) -> None:
        if not self.django.active:
            return
        counted = self._counted(node)
        if counted is None:
            return
        queryset = snippet(self.ctx, counted)
        if self._rows_used_elsewhere(counted, before_only=not isinstance(node.func, cst.Name)):
            return  # the rows are loaded anyway: counting them costs no extra query
        if self._tests_existence(node):
            what = snippet(self.ctx, self.ctx.parent() if self._in_comparison(node) else node)
            variant = "len_existence" if isinstance(node.func, cst.Name) else "main"
            self.report(node, variant=variant, what=what, queryset=queryset)
        elif isinstance(node.func, cst.Name) and isinstance(counted, cst.Call):
            what = snippet(self.ctx, node)
            self.report(node, variant="len_count", what=what, queryset=queryset)

    def _counted(self, node: cst.Call) -> cst.BaseExpression | None:
        """The queryset of ``qs.count()`` or ``len(qs)``."""
        if (
            isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "count"
            and not node.args
        ):
            value = self.django.value(node.func.value)
            if value is not None and value.kind in ("manager", "queryset", "rows"):
                return node.func.value
            return None
        if (
            isinstance(node.func, cst.Name)
            and len(node.args) == 1
            and self.ctx.callee(node) == "builtins.len"
            and self.django.iterated_queryset(node.args[0].value) is not None
        ):
            return node.args[0].value
        return None

    def _rows_used_elsewhere(self, counted: cst.BaseExpression, before_only: bool) -> bool:
        """Is the queryset bound to a name that the function also evaluates or hands on
        (iterates, indexes, returns, passes), not only queries through its methods; with
        `before_only`, before `counted`?"""
        if not isinstance(counted, cst.Name):
            return False
        scope = self.ctx.function() or self.ctx.module
        pending: list[tuple[cst.CSTNode, cst.CSTNode | None]] = [(scope, None)]
        while pending:  # in source order
            node, parent = pending.pop()
            pending.extend((child, node) for child in reversed(children(node)))
            if node is counted:
                if before_only:
                    return False
                continue
            if not isinstance(node, cst.Name) or node.value != counted.value:
                continue
            method = isinstance(parent, cst.Attribute) and parent.value is node
            if not (method or isinstance(parent, (cst.AssignTarget, cst.Param))):
                return True
        return False

    def _in_comparison(self, node: cst.Call) -> bool:
        return isinstance(self.ctx.parent(), cst.Comparison)

    def _tests_existence(self, node: cst.Call) -> bool:
        parent = self.ctx.parent()
        if isinstance(parent, (cst.If, cst.While, cst.IfExp, cst.Assert)) and parent.test is node:
            return True
        if isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not):
            return True
        if isinstance(parent, cst.BooleanOperation):
            return True
        comparison = parent if isinstance(parent, cst.Comparison) else self.ctx.parent(2)
        if not isinstance(comparison, cst.Comparison) or len(comparison.comparisons) != 1:
            return False
        target = comparison.comparisons[0]
        if comparison.left is node:
            other, table = target.comparator, self._LEFT
        elif target.comparator is node:
            other, table = comparison.left, self._RIGHT
        else:
            return False
        if not isinstance(other, cst.Integer):
            return False
        return (type(target.operator), int(other.value, 0)) in table
