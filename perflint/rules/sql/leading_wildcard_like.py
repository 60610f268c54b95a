"""PFL202 leading-wildcard-like: a `LIKE`/`ILIKE` pattern that starts with `%` or `_`."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.knowledge.sql import SUBSTRING_INDEXES
from perflint.rules.sql._access import filter_clause, is_residual
from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import is_real_column, offset_of

if TYPE_CHECKING:
    from sqlglot import exp


class LeadingWildcardLike(SqlRule):
    """Flags a pattern whose literal start is a wildcard (through ``||`` and ``CONCAT``) in
    a predicate that finds a table's rows: a ``WHERE``/``ON``/``HAVING`` condition, not a
    ``CASE`` or computed column, and not a residual filter next to an equality that finds
    the rows (`perflint.rules.sql._access`)."""

    code = "PFL202"
    name = "leading-wildcard-like"
    impact = "medium"
    summary = (
        "`LIKE`/`ILIKE` with a pattern that starts with `%` or `_` (no B-tree index can serve it)"
    )
    message = (
        "`{operator}` pattern starts with a wildcard: no B-tree index can serve it, so "
        "every row is scanned; anchor the pattern at the start, or use {index}"
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
            if literal is None:
                continue
            predicate = like.parent if isinstance(like.parent, exp.Not) else like
            clause = filter_clause(predicate)
            if clause is None or is_residual(like.this, clause, candidate):
                continue
            if not any(is_real_column(c, candidate) for c in like.this.find_all(exp.Column)):
                continue
            params = {
                "operator": "ILIKE" if isinstance(like, exp.ILike) else "LIKE",
                "index": SUBSTRING_INDEXES.get(candidate.dialect, SUBSTRING_INDEXES[""]),
            }
            yield Hit(offset_of(literal), params)


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
