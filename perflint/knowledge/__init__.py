"""What APIs are and do, kept as data: the one place rules learn that a call queries a
database, blocks, needs a timeout or returns a session.

Each module covers an API domain and fills its ``TABLES`` with the builder in
`perflint.knowledge._tables` (``TABLES = Tables()``, then ``kind``, ``effect``, ``returns``,
``bases``, ``instances``). The modules: ``db`` (database, ORM and cache effects, PFL1xx),
``dbtypes`` (which call returns which connection, cursor, session or pool), ``sql`` (calls that
take SQL text, PFL2xx), ``blocking`` (calls that stall an event loop, PFL301), ``aio`` (awaitable
I/O, event-loop entry points, PFL302/303), ``http`` (network clients and their timeouts,
PFL4xx), ``pytypes`` (Python's builtins and standard library, PFL5xx).

The tables, merged across modules into one `Knowledge`, keyed by qualified name:

- kinds: effect kinds, each declared once as a constant rules import
  (``QUERY = TABLES.kind("db.query", "a database round trip ...")``): a misspelt constant fails at
  import, and a table naming an undeclared kind fails when the knowledge loads;
- effects: what calling a name does, ``"sqlite3.Cursor.execute" -> (db.statement, db.query)``;
- returns: the type a call returns, ``"sqlite3.connect" -> "sqlite3.Connection"``;
- bases: is-a links between types, ``"psycopg2.extensions.cursor" -> ("dbapi.Cursor",)``;
- instances: objects that live at a qualified name, ``"django.core.cache.cache" -> ...``.

A method is looked up on its type and then on the type's bases, so one entry for
``dbapi.Cursor.execute`` serves every DB-API driver. Rules ask `Knowledge`. Users extend the
effects, for any declared kind, from ``[tool.perflint.knowledge]``
(``"db.query" = ["myapp.db.fetch_one"]``, ``"blocking.call" = [...]``, ``"sql.sink" = [...]``,
``"http.timeout-wrapper" = [...]``).

Type names the Django analysis shares: ``db.QUERYSET``, ``db.VALUES_QUERYSET``, ``db.MANAGER``,
``db.MODEL``.

Side tables, facts a rule imports by name from its domain module (users cannot extend them):

- ``db.BATCH_ALTERNATIVES``: the batch API to suggest, by cache client type (PFL107);
- ``db.ONCE_DECORATORS``, ``db.STARTUP_HOOK_NAMES``: decorators (by qualified name, by
  attribute name) whose function runs once per process (PFL106);
- ``db.RUNS_ONCE_FUNCTIONS``: function names that run once: ``main``, setup hooks,
  application factories (PFL106);
- ``db.STORING_METHODS``: container methods that keep an object beyond the call (PFL106);
- ``db.QUERYSET_EVALUATING_BUILTINS``: builtins that evaluate a queryset given one (PFL101);
- ``db.DJANGO_LOOKUP_METHODS``, ``db.DJANGO_AGGREGATE_METHODS``: QuerySet methods that
  fetch one object, that aggregate; they choose PFL101's fix;
- ``db.PREFETCH_CACHED_METHODS``: related-manager methods a prefetch cache serves (PFL104);
- ``db.PRIMARY_KEY_ATTRIBUTES``: instance attributes that read the primary key (PFL104,
  PFL108).
- ``db.MANAGER_ATTRIBUTES``, ``db.MODEL_GETTERS``, ``db.MODEL_SERVING_MODULES``: model-class
  attributes that hold a manager, calls that return a model class, modules of the classes
  whose ``self.model`` is one (the Django analysis of PFL101-108);
- ``db.PROBE_WORDS``, ``db.CLOSING_METHODS``: function-name words of a connection probe and
  the methods that close what it opened (PFL106);
- ``dbloops.BATCHING_FUNCTIONS`` / ``dbloops.BATCHING_FUNCTION_NAMES``: functions that cut a
  collection into batches, ``dbloops.ENDLESS_ITERATORS``: iterators without an end; a loop
  over either does not repeat per item (PFL101-107);
- ``dbloops.DB_ERRORS``, ``dbloops.SAVEPOINT_WORDS``: exceptions and helper-name words of
  a per-item savepoint (PFL102, PFL103);
- ``blocking.FRAMEWORKS``: async frameworks whose import picks the advice (PFL301);
- ``blocking.FAMILY_PREFIX``: the prefix of the family's kinds, user-declared ones included
  (PFL301);
- ``blocking.REPLACEMENTS`` / ``blocking.TO_THREAD``: the async replacement per blocking
  family and framework (PFL301); ``blocking.HANDOFF_ADVICE``,
  ``blocking.PROJECT_HANDOFF_ADVICE``: the advice when the module (or the project) already
  hands work to a thread (PFL301);
- ``blocking.FILE_OPENERS``, ``blocking.FILE_NO_IO_METHODS``: calls that only open a file,
  file methods that neither read nor write it (PFL301); ``blocking.PASS_THROUGH_CALLS``:
  calls that return their argument as it is, ``typing.cast`` (PFL301);
- ``blocking.FILE_OBJECT_TYPES``, ``blocking.FILE_OBJECT``: annotations that name a file on
  disk, and the (synthetic) type whose methods' effects a file object so annotated has
  (PFL301);
- ``blocking.CERTIFICATE_PATHS``, ``blocking.SYSTEM_STORE_LOADERS``,
  ``blocking.IN_MEMORY_CERTIFICATES``: when a TLS set-up call reads certificate files: the
  path arguments, the purpose for which it loads the system CA store, the in-memory
  alternative (PFL301);
- ``aio.HANDOFF_FRAMEWORKS`` / ``aio.HANDOFF_NAMES``: the event loop a thread hand-off
  implies, by module and by a project helper's name (PFL301);
- ``aio.ASYNC_FILE_WRAPPERS``: calls that wrap an open file in an async one whose reads
  and writes run in a thread (PFL301);
- ``blocking.NON_BLOCKING_FLAG``: the argument that makes a blocking call return at once
  when it is ``False`` (PFL301);
- ``db.ROW_SOURCE_TYPES``, ``db.ROW_RESULT_METHODS``, ``db.ALL_ROWS_METHODS``,
  ``db.ROW_KEEPING_METHODS``: types and methods whose values hold the rows of a query
  (PFL502, PFL503, through ``rules/python/_data.py``);
- ``pytypes.MUTATING_METHODS``: container methods that change the container in place (PFL302);
- ``pytypes.SIZED_TYPES``, ``pytypes.COPYABLE_TYPES``: types whose length is known without
  consuming them, builtin containers a loop may iterate without a copy (PFL506);
- ``pytypes.REDUCERS``, ``pytypes.SHORT_CIRCUIT_REDUCERS``, ``pytypes.COPYING_CONSTRUCTORS``:
  builtins that reduce an iterable (and those that stop early), that copy one (PFL506);
- ``pytypes.EMPTY_CONTAINER_CALLS``, ``pytypes.FILLING_METHODS``: calls that make an empty
  container, the method that fills a list or set with one item (PFL507);
- ``pytypes.LIST_GROWING_METHODS``, ``pytypes.LIST_CHANGING_METHODS``,
  ``pytypes.LIST_SCANNING_METHODS``, ``pytypes.LIST_FRONT_METHODS``: list methods by what they
  do to the list (PFL502, PFL503);
- ``pytypes.NOT_INSTANCE_METHOD_DECORATORS``: decorators under which a method takes no
  instance (PFL508);
- ``pytypes.LISTING_CALLS``, ``pytypes.ALL_LINES_METHODS``, ``pytypes.LIST_COPYING_BUILTINS``:
  directory listings, a file's lines, builtins that copy an iterable's items (PFL502, PFL503);
- ``pytypes.UNHASHABLE_TYPES``, ``pytypes.EQ_CLASS_DECORATORS``,
  ``pytypes.HASHABLE_CLASS_OPTIONS``, ``pytypes.UNHASHABLE_BASES``: what makes items
  unhashable, so that no set is suggested for them (PFL502);
- ``pytypes.DEQUE_METHODS``, ``pytypes.ITERABLE_BUILTINS``: what a deque offers in place
  of a list, builtins that only read an iterable (PFL503);
- ``pytypes.CONTEXT_MANAGER_DECORATORS``, ``pytypes.YIELDING_ANNOTATIONS``: decorators that
  make a generator a context manager, annotations naming what a generator yields: the type
  ``with f() as x`` binds (the resolver, every rule);
- ``pytypes.PROPERTY_DECORATORS``: decorators that make a method an attribute whose type is
  what the method returns (the resolver, every rule);
- ``http.TIMEOUT_POSITION``: where a timeout may be passed positionally (PFL401);
- ``http.CONNECTS_WITH_HOST``: constructors that connect only when given a host (PFL401);
- ``http.POOL_TYPES``: connection pools whose requests take the pool's timeout when given
  none (PFL401);
- ``http.TIMEOUT_OBJECTS``: timeout objects that disable every limit when empty (PFL401);
- ``http.PLAIN_ADAPTERS``: transport adapters that set no timeout (PFL401);
- ``http.ANY_METHOD_IS_REQUEST``: clients whose every method is a request (PFL402);
- ``http.CLIENT_LIFECYCLE_METHODS``: client methods that configure or release it (PFL402);
- ``http.CLIENT_HANDOFF_METHODS``: client methods that hand it to a longer-lived object (PFL402);
- ``http.REUSABLE_CLIENT``: the reusable client to suggest per library (PFL402);
- ``http.IN_PROCESS_TRANSPORTS`` / ``http.IN_PROCESS_ARGUMENTS``: what makes a client call
  an application in-process (PFL402); ``http.PER_CLIENT_SETTINGS``: client settings no
  request can override (PFL402);
- ``http.URL_OPENERS``, ``http.LOCAL_URL_SCHEMES``, ``http.LOCAL_URL_FACTORIES``,
  ``http.URL_PARSERS``: calls that open a URL of any scheme, the schemes that stay off the
  network (``data:``, ``file:``), and how a URL is known to have one (PFL301, PFL401).
- ``sql.SQL_ARGUMENT``: where a SQL-taking call's text is and its shape; the SQL rules'
  candidate finder (`perflint.rules.sql._candidates`, every PFL2xx rule);
- ``sql.PROBABLE_SINK_METHODS``: method names taken as SQL sinks on untraced receivers;
  the candidate finder;
- ``sql.DRIVER_DIALECTS``: the dialects a driver speaks; the candidate finder;
- ``sql.DIALECT_WORDS``, ``sql.DIALECT_ABBREVIATIONS``: words naming a dialect in an
  ``if`` that tests for one, in the name SQL text is bound to; the candidate finder;
- ``sql.STATEMENT_KEYWORDS``: first words of the statements looked at; the candidate
  finder and sql-syntax-error;
- ``sql.COMMON_DIALECTS``: dialects tried when SQL does not parse; sql-syntax-error;
- ``sql.ROW_FETCH_METHODS``, ``sql.SCALAR_FETCH_METHODS``: reading a query's one value;
  count-for-existence-sql;
- ``sql.ROWS_FETCH_METHODS``, ``sql.WHOLE_ROW_SINKS``, ``sql.WHOLE_ROW_SINK_METHODS``,
  ``sql.FRAME_RESULT_METHODS``, ``sql.COLUMN_NAME_ATTRIBUTES``: code that takes a query's
  rows whole (every column mapped, a frame, the column names read); select-star;
- ``sql.RANDOM_FUNCTIONS``, ``sql.RANDOM_EXPRESSIONS``: random-per-row SQL functions (by
  name, as sqlglot classes); order-by-random;
- ``sql.INDEXABLE_EXPRESSIONS``: sqlglot classes an expression index serves;
  non-sargable-predicate;
- ``sql.ORDER_KEEPING_EXPRESSIONS``, ``sql.ORDERED_TYPES``: wrappers (and cast targets)
  a range of the bare column can replace; non-sargable-predicate;
- ``sql.SUBSTRING_INDEXES``: what serves a substring search, per dialect;
  leading-wildcard-like, non-sargable-predicate;
- ``sql.SUBSTRING_SEARCH_EXPRESSIONS``: sqlglot classes of a substring search;
  non-sargable-predicate;
- ``sql.NEVER_NULL_COLUMNS``: column names that are primary keys or row ids;
  not-in-subquery;
- ``sql.WHOLE_TABLE_ROUTINE_WORDS``: words of a routine name that empties or rewrites
  tables on purpose; ``sql.NO_TRUNCATE``: dialects without ``TRUNCATE``; unbounded-write;
- ``sql.CATALOG_SCHEMAS``, ``sql.CATALOG_TABLE_PREFIXES``: a database's own catalog tables,
  which no performance rule reports on; the SQL rules' tree helpers.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from functools import lru_cache

from perflint.knowledge._tables import Tables

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
    """One `Knowledge` from the ``TABLES`` of every module."""
    tables: dict[str, dict] = {name: {} for name in _TABLES}
    for module in modules:
        for name, values in _tables_of(module).items():
            for key, value in values.items():
                if name == "EFFECTS" and key in tables[name]:
                    value = tuple(tables[name][key]) + tuple(value)
                tables[name][key] = value
    _check_kinds(tables["KINDS"], tables["EFFECTS"])
    return Knowledge(
        tables["KINDS"], tables["EFFECTS"], tables["RETURNS"], tables["BASES"], tables["INSTANCES"]
    )


def _tables_of(module: object) -> dict[str, Mapping]:
    built: Tables = module.TABLES  # type: ignore[attr-defined]
    return {
        "KINDS": built.kinds,
        "EFFECTS": built.effects,
        "RETURNS": built.return_types,
        "BASES": built.base_types,
        "INSTANCES": built.instance_types,
    }


def _check_kinds(kinds: Mapping[str, str], effects: Mapping[str, Iterable[str]]) -> None:
    """Every effect a table names is a declared kind: a typo fails when perflint loads."""
    for name, effect_kinds in effects.items():
        unknown = [kind for kind in effect_kinds if kind not in kinds]
        if unknown:
            raise ValueError(f"knowledge: {name} has undeclared effect kind {unknown[0]!r}")


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    return _merge(modules)


@lru_cache(maxsize=16)
def knowledge_for(extensions: tuple[tuple[str, tuple[str, ...]], ...]) -> Knowledge:
    """The default knowledge plus a config's extensions (hashable form, so it is cached)."""
    base = default_knowledge()
    return base.extended(dict(extensions)) if extensions else base
