"""Database, ORM and cache effects (PFL1xx): which calls are a round trip, a write, a
commit, a new connection or a single-key cache command. Client types come from
`perflint.knowledge.dbtypes`; Django's ORM and the cache clients' types are added here.
"""

from perflint.knowledge._tables import Tables

TABLES = Tables()
QUERY = TABLES.kind("db.query", "a database round trip (a read unless its SQL says otherwise)")
STATEMENT = TABLES.kind(
    "db.statement", "its first argument is a SQL statement (or a SQLAlchemy construct)"
)
WRITE = TABLES.kind("db.write", "a single-row or single-statement database write")
FETCH = TABLES.kind("db.fetch", "reads rows of a result that was already fetched (no round trip)")
COMMIT = TABLES.kind("db.commit", "commits a database transaction")
TRANSACTION = TABLES.kind("db.transaction", "opens a new database transaction block")
CONNECT = TABLES.kind("db.connect", "opens a database or cache connection (or a pool of them)")
LOCAL = TABLES.kind("db.local", "connects to a local, in-process database (cheap to open)")
SQL_TEXT = TABLES.kind("db.sql-text", "wraps a SQL string given as its first argument")
WRITE_STATEMENT = TABLES.kind("db.write-statement", "builds an INSERT/UPDATE/DELETE statement")
CACHE_COMMAND = TABLES.kind("cache.command", "one cache round trip for a single key")

_STATEMENT = (QUERY, STATEMENT)


# ----- DB-API 2.0 drivers (sync and async) ---------------------------------------------
for _base in ("dbapi.Cursor", "dbapi.AsyncCursor"):
    TABLES.effect(_STATEMENT, f"{_base}.execute")
    TABLES.effect(_STATEMENT, f"{_base}.executemany")  # one batch of rows per call
    for _method in ("fetchone", "fetchall", "fetchmany", "scroll"):
        TABLES.effect(FETCH, f"{_base}.{_method}")
for _base in ("dbapi.Connection", "dbapi.AsyncConnection"):
    TABLES.effect(COMMIT, f"{_base}.commit")
# sqlite3, psycopg 3 and aiosqlite connections execute without an explicit cursor
for _connection in (
    "sqlite3.Connection",
    "psycopg.Connection",
    "psycopg.AsyncConnection",
    "aiosqlite.Connection",
    "dbapi.AsyncConnection",
):
    TABLES.effect(_STATEMENT, f"{_connection}.execute")
TABLES.effect(_STATEMENT, "aiosqlite.Connection.execute_fetchall")
for _connection in ("sqlite3.Connection", "aiosqlite.Connection"):
    TABLES.effect(_STATEMENT, f"{_connection}.executemany")
TABLES.effect(TRANSACTION, "psycopg.Connection.transaction")
TABLES.effect(TRANSACTION, "psycopg.AsyncConnection.transaction")

for _connect in (
    "psycopg2.connect",
    "psycopg.connect",
    "psycopg.Connection.connect",
    "psycopg.AsyncConnection.connect",
    "pymysql.connect",
    "pymysql.Connect",
    "MySQLdb.connect",
    "mysql.connector.connect",
    "cx_Oracle.connect",
    "oracledb.connect",
    "pyodbc.connect",
    "snowflake.connector.connect",
    "aiomysql.connect",
    "aiomysql.create_pool",
    "asyncpg.connect",
    "asyncpg.create_pool",
    "psycopg_pool.ConnectionPool",
    "psycopg_pool.AsyncConnectionPool",
    "psycopg2.pool.SimpleConnectionPool",
    "psycopg2.pool.ThreadedConnectionPool",
    "sqlalchemy.create_engine",
    "sqlalchemy.engine.create_engine",
    "sqlalchemy.ext.asyncio.create_async_engine",
):
    TABLES.effect(CONNECT, _connect)
TABLES.effect((CONNECT, LOCAL), "sqlite3.connect")
TABLES.effect((CONNECT, LOCAL), "aiosqlite.connect")

# ----- asyncpg ---------------------------------------------------------------------------
for _owner in ("asyncpg.Connection", "asyncpg.Pool"):
    for _method in ("fetch", "fetchrow", "fetchval", "execute", "executemany"):
        TABLES.effect(_STATEMENT, f"{_owner}.{_method}")
TABLES.effect(TRANSACTION, "asyncpg.Connection.transaction")

