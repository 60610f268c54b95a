"""Parse SQL text with sqlglot, imported lazily (only files with SQL candidates pay for
it) and memoised by text and dialect. Dialect names are validated without importing
sqlglot, so loading a config stays cheap."""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

# Modules in sqlglot/dialects that are not dialects.
_NOT_DIALECTS = frozenset({"__init__", "dialect"})


@lru_cache(maxsize=1)
def known_dialects() -> frozenset[str]:
    """sqlglot's dialect names, read from its package folder (sqlglot is not imported)."""
    spec = importlib.util.find_spec("sqlglot")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    names: set[str] = set()
    for location in spec.submodule_search_locations:
        for path in (Path(location) / "dialects").iterdir():
            stem = path.name.split(".", 1)[0]
            if path.suffix in (".py", ".so", ".pyd") and stem not in _NOT_DIALECTS:
                names.add(stem)
    return frozenset(names)


@dataclass(slots=True)
class Parsed:
    """Statements of one SQL text, or the parse error (message, offset in the text)."""

    statements: list[Any] = field(default_factory=list)
    error: tuple[str, int] | None = None


@lru_cache(maxsize=1)
def _quiet_sqlglot() -> None:
    # sqlglot logs a warning when it falls back to an opaque Command; findings say enough
    logging.getLogger("sqlglot").setLevel(logging.ERROR)


@lru_cache(maxsize=4096)
def parse(text: str, dialect: str) -> Parsed:
    import sqlglot
    from sqlglot.errors import ParseError, SqlglotError, TokenError

    _quiet_sqlglot()

    try:
        statements = [s for s in sqlglot.parse(text, read=dialect) if s is not None]
    except ParseError as error:
        return Parsed(error=_located(text, error))
    except TokenError as error:
        return Parsed(error=(str(error).splitlines()[0], 0))
    except (SqlglotError, ValueError, RecursionError, AttributeError, KeyError, TypeError) as error:
        # sqlglot's less common paths can fail with a Python error on odd input
        return Parsed(error=(str(error).splitlines()[0] if str(error) else "cannot parse", 0))
    return Parsed(statements)


def _located(text: str, error: Any) -> tuple[str, int]:
    details = error.errors[0] if getattr(error, "errors", None) else {}
    description = details.get("description") or str(error).splitlines()[0]
    line, column = details.get("line"), details.get("col")
    if not line or not column:
        return description, 0
    lines = text.split("\n")
    start = sum(len(lines[i]) + 1 for i in range(min(line - 1, len(lines))))
    highlight = details.get("highlight") or ""
    offset = start + column - len(highlight)
    return f"{description} near {highlight!r}" if highlight else description, max(0, offset)


def tokens(text: str, dialect: str) -> list[Any]:
    """sqlglot tokens of `text` (used to locate keywords that have no tree position)."""
    return _tokens(text, dialect)


@lru_cache(maxsize=256)
def _tokens(text: str, dialect: str) -> list[Any]:
    from sqlglot.dialects.dialect import Dialect

    try:
        return list(Dialect.get_or_raise(dialect).tokenize(text))
    except Exception:  # a tokenizer failure only costs a less precise position
        return []
