"""PFL206 offset-pagination: `OFFSET` with a parameter or a literal above 1000."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import is_real_column, keyword_before, start_of

if TYPE_CHECKING:
    from sqlglot import exp

OFFSET_LIMIT = 1000  # a literal offset up to this is a shallow page, left alone


_ADVICE = (
    "the database reads and discards every skipped row, so deep pages get slower; "
    "paginate by key (`WHERE id > %s ORDER BY id LIMIT %s`)"
)


class OffsetPagination(SqlRule):
    """Flags an ``OFFSET`` that grows with the page: a parameter, or a large literal."""

    code = "PFL206"
    name = "offset-pagination"
    impact = "medium"
    summary = "`OFFSET` with a parameter or a literal above 1000: use keyset pagination"
    message = "`OFFSET` with a parameter: " + _ADVICE
    variants = {"literal": "`OFFSET {offset}`: " + _ADVICE}
    INVALID = (
        dedent("""\
            def page(cur, n):
                cur.execute("SELECT id FROM items ORDER BY id LIMIT 50 OFFSET %s", (n * 50,))
        """),
    )
    VALID = (
        dedent("""\
            def page(cur, after):
                cur.execute("SELECT id FROM items WHERE id > %s ORDER BY id LIMIT 50", (after,))
        """),
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        for offset in statement.find_all(exp.Offset):
            value = offset.expression
            if value is None:
                continue
            if isinstance(value, exp.Literal) and not value.is_string:
                try:
                    if int(value.this) <= OFFSET_LIMIT:
                        continue
                except ValueError:
                    continue
                params, variant = {"offset": value.this}, "literal"
            elif any(_is_placeholder(n, candidate) for n in value.walk()):
                params, variant = {}, "main"
            else:
                continue
            at = keyword_before(candidate, start_of(value), frozenset({"OFFSET"}))
            yield Hit(at, params, variant)


def _is_placeholder(node: exp.Expression, candidate: Candidate) -> bool:
    from sqlglot import exp

    if isinstance(node, (exp.Placeholder, exp.Parameter)):
        return True
    return isinstance(node, exp.Column) and not is_real_column(node, candidate)
