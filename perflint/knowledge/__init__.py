"""What APIs are, kept as data.

Every module in this package contributes plain tables, keyed by qualified name:

- ``KINDS``: effect kinds it defines, ``{"db.query": "a database read round trip"}``;
- ``EFFECTS``: what calling a name does, ``{"sqlite3.Cursor.execute": ("db.query",)}``;
- ``RETURNS``: the type a call returns, ``{"sqlite3.connect": "sqlite3.Connection"}``;
- ``BASES``: is-a links between types, ``{"psycopg2.extensions.cursor": ("dbapi.Cursor",)}``;
- ``INSTANCES``: objects that live at a qualified name, ``{"django.core.cache.cache": "..."}``.

A method is looked up on its type and then on the type's bases, so one entry for
``dbapi.Cursor.execute`` serves every DB-API driver. Rules ask `Knowledge`; users add
entries from ``[tool.perflint.knowledge]``.

Side tables, imported by name by the code that reads them:

- ``sql.SQL_ARGUMENT``: where a SQL-taking call's text is and its shape; the SQL rules'
  candidate finder (`perflint.rules.sql._candidates`, every PFL2xx rule);
- ``sql.PROBABLE_SINK_METHODS``: method names taken as SQL sinks on untraced receivers;
  the candidate finder;
- ``sql.DRIVER_DIALECTS``: the dialects a driver speaks; the candidate finder;
- ``sql.STATEMENT_KEYWORDS``: first words of the statements looked at; the candidate
  finder and sql-syntax-error;
- ``sql.COMMON_DIALECTS``: dialects tried when SQL does not parse; sql-syntax-error;
- ``sql.ROW_FETCH_METHODS``, ``sql.SCALAR_FETCH_METHODS``: reading a query's one value;
  count-for-existence-sql;
- ``sql.RANDOM_FUNCTIONS``, ``sql.RANDOM_EXPRESSIONS``: random-per-row SQL functions (by
  name, as sqlglot classes); order-by-random;
- ``sql.INDEXABLE_EXPRESSIONS``: sqlglot classes an expression index serves;
  non-sargable-predicate.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from functools import lru_cache

_TABLES = ("KINDS", "EFFECTS", "RETURNS", "BASES", "INSTANCES")


class Knowledge:
    def __init__(
        self,
        kinds: Mapping[str, str],
        effects: Mapping[str, Iterable[str]],
        returns: Mapping[str, str],
        bases: Mapping[str, Iterable[str]],
        instances: Mapping[str, str],
    ) -> None:
        self.kinds = dict(kinds)
        self._effects = {name: frozenset(kinds_) for name, kinds_ in effects.items()}
        self._returns = dict(returns)
        self._bases = {name: tuple(b) for name, b in bases.items()}
        self._instances = dict(instances)
        self._effects_memo: dict[str, frozenset[str]] = {}
        self._returns_memo: dict[str, str | None] = {}

    def effects_of(self, qualname: str) -> frozenset[str]:
        """Effect kinds of calling `qualname`: a method does what its entry says and what
        the same method of every base type says (a driver's ``execute`` is still a
        DB-API ``execute``). Return types, by contrast, take the nearest entry."""
        memo = self._effects_memo.get(qualname)
        if memo is None:
            kinds = set(self._effects.get(qualname, ()))
            owner, _, member = qualname.rpartition(".")
            if owner in self._bases:
                for base in self.ancestry(owner)[1:]:
                    kinds.update(self._effects.get(f"{base}.{member}", ()))
            memo = self._effects_memo[qualname] = frozenset(kinds)
        return memo

    def has_effect(self, qualname: str | None, kind: str) -> bool:
        return qualname is not None and kind in self.effects_of(qualname)

    def return_type(self, qualname: str) -> str | None:
        if qualname not in self._returns_memo:
            self._returns_memo[qualname] = self._lookup(self._returns, qualname)
        return self._returns_memo[qualname]

    def instance_type(self, qualname: str) -> str | None:
        return self._instances.get(qualname)

    def is_a(self, type_name: str | None, base: str) -> bool:
        return type_name is not None and base in self.ancestry(type_name)

    def ancestry(self, type_name: str) -> list[str]:
        """The type itself, then its bases breadth-first, each once."""
        seen = [type_name]
        for name in seen:
            seen.extend(b for b in self._bases.get(name, ()) if b not in seen)
        return seen

    def names_with(self, kind: str) -> list[str]:
        return sorted(name for name, kinds in self._effects.items() if kind in kinds)

    def _lookup(self, table: Mapping[str, object], qualname: str):
        found = table.get(qualname)
        if found is not None:
            return found
        owner, _, member = qualname.rpartition(".")
        if not owner or owner not in self._bases:
            return None
        for base in self.ancestry(owner)[1:]:
            found = table.get(f"{base}.{member}")
            if found is not None:
                return found
        return None

    def extended(self, extra_effects: Mapping[str, Iterable[str]]) -> Knowledge:
        """A copy with user-declared names: ``{kind: [qualified names]}``."""
        effects: dict[str, set[str]] = {name: set(k) for name, k in self._effects.items()}
        for kind, names in extra_effects.items():
            for name in names:
                effects.setdefault(name, set()).add(kind)
        return Knowledge(self.kinds, effects, self._returns, self._bases, self._instances)


def _merge(modules: Iterable[object]) -> Knowledge:
    tables: dict[str, dict] = {name: {} for name in _TABLES}
    for module in modules:
        for name in _TABLES:
            for key, value in getattr(module, name, {}).items():
                if name == "EFFECTS" and key in tables[name]:
                    value = tuple(tables[name][key]) + tuple(value)
                tables[name][key] = value
    return Knowledge(
        tables["KINDS"], tables["EFFECTS"], tables["RETURNS"], tables["BASES"], tables["INSTANCES"]
    )


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
    ]
    return _merge(modules)


@lru_cache(maxsize=16)
def knowledge_for(extensions: tuple[tuple[str, tuple[str, ...]], ...]) -> Knowledge:
    """The default knowledge plus a config's extensions (hashable form, so it is cached)."""
    base = default_knowledge()
    return base.extended(dict(extensions)) if extensions else base
