"""PFL201 select-star: `SELECT *` or `table.*` in the projection of a query on base tables."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rows import takes_rows_whole
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import from_sources, is_catalog, is_hole, offset_of, reaches_client

if TYPE_CHECKING:
    from sqlglot import exp


_ADVICE = (
    "name the columns the code uses, so the database reads and sends less and covering "
    "indexes can serve the query"
)


class SelectStar(SqlRule):
    """Flags a star projection over a data table whose rows come out to the code, unless
    the code takes the rows whole (`perflint.rules.sql._rows`)."""

    code = "PFL201"
    name = "select-star"
    impact = "medium"
    summary = (
        "`SELECT *` or `table.*` in a query's projection (not `COUNT(*)`, not inside `EXISTS`)"
    )
    reads_constants = False  # whether a star is wanted depends on how the rows are used
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
            if not _reads_rows_for_the_code(select):
                continue
            sources = from_sources(select)
            by_alias = {source.alias_or_name.lower(): source for source, _ in sources}
            for projection in select.expressions:
                if isinstance(projection, exp.Star):
                    tables = [source for source, _ in sources]
                    params, variant = {}, "main"
                elif isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star):
                    tables = [by_alias.get(projection.table.lower())]
                    params, variant = {"table": projection.table}, "qualified"
                else:
                    continue
                if any(_is_data_table(t, ctes, candidate) for t in tables) and not self._whole(
                    candidate
                ):
                    yield Hit(offset_of(projection), params, variant)

    def _whole(self, candidate: Candidate) -> bool:
        return takes_rows_whole(candidate, self.ctx.stack)


def _reads_rows_for_the_code(select: exp.Select) -> bool:
    """A SELECT whose columns the code receives: not a one-row probe (``LIMIT 1``, read
    for ``cursor.description`` or a sanity check), not a lock (``FOR UPDATE``), not
    narrowed by an outer query, copied into a table or tested by ``EXISTS``/``IN``."""
    if select.args.get("locks"):
        return False
    limit = select.args.get("limit")
    value = limit.args.get("expression") or limit.args.get("count") if limit else None
    if value is not None and value.is_int and value.to_py() <= 1:
        return False
    return reaches_client(select)


def _cte_names(statement: exp.Expression) -> set[str]:
    from sqlglot import exp

    return {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}


def _is_data_table(source: exp.Expression | None, ctes: set[str], candidate: Candidate) -> bool:
    """A table of the application's data, named in the SQL: not a CTE, a table function,
    a catalog table, nor a name Python fills in (generic code over any table)."""
    from sqlglot import exp

    return (
        isinstance(source, exp.Table)
        and isinstance(source.this, exp.Identifier)
        and not (not source.db and source.name.lower() in ctes)
        and not is_catalog(source)
        and not is_hole(source, candidate)
    )
