"""PFL203 unbounded-write: `UPDATE` or `DELETE` without `WHERE`."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import hole_as_clause, keyword_before, show, start_of

if TYPE_CHECKING:
    from sqlglot import exp


class UnboundedWrite(SqlRule):
    """Flags a write with neither ``WHERE`` nor ``LIMIT``, unless Python may glue a clause in."""

    code = "PFL203"
    name = "unbounded-write"
    impact = "high"
    summary = "`UPDATE` or `DELETE` without `WHERE`"
    message = (
        "`{keyword}` without `WHERE` touches every row of {target}: add a `WHERE` clause "
        "(or use `TRUNCATE` if emptying the table is meant)"
    )
    INVALID = (
        dedent("""\
            def reset(cur):
                cur.execute("UPDATE users SET active = false")
        """),
        dedent("""\
            def purge(cur):
                cur.execute("DELETE FROM sessions")
        """),
    )
    VALID = (
        dedent("""\
            def purge(cur, day):
                cur.execute("DELETE FROM sessions WHERE expires < %s", (day,))
        """),
        dedent("""\
            NOTE = "Delete the file from disk"
        """),
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        if hole_as_clause(statement, candidate):
            return
        for write in statement.find_all(exp.Update, exp.Delete):
            if write.args.get("where") is not None or write.args.get("limit") is not None:
                continue
            keyword = "UPDATE" if isinstance(write, exp.Update) else "DELETE"
            table = write.this if isinstance(write.this, exp.Expression) else None
            offset = keyword_before(
                candidate, start_of(table) if table else None, frozenset({keyword})
            )
            named = table is not None and not candidate.sql.is_placeholder(table.name)
            target = f"`{show(table, candidate)}`" if named else "the table"  # Python names it
            yield Hit(offset, {"keyword": keyword, "target": target})
