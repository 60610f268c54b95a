"""``[tool.perflint]`` in the nearest pyproject.toml (or a perflint.toml): load, validate.

Every problem is a `ConfigError` naming the file, the key and the value; the CLI turns
it into exit status 2.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from perflint.knowledge import default_knowledge
from perflint.registry import known_codes
from perflint.selection import unknown_selectors
from perflint.sql.parse import known_dialects

DEFAULT_EXCLUDES = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "build",
    "dist",
    "__pycache__",
    "node_modules",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".perflint_cache",
)


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Config:
    root: Path  # folder the config file lives in; exclude globs are relative to it
    source: Path | None = None
    select: tuple[str, ...] = ("PFL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: tuple[str, ...] = ()
    sql_dialect: str | None = None  # None: not configured
    per_file_sql_dialect: tuple[tuple[str, str], ...] = ()
    knowledge: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _string_list(where: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings, got {value!r}")
    return tuple(value)


def _codes(where: str, key: str, value: Any) -> tuple[str, ...]:
    codes = tuple(c.strip().upper() for c in _string_list(where, key, value))
    unknown = unknown_selectors(codes, known_codes())
    if unknown:
        raise ConfigError(f"{where}: `{key}` has unknown rule code {unknown[0]!r}")
    return codes


def _table(where: str, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: `{key}` must be a table, got {value!r}")
    return value


def _per_file_ignores(where: str, key: str, value: Any):
    return tuple(
        (pattern, _codes(where, f"{key}.{pattern}", codes))
        for pattern, codes in _table(where, key, value).items()
    )


def _knowledge(where: str, key: str, value: Any):
    kinds = default_knowledge().kinds
    entries = []
    for kind, names in _table(where, key, value).items():
        if kind not in kinds:
            raise ConfigError(
                f"{where}: `{key}.{kind}` is not a known kind (known: {', '.join(sorted(kinds))})"
            )
        entries.append((kind, _string_list(where, f"{key}.{kind}", names)))
    return tuple(entries)


def _dialect(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: `{key}` must be a dialect name, got {value!r}")
    dialects = known_dialects()
    if dialects and value.lower() not in dialects:
        raise ConfigError(
            f"{where}: `{key}` is not a sqlglot dialect: {value!r} "
            f"(known: {', '.join(sorted(dialects))})"
        )
    return value.lower()


def _per_file_dialect(where: str, key: str, value: Any):
    return tuple(
        (pattern, _dialect(where, f"{key}.{pattern}", dialect))
        for pattern, dialect in _table(where, key, value).items()
    )


_KEYS = {
    "select": ("select", _codes),
    "extend-select": ("extend_select", _codes),
    "ignore": ("ignore", _codes),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "exclude": ("exclude", _string_list),
    "extend-exclude": ("extend_exclude", _string_list),
    "sql-dialect": ("sql_dialect", _dialect),
    "per-file-sql-dialect": ("per_file_sql_dialect", _per_file_dialect),
    "knowledge": ("knowledge", _knowledge),
}


def parse_table(table: dict[str, Any], where: str, root: Path, source: Path | None) -> Config:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            raise ConfigError(
                f"{where}: unknown key `{key}` in [tool.perflint] "
                f"(known: {', '.join(sorted(_KEYS))})"
            )
        attr, convert = _KEYS[key]
        values[attr] = convert(where, key, value)
    return Config(root=root, source=source, **values)


def _read_table(path: Path) -> dict[str, Any] | None:
    """The perflint table of a config file, or None when the file has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name == "perflint.toml":
        table = data.get("tool", {}).get("perflint", data)
    else:
        table = data.get("tool", {}).get("perflint")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.perflint] must be a table")
    return table


def find_config_file(start: Path) -> Path | None:
    """The nearest perflint.toml, or pyproject.toml with [tool.perflint], upward."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate_dir in (folder, *folder.parents):
        for name in ("perflint.toml", "pyproject.toml"):
            candidate = candidate_dir / name
            if candidate.is_file() and (
                name == "perflint.toml" or _read_table(candidate) is not None
            ):
                return candidate
    return None


def load_config(paths: list[str], explicit: str | None = None) -> Config:
    if explicit is not None:
        config_path: Path | None = Path(explicit)
        if not config_path.is_file():
            raise ConfigError(f"{explicit}: config file not found")
    else:
        anchors = [Path(p) for p in paths if p != "-"] or [Path.cwd()]
        config_path = find_config_file(_common_folder(anchors))
    if config_path is None:
        return Config(root=Path.cwd())
    table = _read_table(config_path) or {}
    return parse_table(table, str(config_path), config_path.resolve().parent, config_path)


def _common_folder(paths: list[Path]) -> Path:
    resolved = [p.resolve() for p in paths]
    common = resolved[0]
    for path in resolved[1:]:
        while not path.is_relative_to(common):
            common = common.parent
    return common
