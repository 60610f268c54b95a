"""PFL290 sql-syntax-error: a statement passed to an execute-like call does not parse."""

from __future__ import annotations

from textwrap import dedent

from perflint.knowledge.sql import COMMON_DIALECTS, STATEMENT_KEYWORDS
from perflint.rules.sql._candidates import Candidate, first_word
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.sql.parse import parse


class SqlSyntaxError(SqlRule):
    """Flags a parse error in SQL that certainly reaches a database (a known statement
    sink, no Python holes), in a DML statement (sqlglot's grammar of utility commands has
    gaps), in the one dialect the code or the configuration names (a driver, an ``if`` on
    the dialect, ``sql-dialect``), or else in every common dialect."""

    code = "PFL290"
    name = "sql-syntax-error"
    impact = "high"
    summary = (
        "a string passed to an execute-like call that does not parse in its dialect (its "
        "driver's, the one its `if` tests for, the configured one; else any common one)"
    )
    message = (
        "SQL does not parse in any common dialect ({dialect}: {error}); the query fails at run time"
    )
    variants = {
        "targeted": (
            "SQL does not parse as {dialect}, {why} ({error}); the query fails at run time"
        )
    }
    reads_constants = False  # a constant may be a fragment completed elsewhere
    INVALID = (
        dedent("""\
            import sqlite3
            conn = sqlite3.connect("app.db")
            conn.execute("SELECT id FROM users WHER id = 1")
        """),
    )
    VALID = (
        dedent("""\
            def load(cur, ids):
                cur.execute("SELECT data::jsonb FROM users WHERE id = ANY(%s)", (ids,))
        """),
    )

    def examine(self, candidate: Candidate) -> None:
        error = candidate.parsed.error
        if error is None or not candidate.certain or candidate.sql.python_holes:
            return
        message, offset = error
        if not _failing_statement_is_dml(candidate, offset):
            return
        params = {"dialect": candidate.dialect, "error": message}
        why = _WHY_THIS_DIALECT.get(candidate.dialect_source)
        if why is not None:
            self.report_at(candidate, Hit(offset, {**params, "why": why}, "targeted"))
        elif not _parses_in_a_common_dialect(candidate):
            self.report_at(candidate, Hit(offset, params))


# Who says which database runs the query; else it may be any common one.
_WHY_THIS_DIALECT = {
    "configured": "the configured dialect",
    "driver": "the dialect of its driver",
    "guard": "the dialect its `if` tests for",
    "name": "the dialect its variable's name says",
}


def _failing_statement_is_dml(candidate: Candidate, offset: int) -> bool:
    """Does the statement holding the parse error at `offset` start with a DML word?"""
    text = candidate.sql.text
    start = text.rfind(";", 0, offset) + 1  # a ';' in a literal only costs a finding
    return first_word(text[start:]) in STATEMENT_KEYWORDS


def _parses_in_a_common_dialect(candidate: Candidate) -> bool:
    return any(
        parse(candidate.sql.text, dialect).error is None
        for dialect in COMMON_DIALECTS
        if dialect != candidate.dialect
    )
