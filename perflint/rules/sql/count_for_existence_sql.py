"""PFL208 count-for-existence-sql: `SELECT COUNT(*)` only compared with 0."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.sql import ROW_FETCH_METHODS, SCALAR_FETCH_METHODS
from perflint.nodes import method_name
from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import offset_of, reads_only_catalog, show, single_count

if TYPE_CHECKING:
    from sqlglot import exp

Counted = tuple[Candidate, Hit]  # a fetched count: its query and the finding it may make
_ZERO_OPERATORS = (cst.GreaterThan, cst.NotEqual, cst.Equal, cst.LessThanEqual, cst.LessThan)
_ONE_OPERATORS = (cst.GreaterThanEqual, cst.LessThan)


_ADVICE = (
    "counting every matching row only to test for one; "
    "use `SELECT EXISTS (SELECT 1 FROM ... WHERE ...)` or `LIMIT 1`"
)


class CountForExistence(SqlRule):
    """Flags a count compared with 0, in the SQL or in Python once fetched.

    The Python side follows, per function, the COUNT of the last query it ran, the names
    a fetched count was assigned to, and whether every use of those names is a test
    against 0; the verdict on a name comes when its function ends.
    """

    code = "PFL208"
    name = "count-for-existence-sql"
    impact = "low"
    summary = (
        "`SELECT COUNT(*)` whose only use is a comparison with 0 (in SQL, or of the fetched "
        "value in the same function): use `EXISTS` / `LIMIT 1`"
    )
    message = "`{count}` compared with 0: " + _ADVICE
    variants = {"fetched": "`{count}` fetched only to compare it with 0: " + _ADVICE}
    INVALID = (
        dedent("""\
            def has_orders(cur, uid):
                cur.execute("SELECT COUNT(*) FROM orders WHERE user_id = %s", (uid,))
                return cur.fetchone()[0] > 0
        """),
    )
    VALID = (
        dedent("""\
            def order_count(cur, uid):
                cur.execute("SELECT COUNT(*) FROM orders WHERE user_id = %s", (uid,))
                n = cur.fetchone()[0]
                if n > 0:
                    print(n)
                return n
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # Per function: the COUNT of the last query it ran (or None), the names holding
        # a fetched count, and how those names are used.
        self._last_count: dict[int, Counted | None] = {}
        self._names: dict[int, dict[str, Counted]] = {}
        self._uses: dict[tuple[int, str], list[int]] = {}  # [all uses, zero tests]

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        for node in statement.find_all(exp.EQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NEQ):
            side = _zero_test(node)
            if side is None:
                continue
            if isinstance(side, exp.Subquery):
                count = single_count(side)
            elif isinstance(side, exp.Count) and node.find_ancestor(exp.Having, exp.Window) is None:
                select = node.find_ancestor(exp.Select)
                count = side if select is not None and select.args.get("group") is None else None
            else:
                count = None
            if count is not None:
                yield Hit(offset_of(count), {"count": show(count, candidate)})

    # ----- the fetched count, in Python -----------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        candidates = self.sql.at_call(node)
        if not candidates:
            return
        for candidate in candidates:
            self.examine(candidate)
        function = self.ctx.function()
        if function is not None:
            self._last_count[id(function)] = _count_of(candidates[-1])

    def leave_Assign(self, node: cst.Assign) -> None:
        if not self._last_count or len(node.targets) != 1:
            return
        function = self.ctx.function()
        if function is None:
            return
        target = node.targets[0].target
        if isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == 1:
            target = target.elements[0].value
            fetched = _is_row_fetch(node.value)
        else:
            fetched = _is_scalar_fetch(node.value)
        count = self._last_count.get(id(function))
        if fetched and count is not None and isinstance(target, cst.Name):
            self._names.setdefault(id(function), {})[target.value] = count
            self._uses[(id(function), target.value)] = [0, 0]

    def visit_Name(self, node: cst.Name) -> None:
        if not self._names:
            return
        function = self.ctx.function()
        uses = self._uses.get((id(function), node.value)) if function is not None else None
        if uses is not None:
            uses[0] += 1

    def leave_Comparison(self, node: cst.Comparison) -> None:
        if not self._last_count or len(node.comparisons) != 1:
            return
        other = _zero_compared(node)
        function = self.ctx.function()
        if other is None or function is None:
            return
        if isinstance(other, cst.Name):
            uses = self._uses.get((id(function), other.value))
            if uses is not None:
                uses[1] += 1
        elif _is_scalar_fetch(other):
            count = self._last_count.get(id(function))
            if count is not None:
                self._report_fetched(count)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        for name, count in self._names.pop(id(node), {}).items():
            total, zero_tests = self._uses.pop((id(node), name))
            if zero_tests and total == zero_tests:
                self._report_fetched(count)
        self._last_count.pop(id(node), None)

    def _report_fetched(self, count: Counted) -> None:
        self.report_at(*count)


def _zero_test(node: exp.Expression) -> exp.Expression | None:
    """The other side of ``x > 0``, ``x <> 0``, ``x = 0``, ``x >= 1``, ``0 < x``..."""
    from sqlglot import exp

    for side, other in ((node.this, node.expression), (node.expression, node.this)):
        if not isinstance(other, exp.Literal) or other.is_string:
            continue
        if other.this == "0" or other.this == "1" and isinstance(node, (exp.GTE, exp.LT)):
            return side
    return None


def _count_of(candidate: Candidate) -> Counted | None:
    """The COUNT a query returns as its only value, as the finding it makes if the value
    is only compared with 0 (none for a catalog: a few rows)."""
    if candidate.parsed.error is not None or len(candidate.parsed.statements) != 1:
        return None
    statement = candidate.parsed.statements[0]
    count = single_count(statement)
    if count is None or reads_only_catalog(statement):
        return None
    params = {"count": show(count, candidate)}
    return candidate, Hit(offset_of(count), params, "fetched")


def _fetch_method(expr: cst.BaseExpression) -> str:
    if isinstance(expr, cst.Await):
        expr = expr.expression
    return method_name(expr) if isinstance(expr, cst.Call) else ""


def _is_row_fetch(expr: cst.BaseExpression) -> bool:
    return _fetch_method(expr) in ROW_FETCH_METHODS


def _is_scalar_fetch(expr: cst.BaseExpression) -> bool:
    """``cur.fetchone()[0]``, ``await conn.fetchval(...)``, ``result.scalar()``."""
    if isinstance(expr, cst.Subscript) and len(expr.slice) == 1:
        index = expr.slice[0].slice
        if (
            isinstance(index, cst.Index)
            and isinstance(index.value, cst.Integer)
            and index.value.value == "0"
        ):
            return _is_row_fetch(expr.value)
    return _fetch_method(expr) in SCALAR_FETCH_METHODS


def _zero_compared(node: cst.Comparison) -> cst.BaseExpression | None:
    """`x` in ``x > 0``, ``x != 0``, ``x == 0``, ``x >= 1``, ``0 < x``..."""
    target = node.comparisons[0]
    left, right, operator = node.left, target.comparator, target.operator
    for value, other in ((right, left), (left, right)):
        if isinstance(value, cst.Integer):
            if value.value == "0" and isinstance(operator, _ZERO_OPERATORS):
                return other
            if value.value == "1" and isinstance(operator, _ONE_OPERATORS):
                return other
    return None
