"""PFL202 leading-wildcard-like: a `LIKE`/`ILIKE` pattern that starts with `%` or `_`."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import offset_of

if TYPE_CHECKING:
    from sqlglot import exp


class LeadingWildcardLike(SqlRule):
    """Flags a pattern whose literal start is a wildcard, through ``||`` and ``CONCAT``."""

    code = "PFL202"
    name = "leading-wildcard-like"
    impact = "medium"
    summary = (
        "`LIKE`/`ILIKE` with a pattern that starts with `%` or `_` (no B-tree index can serve it)"
    )
    message = (
        "`{operator}` pattern starts with a wildcard: no B-tree index can serve it, so "
        "every row is scanned; anchor the pattern at the start, or use a trigram (pg_trgm) "
        "or full-text index"
    )
    INVALID = (
        dedent("""\
            def find(cur, term):
                cur.execute("SELECT id FROM users WHERE email LIKE '%@example.com'")
        """),
        dedent("""\
            def find(cur, term):
                cur.execute(f"SELECT id FROM users WHERE name ILIKE '%{term}%'")
        """),
    )
    VALID = (
        dedent("""\
            def find(cur, term):
                cur.execute("SELECT id FROM users WHERE name LIKE %s", (term,))
        """),
        dedent("""\
            def find(cur):
                cur.execute("SELECT id FROM users WHERE name LIKE 'adm%'")
        """),
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        for like in statement.find_all(exp.Like, exp.ILike):
            literal = _leading_pattern(like.expression)
            if literal is not None:
                operator = "ILIKE" if isinstance(like, exp.ILike) else "LIKE"
                yield Hit(offset_of(literal), {"operator": operator})


def _leading_pattern(pattern: exp.Expression) -> exp.Expression | None:
    """The literal a LIKE pattern starts with, when it starts with a wildcard."""
    from sqlglot import exp

    while True:
        if isinstance(pattern, (exp.Paren, exp.DPipe)):
            pattern = pattern.this
        elif isinstance(pattern, (exp.Concat, exp.ConcatWs)) and pattern.expressions:
            pattern = pattern.expressions[1 if isinstance(pattern, exp.ConcatWs) else 0]
        else:
            break
    text = pattern.this if isinstance(pattern, exp.Literal) and pattern.is_string else None
    return pattern if text and text[0] in "%_" else None
