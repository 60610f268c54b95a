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
    gaps); names a common dialect it parses in, if any."""

    code = "PFL290"
    name = "sql-syntax-error"
    impact = "high"
    summary = (
        "a string passed to an execute-like call that does not parse in the configured dialect"
    )
    message = "SQL does not parse ({dialect}: {error}); the query fails at run time"
    variants = {
        "other_dialect": (
            "SQL does not parse ({dialect}: {error}; it parses as {other}: set "
            "`per-file-sql-dialect` if that is the database); the query fails at run time"
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
        other = _parses_in_another_dialect(candidate)
        if other is None:
            self.report_at(candidate, Hit(offset, params))
        else:
            self.report_at(candidate, Hit(offset, {**params, "other": other}, "other_dialect"))


def _failing_statement_is_dml(candidate: Candidate, offset: int) -> bool:
    """Does the statement holding the parse error at `offset` start with a DML word?"""
    text = candidate.sql.text
    start = text.rfind(";", 0, offset) + 1  # a ';' in a literal only costs a finding
    return first_word(text[start:]) in STATEMENT_KEYWORDS


def _parses_in_another_dialect(candidate: Candidate) -> str | None:
    for dialect in COMMON_DIALECTS:
        if dialect != candidate.dialect and parse(candidate.sql.text, dialect).error is None:
            return dialect
    return None
