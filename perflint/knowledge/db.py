"""Database, ORM and cache effects (PFL1xx): which calls are a round trip, a write, a
commit, a new connection or a single-key cache command. Client types come from
`perflint.knowledge.dbtypes`; Django's ORM and the cache clients' types are added here.
"""

KINDS = {
    "db.query": "a database round trip (a read unless its SQL says otherwise)",
    "db.statement": "its first argument is a SQL statement (or a SQLAlchemy construct)",
    "db.write": "a single-row or single-statement database write",
    "db.fetch": "reads rows of a result that was already fetched (no round trip)",
    "db.commit": "commits a database transaction",
    "db.transaction": "opens a new database transaction block",
    "db.connect": "opens a database or cache connection (or a pool of them)",
    "db.local": "connects to a local, in-process database (cheap to open)",
    "db.sql-text": "wraps a SQL string given as its first argument",
    "db.write-statement": "builds an INSERT/UPDATE/DELETE statement",
    "cache.command": "one cache round trip for a single key",
}

_QUERY = ("db.query",)
_STATEMENT = ("db.query", "db.statement")
_WRITE = ("db.write",)
_COMMIT = ("db.commit",)
_TRANSACTION = ("db.transaction",)
_CONNECT = ("db.connect",)
_CACHE = ("cache.command",)

EFFECTS: dict[str, tuple[str, ...]] = {}
RETURNS: dict[str, str] = {}
BASES: dict[str, tuple[str, ...]] = {}
INSTANCES: dict[str, str] = {}

# ----- DB-API 2.0 drivers (sync and async) ---------------------------------------------
for _base in ("dbapi.Cursor", "dbapi.AsyncCursor"):
    EFFECTS[f"{_base}.execute"] = _STATEMENT
    for _method in ("fetchone", "fetchall", "fetchmany", "scroll"):
        EFFECTS[f"{_base}.{_method}"] = ("db.fetch",)
for _base in ("dbapi.Connection", "dbapi.AsyncConnection"):
    EFFECTS[f"{_base}.commit"] = _COMMIT
# sqlite3, psycopg 3 and aiosqlite connections execute without an explicit cursor
for _connection in (
    "sqlite3.Connection",
    "psycopg.Connection",
    "psycopg.AsyncConnection",
    "aiosqlite.Connection",
    "dbapi.AsyncConnection",
):
    EFFECTS[f"{_connection}.execute"] = _STATEMENT
EFFECTS["aiosqlite.Connection.execute_fetchall"] = _STATEMENT
EFFECTS["psycopg.Connection.transaction"] = _TRANSACTION
EFFECTS["psycopg.AsyncConnection.transaction"] = _TRANSACTION

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
    EFFECTS[_connect] = _CONNECT
EFFECTS["sqlite3.connect"] = ("db.connect", "db.local")
EFFECTS["aiosqlite.connect"] = ("db.connect", "db.local")

# ----- asyncpg ---------------------------------------------------------------------------
for _owner in ("asyncpg.Connection", "asyncpg.Pool"):
    for _method in ("fetch", "fetchrow", "fetchval", "execute"):
        EFFECTS[f"{_owner}.{_method}"] = _STATEMENT
EFFECTS["asyncpg.Connection.transaction"] = _TRANSACTION

# ----- SQLAlchemy 1.4 / 2.0 ----------------------------------------------------------------
for _owner in (
    "sqlalchemy.orm.Session",
    "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlalchemy.engine.Connection",
    "sqlalchemy.ext.asyncio.AsyncConnection",
    "sqlalchemy.engine.Engine",
):
    EFFECTS[f"{_owner}.execute"] = _STATEMENT
    EFFECTS[f"{_owner}.scalar"] = _STATEMENT
    EFFECTS[f"{_owner}.scalars"] = _STATEMENT
for _owner in ("sqlalchemy.orm.Session", "sqlalchemy.ext.asyncio.AsyncSession"):
    for _method in ("get", "get_one", "refresh"):
        EFFECTS[f"{_owner}.{_method}"] = _QUERY
    EFFECTS[f"{_owner}.flush"] = _WRITE
for _owner in (
    "sqlalchemy.orm.Session",
    "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlalchemy.engine.Connection",
    "sqlalchemy.ext.asyncio.AsyncConnection",
):
    EFFECTS[f"{_owner}.commit"] = _COMMIT
    EFFECTS[f"{_owner}.begin"] = _TRANSACTION
BASES["sqlalchemy.ext.asyncio.AsyncSession"] = ("sqlalchemy.orm.Session",)
RETURNS["sqlalchemy.ext.asyncio.async_scoped_session"] = "sqlalchemy.ext.asyncio.AsyncSession"
for _method in ("all", "first", "one", "one_or_none", "scalar", "count", "get"):
    EFFECTS[f"sqlalchemy.orm.Query.{_method}"] = _QUERY
for _method in ("update", "delete"):
    EFFECTS[f"sqlalchemy.orm.Query.{_method}"] = _WRITE
for _method in ("outerjoin", "group_by", "having", "offset", "distinct", "with_entities"):
    RETURNS[f"sqlalchemy.orm.Query.{_method}"] = "sqlalchemy.orm.Query"
EFFECTS["sqlalchemy.text"] = ("db.sql-text",)
EFFECTS["sqlalchemy.sql.text"] = ("db.sql-text",)
EFFECTS["sqlalchemy.sql.expression.text"] = ("db.sql-text",)
for _module in ("sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression"):
    for _builder in ("insert", "update", "delete"):
        EFFECTS[f"{_module}.{_builder}"] = ("db.write-statement",)