# ----- SQLAlchemy 1.4 / 2.0 ----------------------------------------------------------------
for _owner in (
    "sqlalchemy.orm.Session",
    "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlalchemy.engine.Connection",
    "sqlalchemy.ext.asyncio.AsyncConnection",
    "sqlalchemy.engine.Engine",
):
    TABLES.effect(_STATEMENT, f"{_owner}.execute")
    TABLES.effect(_STATEMENT, f"{_owner}.scalar")
    TABLES.effect(_STATEMENT, f"{_owner}.scalars")
for _owner in ("sqlalchemy.orm.Session", "sqlalchemy.ext.asyncio.AsyncSession"):
    for _method in ("get", "get_one", "refresh"):
        TABLES.effect(QUERY, f"{_owner}.{_method}")
    TABLES.effect(WRITE, f"{_owner}.flush")
for _owner in (
    "sqlalchemy.orm.Session",
    "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlalchemy.engine.Connection",
    "sqlalchemy.ext.asyncio.AsyncConnection",
):
    TABLES.effect(COMMIT, f"{_owner}.commit")
    TABLES.effect(TRANSACTION, f"{_owner}.begin")
TABLES.bases({"sqlalchemy.ext.asyncio.AsyncSession": ("sqlalchemy.orm.Session",)})
TABLES.returns(
    {"sqlalchemy.ext.asyncio.async_scoped_session": "sqlalchemy.ext.asyncio.AsyncSession"}
)
for _method in ("all", "first", "one", "one_or_none", "scalar", "count", "get"):
    TABLES.effect(QUERY, f"sqlalchemy.orm.Query.{_method}")
for _method in ("update", "delete"):
    TABLES.effect(WRITE, f"sqlalchemy.orm.Query.{_method}")
for _method in ("outerjoin", "group_by", "having", "offset", "distinct", "with_entities"):
    TABLES.returns({f"sqlalchemy.orm.Query.{_method}": "sqlalchemy.orm.Query"})
TABLES.effect(SQL_TEXT, "sqlalchemy.text")
TABLES.effect(SQL_TEXT, "sqlalchemy.sql.text")
TABLES.effect(SQL_TEXT, "sqlalchemy.sql.expression.text")
for _module in ("sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression"):
    for _builder in ("insert", "update", "delete"):
        TABLES.effect(WRITE_STATEMENT, f"{_module}.{_builder}")
TABLES.effect(WRITE_STATEMENT, "sqlalchemy.dialects.postgresql.insert")
TABLES.effect(WRITE_STATEMENT, "sqlalchemy.dialects.sqlite.insert")
TABLES.effect(WRITE_STATEMENT, "sqlalchemy.dialects.mysql.insert")

# ----- Django ORM ------------------------------------------------------------------------------
# Managers are querysets for our purpose: ``Book.objects.filter`` is ``QuerySet.filter``.
QUERYSET = "django.db.models.QuerySet"
VALUES_QUERYSET = "django.db.models.query.ValuesQuerySet"  # rows are dicts / tuples
MANAGER = "django.db.models.Manager"
MODEL = "django.db.models.Model"
TABLES.bases({MANAGER: (QUERYSET,)})
TABLES.bases({VALUES_QUERYSET: (QUERYSET,)})
TABLES.bases({"django.db.models.manager.Manager": (MANAGER,)})
TABLES.bases({"django.db.models.query.QuerySet": (QUERYSET,)})
for _method in (
    "all",
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "distinct",
    "annotate",
    "alias",
    "only",
    "defer",
    "using",
    "none",
    "reverse",
    "extra",
    "select_for_update",
    "union",
    "intersection",
    "difference",
    "complex_filter",
):
    TABLES.returns({f"{QUERYSET}.{_method}": QUERYSET})
for _method in ("values", "values_list", "dates", "datetimes"):
    TABLES.returns({f"{QUERYSET}.{_method}": VALUES_QUERYSET})
for _method in ("get", "first", "last", "earliest", "latest", "create"):
    TABLES.returns({f"{QUERYSET}.{_method}": MODEL})
for _method in (
    "get",
    "first",
    "last",
    "earliest",
    "latest",
    "count",
    "exists",
    "aggregate",
    "in_bulk",
    "contains",
    "explain",
):
    TABLES.effect(QUERY, f"{QUERYSET}.{_method}")
for _method in ("create", "update", "delete", "get_or_create", "update_or_create"):
    TABLES.effect(WRITE, f"{QUERYSET}.{_method}")
for _method in ("add", "remove", "clear", "set"):  # related managers
    TABLES.effect(WRITE, f"{MANAGER}.{_method}")
for _method in ("save", "delete"):
    TABLES.effect(WRITE, f"{MODEL}.{_method}")
TABLES.effect(QUERY, f"{MODEL}.refresh_from_db")
TABLES.effect(TRANSACTION, "django.db.transaction.atomic")

