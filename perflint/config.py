"""``[tool.perflint]`` in the nearest pyproject.toml (or a perflint.toml): load, validate.

Each file gets the configuration nearest to it, so in a monorepo a file's result does not
depend on which other files are linted with it. Every problem is a `ConfigError` naming
the file, the key and the value; the CLI turns it into exit status 2.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from perflint.files import resolved
from perflint.globs import pattern_error
from perflint.knowledge import default_knowledge
from perflint.registry import known_codes
from perflint.roles import ROLES
from perflint.roots import common_folder, git_root
from perflint.selection import Selection, unknown_selectors
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


_MAX_CALL_DEPTH = 10  # deeper chains are rarely a cause a reader can follow


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Config:
    root: Path  # folder the config file lives in; path patterns are relative to it
    source: Path | None = None
    select: tuple[str, ...] = ("PFL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    sql_dialect: str | None = None  # None: not configured
    per_file_sql_dialect: tuple[tuple[str, str], ...] = ()
    knowledge: tuple[tuple[str, tuple[str, ...]], ...] = ()
    baseline: Path | None = None
    preview: bool = False  # run the rules not yet proven precise on real code
    # role -> the codes or prefixes that apply to files of that role (replacing the
    # rules' own defaults); a role not listed keeps the defaults
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # how many calls deep the project-wide rules follow a call into project functions
    call_depth: int = 3

    @property
    def selection(self) -> Selection:
        return Selection(self.select, self.extend_select, self.ignore)


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


def _pattern(where: str, key: str, pattern: str) -> str:
    error = pattern_error(pattern)
    if error is not None:
        raise ConfigError(f"{where}: `{key}` has an invalid pattern {pattern!r}: {error}")
    return pattern


def _patterns(where: str, key: str, value: Any) -> tuple[str, ...]:
    return tuple(_pattern(where, key, p) for p in _string_list(where, key, value))


def _table(where: str, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: `{key}` must be a table, got {value!r}")
    return value


def _per_file_ignores(where: str, key: str, value: Any):
    return tuple(
        (_pattern(where, key, pattern), _codes(where, f"{key}.{pattern}", codes))
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
        (_pattern(where, key, pattern), _dialect(where, f"{key}.{pattern}", dialect))
        for pattern, dialect in _table(where, key, value).items()
    )


def _boolean(where: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: `{key}` must be true or false, got {value!r}")
    return value


def _call_depth(where: str, key: str, value: Any) -> int:
    if type(value) is not int or not 1 <= value <= _MAX_CALL_DEPTH:
        raise ConfigError(
            f"{where}: `{key}` must be a whole number from 1 to {_MAX_CALL_DEPTH}, got {value!r}"
        )
    return value


def _file_name(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: `{key}` must be a file name, got {value!r}")
    return value


def _roles(where: str, key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = _table(where, key, value)
    unknown = [role for role in table if role not in ROLES]
    if unknown:
        raise ConfigError(
            f"{where}: unknown role `{unknown[0]}` in `{key}` (known: {', '.join(ROLES)})"
        )
    return tuple((role, _codes(where, f"{key}.{role}", codes)) for role, codes in table.items())


# The [tool.perflint] keys: key -> (Config attribute, converter naming what is wrong).
KEYS = {
    "select": ("select", _codes),
    "extend-select": ("extend_select", _codes),
    "ignore": ("ignore", _codes),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "exclude": ("exclude", _patterns),
    "extend-exclude": ("extend_exclude", _patterns),
    "force-exclude": ("force_exclude", _boolean),
    "sql-dialect": ("sql_dialect", _dialect),
    "per-file-sql-dialect": ("per_file_sql_dialect", _per_file_dialect),
    "knowledge": ("knowledge", _knowledge),
    "baseline": ("baseline", _file_name),
    "preview": ("preview", _boolean),
    "roles": ("roles", _roles),
    "call-depth": ("call_depth", _call_depth),
}


def parse_table(table: dict[str, Any], where: str, root: Path, source: Path | None) -> Config:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(
                f"{where}: unknown key `{key}` in [tool.perflint] "
                f"(known: {', '.join(sorted(KEYS))})"
            )
        attr, convert = KEYS[key]
        values[attr] = convert(where, key, value)
    if "baseline" in values:
        values["baseline"] = root / values["baseline"]
    return Config(root=root, source=source, **values)


def _read_table(path: Path, explicit: bool = False) -> dict[str, Any] | None:
    """The perflint table of a config file, or None when the file has none.

    A perflint.toml, or any file named with --config other than a pyproject.toml, may
    hold the keys at its top level instead of under [tool.perflint]."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: `tool` must be a table, got {tool!r}")
    table = tool.get("perflint")
    top_level_allowed = path.name == "perflint.toml" or (explicit and path.name != "pyproject.toml")
    if table is None and top_level_allowed:
        table = data
    if table is None and explicit:
        raise ConfigError(f"{path}: no [tool.perflint] table")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.perflint] must be a table, got {table!r}")
    return table


