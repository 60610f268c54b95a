"""PFL205 non-sargable-predicate: a function or arithmetic on a column in a filter."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.knowledge.sql import INDEXABLE_EXPRESSIONS
from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import is_real_column, node_classes, offset_of, show

if TYPE_CHECKING:
    from sqlglot import exp


class NonSargablePredicate(SqlRule):
    """Flags a wrapped column compared with values in ``WHERE`` or ``JOIN ... ON``."""

    code = "PFL205"
    name = "non-sargable-predicate"
    impact = "medium"
    summary = (
        "a function or arithmetic on a column in `WHERE`/`JOIN ... ON` compared with a value "
        "(the column's index cannot be used)"
    )
    message = (
        "`{expression}` wraps the column, so its index cannot be used: compare the bare column "
        "(e.g. a range `col >= %s AND col < %s`) or add an expression index"
    )
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
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        comparisons = (exp.EQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
        for node in statement.find_all(*comparisons, exp.In, exp.Between, exp.Like):
            if _filter_clause(node) is None:
                continue
            for side, others in _sides(node):
                if _wrapped_column(side, candidate) and all(
                    _is_value(o, candidate) for o in others
                ):
                    yield Hit(offset_of(side), {"expression": show(side, candidate)})
                    break


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


def _filter_clause(node: exp.Expression) -> exp.Expression | None:
    from sqlglot import exp

    clause = node.find_ancestor(exp.Where, exp.Join, exp.Select, exp.Having, exp.Subquery)
    return clause if isinstance(clause, (exp.Where, exp.Join)) else None


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