# ----- redis-py (sync and asyncio) -------------------------------------------------------
_REDIS = "redis.Redis"
_ASYNC_REDIS = "redis.asyncio.Redis"
for _constructor in (
    "redis.Redis",
    "redis.StrictRedis",
    "redis.from_url",
    "redis.Redis.from_url",
    "redis.client.Redis",
    "redis.client.StrictRedis",
):
    TABLES.returns({_constructor: _REDIS})
    TABLES.effect(CONNECT, _constructor)
for _constructor in (
    "redis.asyncio.Redis",
    "redis.asyncio.from_url",
    "redis.asyncio.Redis.from_url",
    "redis.asyncio.StrictRedis",
):
    TABLES.returns({_constructor: _ASYNC_REDIS})
    TABLES.effect(CONNECT, _constructor)
TABLES.effect(CONNECT, "redis.ConnectionPool")
TABLES.effect(CONNECT, "redis.asyncio.ConnectionPool")
TABLES.bases({"redis.StrictRedis": (_REDIS,)})
TABLES.bases({"redis.client.Redis": (_REDIS,)})
TABLES.bases({"redis.asyncio.client.Redis": (_ASYNC_REDIS,)})
TABLES.bases({_ASYNC_REDIS: (_REDIS,)})
# A pipeline batches commands: its methods are not round trips.
TABLES.returns({f"{_REDIS}.pipeline": "redis.client.Pipeline"})
TABLES.returns({f"{_ASYNC_REDIS}.pipeline": "redis.asyncio.client.Pipeline"})
_REDIS_SINGLE_KEY_COMMANDS = (
    "get",
    "set",
    "setex",
    "psetex",
    "setnx",
    "getset",
    "getdel",
    "getex",
    "delete",
    "unlink",
    "exists",
    "expire",
    "pexpire",
    "expireat",
    "ttl",
    "pttl",
    "persist",
    "type",
    "incr",
    "incrby",
    "incrbyfloat",
    "decr",
    "decrby",
    "append",
    "strlen",
    "hget",
    "hset",
    "hsetnx",
    "hgetall",
    "hdel",
    "hexists",
    "hincrby",
    "hincrbyfloat",
    "hkeys",
    "hvals",
    "hlen",
    "hmget",
    "lpush",
    "rpush",
    "lpop",
    "rpop",
    "lrange",
    "llen",
    "lindex",
    "lrem",
    "ltrim",
    "sadd",
    "srem",
    "sismember",
    "smembers",
    "scard",
    "spop",
    "zadd",
    "zrem",
    "zscore",
    "zrank",
    "zrevrank",
    "zincrby",
    "zrange",
    "zrevrange",
    "zcard",
    "pfadd",
    "pfcount",
    "publish",
)
for _command in _REDIS_SINGLE_KEY_COMMANDS:
    TABLES.effect(CACHE_COMMAND, f"{_REDIS}.{_command}")

# ----- pymemcache ------------------------------------------------------------------------
_MEMCACHE = "pymemcache.client.base.Client"
for _constructor in (
    "pymemcache.client.base.Client",
    "pymemcache.Client",
    "pymemcache.client.base.PooledClient",
    "pymemcache.PooledClient",
    "pymemcache.client.hash.HashClient",
    "pymemcache.HashClient",
    "pymemcache.client.Client",
):
    TABLES.returns({_constructor: _MEMCACHE})
    TABLES.effect(CONNECT, _constructor)
for _command in (
    "get",
    "gets",
    "set",
    "add",
    "replace",
    "append",
    "prepend",
    "cas",
    "delete",
    "incr",
    "decr",
    "touch",
):
    TABLES.effect(CACHE_COMMAND, f"{_MEMCACHE}.{_command}")

# ----- Django's cache API ----------------------------------------------------------------
_DJANGO_CACHE = "django.core.cache.backends.base.BaseCache"
TABLES.instances({"django.core.cache.cache": _DJANGO_CACHE})
for _command in ("get", "set", "add", "delete", "incr", "decr", "touch", "get_or_set", "has_key"):
    TABLES.effect(CACHE_COMMAND, f"{_DJANGO_CACHE}.{_command}")

# What to use instead of one command per key, by the client's type.
BATCH_ALTERNATIVES = {
    _REDIS: "use mget()/mset() or a pipeline()",
    _MEMCACHE: "use get_many()/set_many()",
    _DJANGO_CACHE: "use cache.get_many()/set_many()",
}

