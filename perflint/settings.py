"""What the engine is told about one file besides its bytes: the settings the
configuration gives that file (the runner resolves globs and defaults)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SQL_DIALECT = "postgres"


@dataclass(frozen=True)
class FileSettings:
    sql_dialect: str = DEFAULT_SQL_DIALECT  # any sqlglot dialect name
    sql_dialect_configured: bool = False  # the user named it; else any common one may run
    preview: bool = False  # preview mode: preview rules and preview message variants run


DEFAULT_SETTINGS = FileSettings()