class Configs:
    """The configuration of each file and folder: the nearest perflint.toml, or
    pyproject.toml with [tool.perflint], upward from it (or the --config file for all).

    Without one, the defaults, with paths relative to the git work tree (else the
    current folder). Each config file is read once."""

    def __init__(self, explicit: str | None = None) -> None:
        self.explicit: Config | None = None
        if explicit is not None:
            path = Path(explicit)
            if not path.is_file():
                raise ConfigError(f"{explicit}: config file not found")
            self.explicit = self._parse(path, explicit=True)
        self._nearest: dict[Path, Path | None] = {}
        self._parsed: dict[Path, Config] = {}
        self._by_folder: dict[Path, Config] = {}

    def for_path(self, path: Path) -> Config:
        """The configuration in force for a file or folder."""
        if self.explicit is not None:
            return self.explicit
        absolute = Path(os.path.abspath(path))
        return self.for_folder(absolute if absolute.is_dir() else absolute.parent)

    def for_folder(self, folder: Path) -> Config:
        """The configuration in force in `folder`, an absolute path to a folder."""
        if self.explicit is not None:
            return self.explicit
        if folder not in self._by_folder:
            found = self._nearest_file(folder)
            if found is None:
                config = self._default(folder)
            else:
                if found not in self._parsed:
                    self._parsed[found] = self._parse(found)
                config = self._parsed[found]
            self._by_folder[folder] = config
        return self._by_folder[folder]

    def _default(self, folder: Path) -> Config:
        """The defaults, rooted at the git work tree of `folder`. A folder that is neither a
        link nor a work tree shares its parent's: a walk then resolves no path."""
        parent = self._by_folder.get(folder.parent)
        if (
            parent is not None
            and parent.source is None
            and not os.path.islink(folder)
            and not (folder / ".git").exists()
        ):
            return parent
        return Config(root=git_root(resolved(folder)) or Path.cwd())

    def for_run(self, paths: list[Path]) -> Config:
        """The configuration of the folder all `paths` share: where the run's own settings
        (cache folder, baseline) come from."""
        return self.for_path(common_folder(paths or [Path.cwd()]))

    def _nearest_file(self, folder: Path) -> Path | None:
        if folder not in self._nearest:
            found = next(
                (
                    candidate
                    for candidate in (folder / "perflint.toml", folder / "pyproject.toml")
                    if candidate.is_file()
                    and (candidate.name == "perflint.toml" or _read_table(candidate) is not None)
                ),
                None,
            )
            if found is None and folder.parent != folder:
                found = self._nearest_file(folder.parent)
            self._nearest[folder] = found
        return self._nearest[folder]

    @staticmethod
    def _parse(path: Path, explicit: bool = False) -> Config:
        table = _read_table(path, explicit) or {}
        return parse_table(table, str(path), resolved(path).parent, path)
