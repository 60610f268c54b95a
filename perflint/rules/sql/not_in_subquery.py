"""PFL207 not-in-subquery: `NOT IN (SELECT ...)` instead of `NOT EXISTS`."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import keyword_before, show, start_of

if TYPE_CHECKING:
    from sqlglot import exp


class NotInSubquery(SqlRule):
    """Flags ``x NOT IN (SELECT ...)``: a NULL in the subquery empties the result."""

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
            if isinstance(test, exp.In) and test.args.get("query") is not None:
                at = keyword_before(candidate, start_of(test.args["query"]), frozenset({"NOT"}))
                yield Hit(at, {"column": show(test.this, candidate)})