EFFECTS["sqlalchemy.dialects.postgresql.insert"] = ("db.write-statement",)
EFFECTS["sqlalchemy.dialects.sqlite.insert"] = ("db.write-statement",)
EFFECTS["sqlalchemy.dialects.mysql.insert"] = ("db.write-statement",)

# ----- Django ORM ------------------------------------------------------------------------------
# Managers are querysets for our purpose: ``Book.objects.filter`` is ``QuerySet.filter``.
QUERYSET = "django.db.models.QuerySet"
VALUES_QUERYSET = "django.db.models.query.ValuesQuerySet"  # rows are dicts / tuples
MANAGER = "django.db.models.Manager"
MODEL = "django.db.models.Model"
BASES[MANAGER] = (QUERYSET,)
BASES[VALUES_QUERYSET] = (QUERYSET,)
BASES["django.db.models.manager.Manager"] = (MANAGER,)
BASES["django.db.models.query.QuerySet"] = (QUERYSET,)
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
    RETURNS[f"{QUERYSET}.{_method}"] = QUERYSET
for _method in ("values", "values_list", "dates", "datetimes"):
    RETURNS[f"{QUERYSET}.{_method}"] = VALUES_QUERYSET
for _method in ("get", "first", "last", "earliest", "latest", "create"):
    RETURNS[f"{QUERYSET}.{_method}"] = MODEL
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
    EFFECTS[f"{QUERYSET}.{_method}"] = _QUERY
for _method in ("create", "update", "delete", "get_or_create", "update_or_create"):
    EFFECTS[f"{QUERYSET}.{_method}"] = _WRITE
for _method in ("add", "remove", "clear", "set"):  # related managers
    EFFECTS[f"{MANAGER}.{_method}"] = _WRITE
for _method in ("save", "delete"):
    EFFECTS[f"{MODEL}.{_method}"] = _WRITE
EFFECTS[f"{MODEL}.refresh_from_db"] = _QUERY
EFFECTS["django.db.transaction.atomic"] = _TRANSACTION

# ----- redis-py (sync and asyncio) -------------------------------------------------------
REDIS = "redis.Redis"
ASYNC_REDIS = "redis.asyncio.Redis"
for _constructor in (
    "redis.Redis",
    "redis.StrictRedis",
    "redis.from_url",
    "redis.Redis.from_url",
    "redis.client.Redis",
    "redis.client.StrictRedis",
):
    RETURNS[_constructor] = REDIS
    EFFECTS[_constructor] = _CONNECT
for _constructor in (
    "redis.asyncio.Redis",
    "redis.asyncio.from_url",
    "redis.asyncio.Redis.from_url",
    "redis.asyncio.StrictRedis",
):
    RETURNS[_constructor] = ASYNC_REDIS
    EFFECTS[_constructor] = _CONNECT
EFFECTS["redis.ConnectionPool"] = _CONNECT
EFFECTS["redis.asyncio.ConnectionPool"] = _CONNECT
BASES["redis.StrictRedis"] = (REDIS,)
BASES["redis.client.Redis"] = (REDIS,)
BASES["redis.asyncio.client.Redis"] = (ASYNC_REDIS,)
BASES[ASYNC_REDIS] = (REDIS,)
# A pipeline batches commands: its methods are not round trips.
RETURNS[f"{REDIS}.pipeline"] = "redis.client.Pipeline"
RETURNS[f"{ASYNC_REDIS}.pipeline"] = "redis.asyncio.client.Pipeline"
REDIS_SINGLE_KEY_COMMANDS = (
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
for _command in REDIS_SINGLE_KEY_COMMANDS:
    EFFECTS[f"{REDIS}.{_command}"] = _CACHE

# ----- pymemcache ------------------------------------------------------------------------
MEMCACHE = "pymemcache.client.base.Client"
for _constructor in (
    "pymemcache.client.base.Client",
    "pymemcache.Client",
    "pymemcache.client.base.PooledClient",
    "pymemcache.PooledClient",
    "pymemcache.client.hash.HashClient",
    "pymemcache.HashClient",
    "pymemcache.client.Client",
):
    RETURNS[_constructor] = MEMCACHE
    EFFECTS[_constructor] = _CONNECT
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
    EFFECTS[f"{MEMCACHE}.{_command}"] = _CACHE

# ----- Django's cache API ----------------------------------------------------------------
DJANGO_CACHE = "django.core.cache.backends.base.BaseCache"
INSTANCES["django.core.cache.cache"] = DJANGO_CACHE
for _command in ("get", "set", "add", "delete", "incr", "decr", "touch", "get_or_set", "has_key"):
    EFFECTS[f"{DJANGO_CACHE}.{_command}"] = _CACHE

# What to use instead of one command per key, by the client's type.
BATCH_ALTERNATIVES = {
    REDIS: "use mget()/mset() or a pipeline()",
    MEMCACHE: "use get_many()/set_many()",
    DJANGO_CACHE: "use cache.get_many()/set_many()",
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
# Attributes of a Django model instance that read its primary key.
PRIMARY_KEY_ATTRIBUTES = frozenset({"id", "pk"})
# Container and registry methods that keep an object beyond the call that created it.
STORING_METHODS = frozenset(
    {"setdefault", "append", "add", "insert", "extend", "update", "register", "put", "set"}
)
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
