"""PFL207 not-in-subquery: `NOT IN (SELECT ...)` instead of `NOT EXISTS`."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.knowledge.sql import NEVER_NULL_COLUMNS
from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import keyword_before, show, sole_projection, start_of

if TYPE_CHECKING:
    from sqlglot import exp


class NotInSubquery(SqlRule):
    """Flags ``x NOT IN (SELECT ...)`` whose subquery may return a NULL, which empties the
    result and keeps the database from planning an anti-join."""

    code = "PFL207"
    name = "not-in-subquery"
    impact = "medium"
    summary = "`NOT IN (SELECT ...)`: use `NOT EXISTS` (NULL semantics defeat the anti-join)"
    message = (
        "`{column} NOT IN (SELECT ...)`: a NULL in the subquery makes it match nothing and "
        "blocks the anti-join; use `NOT EXISTS (SELECT 1 FROM ... WHERE ...)`"
    )
    INVALID = (
        dedent("""\
            def idle(cur):
                cur.execute("SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM orders)")
        """),
    )
    VALID = (
        dedent("""\
            def idle(cur):
                cur.execute(
                    "SELECT id FROM users u WHERE NOT EXISTS "
                    "(SELECT 1 FROM orders o WHERE o.user_id = u.id)"
                )
        """),
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        for negation in statement.find_all(exp.Not):
            test = negation.this
            query = test.args.get("query") if isinstance(test, exp.In) else None
            if query is None or not _may_return_null(query, candidate):
                continue
            at = keyword_before(candidate, start_of(query), frozenset({"NOT"}))
            yield Hit(at, {"column": show(test.this, candidate)})


def _may_return_null(query: exp.Expression, candidate: Candidate) -> bool:
    """Can the subquery return a NULL, as far as its text says? Not when it projects a
    never-null column (a primary key, a rowid, a count), filters it with ``IS NOT NULL``,
    or projects what Python fills in; a subquery with ``LIMIT`` is left alone, since
    ``NOT EXISTS`` cannot say the same."""
    from sqlglot import exp

    sole = sole_projection(query)
    if sole is None or sole[0].args.get("limit") is not None:
        return False
    select, projected = sole
    if isinstance(projected, exp.Count):
        return False
    if isinstance(projected, (exp.Min, exp.Max)):
        projected = projected.this  # NULL only when the column is
    if not isinstance(projected, exp.Column):
        return True
    if candidate.sql.is_placeholder(projected.name):
        return False
    if projected.name.lower() in NEVER_NULL_COLUMNS:
        return False
    return not _filtered_not_null(select, projected)


def _filtered_not_null(select: exp.Select, column: exp.Column) -> bool:
    """The subquery's ``WHERE`` keeps only rows where `column` is not NULL."""
    from sqlglot import exp

    where = select.args.get("where")
    if where is None:
        return False
    for test in where.find_all(exp.Is):
        negated = test.args.get("negate") or isinstance(test.parent, exp.Not)
        if (
            negated
            and isinstance(test.expression, exp.Null)
            and isinstance(test.this, exp.Column)
            and test.this.name.lower() == column.name.lower()
        ):
            return True
    return False
