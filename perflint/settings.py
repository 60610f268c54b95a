"""What the engine is told about one file besides its bytes: the settings the
configuration gives that file (the runner resolves globs and defaults)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileSettings:
    sql_dialect: str = "postgres"  # any sqlglot dialect name


DEFAULT_SETTINGS = FileSettings()
