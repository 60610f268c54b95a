"""PFL201 select-star: `SELECT *` or `table.*` in the projection of a query on base tables."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import from_sources, offset_of

if TYPE_CHECKING:
    from sqlglot import exp


_ADVICE = (
    "name the columns the code uses, so the database reads and sends less and covering "
    "indexes can serve the query"
)


class SelectStar(SqlRule):
    """Flags a star projection that reads a base table (not a CTE), outside ``EXISTS``."""

    code = "PFL201"
    name = "select-star"
    impact = "medium"
    summary = (
        "`SELECT *` or `table.*` in a query's projection (not `COUNT(*)`, not inside `EXISTS`)"
    )
    message = "`SELECT *` reads every column: " + _ADVICE
    variants = {"qualified": "`{table}.*` reads every column: " + _ADVICE}
    INVALID = (
        dedent("""\
            def load(cur, uid):
                cur.execute("SELECT * FROM users WHERE id = %s", (uid,))
        """),
        dedent("""\
            import sqlite3
            conn = sqlite3.connect("app.db")
            rows = conn.execute("SELECT o.* FROM orders o JOIN users u ON u.id = o.user_id")
        """),
    )
    VALID = (
        dedent("""\
            def load(cur, uid):
                cur.execute("SELECT id, email FROM users WHERE id = %s", (uid,))
        """),
        dedent("""\
            def n(cur):
                cur.execute("SELECT COUNT(*) FROM users")
        """),
        dedent("""\
            def has(cur):
                cur.execute(
                    "SELECT id FROM users u WHERE EXISTS "
                    "(SELECT * FROM orders o WHERE o.user_id = u.id)"
                )
        """),
        dedent("""\
            HELP = "Select * to choose all the rows, then press Update"
        """),
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        ctes = _cte_names(statement)
        for select in statement.find_all(exp.Select):
            parent = select.parent
            if isinstance(parent, exp.Subquery):
                parent = parent.parent
            if isinstance(parent, exp.Exists):
                continue
            sources = from_sources(select)
            by_alias = {source.alias_or_name.lower(): source for source, _ in sources}
            for projection in select.expressions:
                if isinstance(projection, exp.Star):
                    if any(_is_base_table(source, ctes) for source, _ in sources):
                        yield Hit(offset_of(projection), {})
                elif isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star):
                    source = by_alias.get(projection.table.lower())
                    if source is not None and _is_base_table(source, ctes):
                        params = {"table": projection.table}
                        yield Hit(offset_of(projection), params, "qualified")


def _cte_names(statement: exp.Expression) -> set[str]:
    from sqlglot import exp

    return {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}


def _is_base_table(source: exp.Expression, ctes: set[str]) -> bool:
    from sqlglot import exp

    return (
        isinstance(source, exp.Table)
        and isinstance(source.this, exp.Identifier)
        and not (not source.db and source.name.lower() in ctes)
    )
