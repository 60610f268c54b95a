"""PFL203 unbounded-write: `UPDATE` or `DELETE` without `WHERE`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

import libcst as cst

from perflint.knowledge.sql import NO_TRUNCATE, WHOLE_TABLE_ROUTINE_WORDS
from perflint.nodes import own_nodes
from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import hole_as_clause, is_hole, keyword_before, show, start_of

if TYPE_CHECKING:
    from sqlglot import exp


class UnboundedWrite(SqlRule):
    """Flags a write with neither ``WHERE`` nor ``LIMIT`` on a table the SQL names, unless
    Python may glue a clause in, the enclosing routine's name says it empties or rewrites
    tables (``clear``, ``reset``, ``backfill``, ``upgrade``...), it refills or truncates
    the table it empties, or an ``UPDATE`` sets only values Python passes (one row of
    state). ``TRUNCATE`` is offered only for a ``DELETE`` in a dialect known to have it."""

    code = "PFL203"
    name = "unbounded-write"
    impact = "high"
    preview = (
        "fires nothing on real code after the fixes (round after); before them 0 of 17 judged "
        "findings were right: whole-table writes in real code are almost always deliberate"
    )
    summary = "`UPDATE` or `DELETE` without `WHERE`"
    message = (
        "`UPDATE` without `WHERE` rewrites every row of {target}: add a `WHERE` clause for "
        "the rows that should change"
    )
    variants = {
        "delete": (
            "`DELETE` without `WHERE` removes every row of {target} one by one: add a "
            "`WHERE` clause for the rows that should go"
        ),
        "delete_truncate": (
            "`DELETE` without `WHERE` removes every row of {target} one by one: add a "
            "`WHERE` clause for the rows that should go, or use `TRUNCATE` if emptying the "
            "table is meant"
        ),
    }
    INVALID = (
        dedent("""\
            def deactivate(cur):
                cur.execute("UPDATE users SET active = false")
        """),
        dedent("""\
            def expire(cur):
                cur.execute("DELETE FROM sessions")
        """),
    )
    VALID = (
        dedent("""\
            def expire(cur, day):
                cur.execute("DELETE FROM sessions WHERE expires < %s", (day,))
        """),
        dedent("""\
            def clear(cur):
                cur.execute("DELETE FROM sessions")
        """),
        dedent("""\
            NOTE = "Delete the file from disk"
        """),
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        if hole_as_clause(statement, candidate) or self._whole_table_routine():
            return
        for write in statement.find_all(exp.Update, exp.Delete):
            if write.args.get("where") is not None or write.args.get("limit") is not None:
                continue
            table = write.this if isinstance(write.this, exp.Table) else None
            if table is None or is_hole(table, candidate) or self._emptied(table.name):
                continue
            if isinstance(write, exp.Update) and _sets_state(write, candidate):
                continue
            keyword = "UPDATE" if isinstance(write, exp.Update) else "DELETE"
            offset = keyword_before(candidate, start_of(table), frozenset({keyword}))
            params = {"target": f"`{show(exp.table_(table.name, table.db or None), candidate)}`"}
            yield Hit(offset, params, _variant(keyword, candidate))

    def _whole_table_routine(self) -> bool:
        """The enclosing function's name says it empties or rewrites tables on purpose."""
        function = self.ctx.function()
        if function is None:
            return False
        words = {word.lower() for word in _WORD.findall(function.name.value)}
        return not words.isdisjoint(WHOLE_TABLE_ROUTINE_WORDS)

    def _emptied(self, table: str) -> bool:
        """The enclosing function also inserts into the table (it replaces its rows) or
        truncates it (another branch empties it where the database can)."""
        function = self.ctx.function()
        if function is None:
            return False
        name = re.escape(table)
        writes = re.compile(
            rf"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|TRUNCATE(?:\s+TABLE)?)\s+{name}\b", re.I
        )
        return any(
            isinstance(node, (cst.SimpleString, cst.FormattedStringText))
            and writes.search(node.value) is not None
            for node in own_nodes(function)
        )


def _sets_state(update: exp.Update, candidate: Candidate) -> bool:
    """Every column is set to a value Python passes (``SET pos = ?``): the same values in
    every row only make sense for a table that holds one row of state."""
    from sqlglot import exp

    values = [e.expression for e in update.expressions if isinstance(e, exp.EQ)]
    return bool(values) and all(_is_parameter(v, candidate) for v in values)


def _is_parameter(node: exp.Expression, candidate: Candidate) -> bool:
    from sqlglot import exp

    if isinstance(node, (exp.Placeholder, exp.Parameter)):
        return True
    return (
        isinstance(node, exp.Column) and not node.table and candidate.sql.is_placeholder(node.name)
    )


_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")  # snake_case and CamelCase parts


def _variant(keyword: str, candidate: Candidate) -> str:
    if keyword == "UPDATE":
        return "main"
    known = candidate.dialect_source != "default"
    return "delete_truncate" if known and candidate.dialect not in NO_TRUNCATE else "delete"
