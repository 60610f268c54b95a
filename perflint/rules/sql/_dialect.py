"""Which SQL dialect a call's text is written for: the one its driver speaks, the one an
enclosing ``if`` tests for (``if conn.dialect.name == "mysql":``,
``if isinstance(self.database_engine, PostgresEngine):``), else the configured one, else
the default (which then says nothing: the code may run on any common database). A name
the text is bound to may say it too (``_MYSQL_UPSERT_SQL``, ``sql_sqlite``).

Projects that support several databases keep one branch per dialect; reading a MySQL
branch as PostgreSQL reports syntax that is right where it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import libcst as cst

from perflint.knowledge.sql import DIALECT_ABBREVIATIONS, DIALECT_WORDS, DRIVER_DIALECTS
from perflint.nodes import DEFINITIONS, STRING_LITERALS, dotted_name, string_value
from perflint.settings import FileSettings

_LITERAL_SETS = (cst.Tuple, cst.List, cst.Set)


class Dialect(NamedTuple):
    name: str  # a sqlglot dialect name
    source: str  # "driver" | "guard" | "name" | "configured" | "default"


def file_dialect(settings: FileSettings) -> Dialect:
    """The dialect of SQL that nothing in the code ties to one database."""
    source = "configured" if settings.sql_dialect_configured else "default"
    return Dialect(settings.sql_dialect, source)


def call_dialect(callee: str | None, stack: Sequence[cst.CSTNode], default: Dialect) -> Dialect:
    """The dialect the SQL of the call at the end of `stack` is written for."""
    if callee is not None:
        for prefix, family in DRIVER_DIALECTS.items():
            if callee.startswith(prefix):
                name = default.name if default.name in family else family[0]
                return Dialect(name, "driver")
    guarded = _guard(stack)
    if guarded is not None:
        return Dialect(guarded, "guard")
    return default


def named_dialect(name: str, default: Dialect) -> Dialect:
    """The dialect a variable or constant's name speaks of, when nothing surer does."""
    if default.source not in ("configured", "default"):
        return default
    for word in name.lower().split("_"):
        found = DIALECT_WORDS.get(word) or DIALECT_ABBREVIATIONS.get(word)
        if found is not None:
            return Dialect(found, "name")
    return default


def _guard(stack: Sequence[cst.CSTNode]) -> str | None:
    """The dialect tested by the innermost ``if`` whose body holds the last node."""
    for i in range(len(stack) - 1, 0, -1):
        parent, child = stack[i - 1], stack[i]
        if isinstance(parent, DEFINITIONS):
            return None
        if isinstance(parent, cst.If) and child is parent.body:
            found = _tested_dialect(parent.test)
            if found is not None:
                return found
    return None


def _tested_dialect(test: cst.BaseExpression) -> str | None:
    """``x == "mysql"``, ``x in ("mysql", "mariadb")``, ``isinstance(e, PostgresEngine)``,
    or one of those joined by ``and``."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _tested_dialect(test.left) or _tested_dialect(test.right)
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        target = test.comparisons[0]
        if isinstance(target.operator, cst.Equal):
            return _named(test.left) or _named(target.comparator)
        options = target.comparator
        if isinstance(target.operator, cst.In) and isinstance(options, _LITERAL_SETS):
            found = {_named(element.value) for element in options.elements}
            return found.pop() if len(found) == 1 else None
        return None
    if (
        isinstance(test, cst.Call)
        and dotted_name(test.func) == "isinstance"
        and len(test.args) == 2
    ):
        return _word_dialect(dotted_name(test.args[1].value).rsplit(".", 1)[-1])
    return None


def _named(expr: cst.BaseExpression) -> str | None:
    """The dialect a string literal names exactly (``"postgresql"``)."""
    value = string_value(expr) if isinstance(expr, STRING_LITERALS) else None
    return DIALECT_WORDS.get(value.lower()) if value else None


def _word_dialect(name: str) -> str | None:
    """The dialect a class name speaks of (``PostgresEngine``, ``Sqlite3Engine``)."""
    lowered = name.lower()
    for word, dialect in DIALECT_WORDS.items():
        if word in lowered:
            return dialect
    return None
