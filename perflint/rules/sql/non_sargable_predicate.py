"""PFL205 non-sargable-predicate: a function or arithmetic on a column in the filter
that finds a table's rows."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.knowledge.sql import (
    INDEXABLE_EXPRESSIONS,
    ORDER_KEEPING_EXPRESSIONS,
    ORDERED_TYPES,
    SUBSTRING_INDEXES,
    SUBSTRING_SEARCH_EXPRESSIONS,
)
from perflint.rules.sql._access import filter_clause, is_residual
from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import is_real_column, node_classes, offset_of, show

if TYPE_CHECKING:
    from sqlglot import exp


class NonSargablePredicate(SqlRule):
    """Flags a wrapped column compared with values in the ``WHERE`` or ``JOIN ... ON`` that
    finds the table's rows (not a residual filter, `perflint.rules.sql._access`); the fix
    fits the wrapper: a range for a date or cast, the arithmetic moved to the value,
    else an index on the expression."""

    code = "PFL205"
    name = "non-sargable-predicate"
    preview = (
        "1 of 3 judged findings on real code was right (round after): an index on the "
        "expression cannot be built when its function is not IMMUTABLE (`convert_to()`)"
    )
    impact = "medium"
    summary = (
        "a function or arithmetic on a column in the `WHERE`/`JOIN ... ON` condition that "
        "finds the rows, compared with a value (the column's index cannot be used)"
    )
    message = (
        "`{expression}` is computed for every row, so an index on {columns} cannot find the "
        "matches: add an index on the expression"
    )
    variants = {
        "range": (
            "`{expression}` is computed for every row, so an index on {columns} cannot find "
            "the matches: compare the bare column with a range "
            "(`{column} >= ? AND {column} < ?`), or add an index on the expression"
        ),
        "arithmetic": (
            "`{expression}` is computed for every row, so an index on {columns} cannot find "
            "the matches: move the arithmetic to the value side of the comparison"
        ),
        "search": (
            "`{expression}` searches inside {columns} of every row: no B-tree index can "
            "serve it; use {index}"
        ),
    }
    INVALID = (
        dedent("""\
            def by_email(cur, email):
                cur.execute("SELECT id FROM users WHERE LOWER(email) = %s", (email,))
        """),
    )
    VALID = (
        dedent("""\
            def by_email(cur, email):
                cur.execute("SELECT id FROM users WHERE email = LOWER(%s)", (email,))
        """),
        dedent("""\
            def enabled(cur, key):
                cur.execute(
                    "SELECT name FROM flags WHERE key = %s AND LOWER(value) = 'true'", (key,)
                )
        """),
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        comparisons = (exp.EQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
        for node in statement.find_all(*comparisons, exp.In, exp.Between, exp.Like):
            clause = filter_clause(node)
            if clause is None or isinstance(clause, exp.Having):
                continue
            for side, others in _sides(node):
                if not (
                    _wrapped_column(side, candidate)
                    and all(_is_value(o, candidate) for o in others)
                ):
                    continue
                if not is_residual(side, clause, candidate):
                    yield _hit(side, candidate)
                break


def _hit(side: exp.Expression, candidate: Candidate) -> Hit:
    from sqlglot import exp

    columns = sorted({c.name for c in side.find_all(exp.Column) if is_real_column(c, candidate)})
    params = {
        "expression": show(side, candidate),
        "columns": ", ".join(f"`{name}`" for name in columns),
        "column": columns[0],
    }
    inner = side.this if isinstance(side, exp.Paren) else side
    if isinstance(inner, node_classes(SUBSTRING_SEARCH_EXPRESSIONS)):
        params["index"] = SUBSTRING_INDEXES.get(candidate.dialect, SUBSTRING_INDEXES[""])
        return Hit(offset_of(side), params, "search")
    if len(columns) == 1 and _keeps_order(inner):
        return Hit(offset_of(side), params, "range")
    if len(columns) == 1 and isinstance(inner, (exp.Add, exp.Sub, exp.Mul, exp.Div)):
        return Hit(offset_of(side), params, "arithmetic")
    return Hit(offset_of(side), params)


def _keeps_order(node: exp.Expression) -> bool:
    """A date truncation or a cast to a date or time: a range of the bare column matches
    the same rows."""
    from sqlglot import exp

    if isinstance(node, (exp.Cast, exp.TryCast)):
        return node.to.this.name in ORDERED_TYPES
    return isinstance(node, node_classes(ORDER_KEEPING_EXPRESSIONS))


def _sides(node: exp.Expression) -> list[tuple[exp.Expression, list[exp.Expression]]]:
    """Each side of a filter that could be the column, with what it is compared with."""
    from sqlglot import exp

    if isinstance(node, exp.In):
        values = node.expressions
        if node.args.get("query") is not None or not values:
            return []
        return [(node.this, values)]
    if isinstance(node, exp.Between):
        return [(node.this, [node.args["low"], node.args["high"]])]
    return [(node.this, [node.expression]), (node.expression, [node.this])]


def _wrapped_column(node: exp.Expression, candidate: Candidate) -> bool:
    from sqlglot import exp

    if isinstance(node, exp.Paren):
        return _wrapped_column(node.this, candidate)
    if isinstance(node, (*node_classes(INDEXABLE_EXPRESSIONS), exp.AggFunc, exp.Window)):
        return False
    arithmetic = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.DPipe)
    if not isinstance(node, (exp.Func, exp.Cast, *arithmetic)):
        return False
    return _has_real_column(node, candidate)


def _is_value(node: exp.Expression, candidate: Candidate) -> bool:
    from sqlglot import exp

    if isinstance(node, (exp.Subquery, exp.Select)):
        return False
    return not _has_real_column(node, candidate)


def _has_real_column(node: exp.Expression, candidate: Candidate) -> bool:
    from sqlglot import exp

    return any(is_real_column(c, candidate) for c in node.find_all(exp.Column))