# Decorators whose function runs once per process, not per request (PFL106).
ONCE_DECORATORS = frozenset(
    {
        "functools.lru_cache",
        "functools.cache",
        "functools.cached_property",
        "pytest.fixture",
        "pytest_asyncio.fixture",
        "click.command",
        "click.group",
        "typer.Typer.command",
        "contextlib.contextmanager",
        "contextlib.asynccontextmanager",
    }
)
# Application startup hooks, by the decorator's attribute name: ``@app.on_event(...)``.
STARTUP_HOOK_NAMES = frozenset(
    {
        "on_event",
        "before_serving",
        "before_first_request",
        "on_startup",
        "listener",
        "lifespan",
        "command",
        "group",
        "fixture",
        "cli",
    }
)

# ----- facts the PFL1xx rules read by name -----------------------------------------------
# Builtins that evaluate a queryset (one query) when given one: ``len(qs)``, ``list(qs)``.
QUERYSET_EVALUATING_BUILTINS = frozenset(
    {"builtins.list", "builtins.len", "builtins.tuple", "builtins.set", "builtins.sorted"}
)
# Related-manager methods served from a prefetch_related cache without a query.
PREFETCH_CACHED_METHODS = frozenset({"all", "count", "exists", "first", "last"})
# QuerySet methods that fetch a single object.
DJANGO_LOOKUP_METHODS = frozenset({"get", "first", "last", "earliest", "latest"})
# QuerySet methods that compute an aggregate in the database.
DJANGO_AGGREGATE_METHODS = frozenset({"count", "exists", "aggregate"})
# Attributes of a Django model class that hold a manager.
MANAGER_ATTRIBUTES = frozenset({"objects", "_default_manager", "_base_manager"})
# Calls that return a model class: the app registry (the ``apps`` a RunPython function
# receives is one too), the user model, django-oscar's loader over the registry.
MODEL_GETTERS = frozenset(
    {
        "django.apps.apps.get_model",
        "django.contrib.auth.get_user_model",
        "oscar.core.loading.get_model",
    }
)
# Modules of the Django and DRF classes whose ``self.model`` is the model they serve:
# generic views, admin classes, forms, serializers, managers and querysets.
MODEL_SERVING_MODULES = (
    "django.views.generic",
    "django.contrib.admin",
    "django.forms",
    "django.db.models",
    "rest_framework",
)
# Attributes of a Django model instance that read its primary key.
PRIMARY_KEY_ATTRIBUTES = frozenset({"id", "pk"})
# Container and registry methods that keep an object beyond the call that created it.
STORING_METHODS = frozenset(
    {"setdefault", "append", "add", "insert", "extend", "update", "register", "put", "set"}
)
# Words of a function name that mark a probe: it opens a connection to check it (PFL106).
PROBE_WORDS = frozenset(
    {"check", "test", "validate", "verify", "ping", "probe", "health", "healthcheck"}
)
# Methods that close a connection, an engine or a pool.
CLOSING_METHODS = frozenset({"close", "dispose", "aclose", "terminate", "disconnect"})
# Functions that by their name run once per process or test class: entry points,
# setup hooks, application factories (PFL106).
RUNS_ONCE_FUNCTIONS = frozenset(
    {
        "main",
        "__init__",
        "__enter__",
        "__aenter__",
        "setUp",
        "setUpClass",
        "setup_method",
        "setup_class",
        "setUpTestData",
        "asyncSetUp",
        "create_app",
        "make_app",
        "app_factory",
        "ready",
        "startup",
        "on_startup",
        "lifespan",
        "init_app",
        "setup",
    }
)

# ----- facts the PFL5xx rules read by name ------------------------------------------------
# Types whose iteration yields the rows of a query: a list built from them, or grown in a
# loop over them, grows with the stored data (PFL502, PFL503).
ROW_SOURCE_TYPES = frozenset(
    {
        "dbapi.Cursor",
        "dbapi.AsyncCursor",
        QUERYSET,
        "sqlalchemy.orm.Query",
        "sqlalchemy.Result",
        "sqlalchemy.ScalarResult",
        "sqlalchemy.CursorResult",
        "sqlalchemy.engine.Result",
        "sqlalchemy.engine.ScalarResult",
        "sqlalchemy.engine.CursorResult",
    }
)
# Statement methods whose result iterates the statement's rows (PFL502, PFL503).
ROW_RESULT_METHODS = frozenset({"execute", "scalars"})
# Methods that return every remaining row of a result, whatever the driver (PFL502, PFL503).
ALL_ROWS_METHODS = frozenset({"fetchall", "fetchmany"})
# Methods that keep a result's rows: ``session.execute(q).scalars().all()`` (PFL502, PFL503).
ROW_KEEPING_METHODS = frozenset({"all", "scalars", "mappings", "unique", "fetchall"})
