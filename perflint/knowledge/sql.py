"""Calls that take SQL text: which argument carries it, and what shape it has.

``sql.sink`` calls take a complete statement (a syntax error there is PFL290);
``SQL_ARGUMENT`` says where the text is and whether it is a statement, a fragment to
wrap (Django's ``RawSQL`` expression, ``extra(where=[...])`` conditions) or a psycopg
composable with ``{}`` fields. Names are looked up through ``BASES`` like effects, so
``dbapi.Cursor.execute`` serves every DB-API driver's cursor. Users add sinks with
``[tool.perflint.knowledge] "sql.sink" = ["myapp.db.run"]`` (first argument, statement).
"""

from __future__ import annotations

from typing import NamedTuple

from perflint.knowledge._tables import Tables


class SqlArgument(NamedTuple):
    position: int | None  # positional index of the SQL argument, None: keyword only
    keyword: str  # keyword name of the SQL argument
    shape: str = "statement"  # "statement" | "expression" | "conditions" | "composable"


TABLES = Tables()
SINK = TABLES.kind("sql.sink", "takes SQL text (a statement) as an argument")

_STATEMENT = SqlArgument(0, "sql")

SQL_ARGUMENT: dict[str, SqlArgument] = {
    # DB-API 2.0 (sqlite3, psycopg, pymysql, Django's cursor, ...) and async drivers
    "dbapi.Cursor.execute": SqlArgument(0, "operation"),
    "dbapi.Cursor.executemany": SqlArgument(0, "operation"),
    "dbapi.Cursor.executescript": SqlArgument(0, "sql_script"),
    "dbapi.Connection.execute": _STATEMENT,
    "dbapi.Connection.executemany": _STATEMENT,
    "dbapi.Connection.executescript": SqlArgument(0, "sql_script"),
    "dbapi.AsyncCursor.execute": SqlArgument(0, "operation"),
    "dbapi.AsyncCursor.executemany": SqlArgument(0, "operation"),
    "dbapi.AsyncConnection.execute": _STATEMENT,
    "dbapi.AsyncConnection.executemany": _STATEMENT,
    # psycopg composition: sql.SQL("SELECT {} FROM {}").format(...)
    "psycopg.sql.SQL": SqlArgument(0, "obj", "composable"),
    "psycopg2.sql.SQL": SqlArgument(0, "string", "composable"),
    # asyncpg
    "asyncpg.Connection.fetch": SqlArgument(0, "query"),
    "asyncpg.Connection.fetchrow": SqlArgument(0, "query"),
    "asyncpg.Connection.fetchval": SqlArgument(0, "query"),
    "asyncpg.Connection.execute": SqlArgument(0, "query"),
    "asyncpg.Connection.executemany": SqlArgument(0, "command"),
    "asyncpg.Pool.fetch": SqlArgument(0, "query"),
    "asyncpg.Pool.fetchrow": SqlArgument(0, "query"),
    "asyncpg.Pool.fetchval": SqlArgument(0, "query"),
    "asyncpg.Pool.execute": SqlArgument(0, "query"),
    "asyncpg.Pool.executemany": SqlArgument(0, "command"),
    # SQLAlchemy
    "sqlalchemy.text": SqlArgument(0, "text"),
    "sqlalchemy.sql.text": SqlArgument(0, "text"),
    "sqlalchemy.sql.expression.text": SqlArgument(0, "text"),
    "sqlalchemy.engine.Connection.exec_driver_sql": SqlArgument(0, "statement"),
    "sqlalchemy.ext.asyncio.AsyncConnection.exec_driver_sql": SqlArgument(0, "statement"),
    # Django
    "django.db.models.Manager.raw": SqlArgument(0, "raw_query"),
    "django.db.models.manager.Manager.raw": SqlArgument(0, "raw_query"),
    "django.db.models.QuerySet.raw": SqlArgument(0, "raw_query"),
    "django.db.models.query.QuerySet.raw": SqlArgument(0, "raw_query"),
    "django.db.models.expressions.RawSQL": SqlArgument(0, "sql", "expression"),
    "django.db.models.RawSQL": SqlArgument(0, "sql", "expression"),
    "django.db.models.QuerySet.extra": SqlArgument(None, "where", "conditions"),
    "django.db.models.query.QuerySet.extra": SqlArgument(None, "where", "conditions"),
    "django.db.models.Manager.extra": SqlArgument(None, "where", "conditions"),
    # pandas
    "pandas.read_sql": _STATEMENT,
    "pandas.read_sql_query": _STATEMENT,
    "pandas.io.sql.read_sql": _STATEMENT,
    "pandas.io.sql.read_sql_query": _STATEMENT,
}

TABLES.effect(SINK, *SQL_ARGUMENT)

# A call to one of these methods on a receiver perflint cannot trace (``self.db``, a
# Django model's manager) is taken as SQL only when its string parses as a statement.
PROBABLE_SINK_METHODS: dict[str, SqlArgument] = {
    **{
        name: SqlArgument(0, "sql")
        for name in (
            "execute",
            "executemany",
            "executescript",
            "fetch",
            "fetchrow",
            "fetchval",
            "fetch_all",
            "fetch_one",
            "fetch_val",
            "raw",
            "exec_driver_sql",
            "read_sql",
            "read_sql_query",
        )
    },
    "extra": SqlArgument(None, "where", "conditions"),  # Django QuerySet.extra(where=[...])
}

# Drivers that speak one family of dialects: a configured dialect outside the family
# (the postgres default in a project that also uses sqlite3) gives way to the first one.
_MYSQL_FAMILY = ("mysql", "singlestore", "doris", "starrocks")
_POSTGRES_FAMILY = ("postgres", "redshift", "materialize", "risingwave")
DRIVER_DIALECTS: dict[str, tuple[str, ...]] = {
    "psycopg.": _POSTGRES_FAMILY,
    "psycopg2.": _POSTGRES_FAMILY,
    "asyncpg.": _POSTGRES_FAMILY,
    "aiopg.": _POSTGRES_FAMILY,
    "sqlite3.": ("sqlite",),
    "aiosqlite.": ("sqlite",),
    "pymysql.": _MYSQL_FAMILY,
    "MySQLdb.": _MYSQL_FAMILY,
    "mysql.connector.": _MYSQL_FAMILY,
    "aiomysql.": _MYSQL_FAMILY,
    "snowflake.connector.": ("snowflake",),
    "cx_Oracle.": ("oracle",),
    "oracledb.": ("oracle",),
}

# Words that name a dialect, in a string a branch compares with (``dialect.name ==
# "postgresql"``) or in a class name it tests with ``isinstance`` (``PostgresEngine``).
DIALECT_WORDS = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "mssql": "tsql",
    "sqlserver": "tsql",
    "oracle": "oracle",
}

# Short names of a dialect, as words of a variable's name (``_PG_STRIP_SQL``).
DIALECT_ABBREVIATIONS = {"pg": "postgres", "psql": "postgres", "mssql": "tsql"}

# Reading the one value a query returned: ``cur.fetchone()[0]`` / ``conn.fetchval(...)``.
ROW_FETCH_METHODS = frozenset({"fetchone", "fetchrow", "first", "one", "one_or_none"})
# Reading every row a query returned: ``cur.fetchall()``, ``result.all()``, ``results.rows``.
ROWS_FETCH_METHODS = frozenset({"fetchall", "fetchmany", "all", "rows"})

# Taking a query's rows whole, every column: sinks that map each column onto an object
# (Django's raw() fills model instances, pandas a DataFrame), by qualified name and as a
# method on an untraced receiver; results turned into a frame (duckdb, SQLAlchemy, polars);
# what gives the column names, for code that handles whatever columns come.
WHOLE_ROW_SINKS = frozenset(
    {
        "django.db.models.Manager.raw",
        "django.db.models.manager.Manager.raw",
        "django.db.models.QuerySet.raw",
        "django.db.models.query.QuerySet.raw",
        "pandas.read_sql",
        "pandas.read_sql_query",
        "pandas.io.sql.read_sql",
        "pandas.io.sql.read_sql_query",
    }
)
WHOLE_ROW_SINK_METHODS = frozenset({"raw", "read_sql", "read_sql_query"})
FRAME_RESULT_METHODS = frozenset(
    {"fetchdf", "df", "fetch_df", "pl", "arrow", "fetch_arrow_table", "fetchnumpy", "to_pandas"}
)
COLUMN_NAME_ATTRIBUTES = frozenset({"description", "keys", "column_names", "columns"})
SCALAR_FETCH_METHODS = frozenset({"fetchval", "scalar", "scalar_one", "scalar_one_or_none"})

# First words of the statements the SQL rules look at: DML, or a WITH before one.
STATEMENT_KEYWORDS = frozenset({"SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE"})

# Dialects tried when a query fails in the configured one, to name one it parses in.
COMMON_DIALECTS = ("postgres", "mysql", "sqlite", "tsql", "oracle", "snowflake", "bigquery")

# SQL functions that return a new random value for every row.
RANDOM_FUNCTIONS = frozenset({"RANDOM", "RAND", "NEWID", "GEN_RANDOM_UUID", "UUID", "RANDOMBLOB"})
# The sqlglot expression classes some dialects parse those functions into.
RANDOM_EXPRESSIONS = ("Rand", "Uuid")

# sqlglot expression classes (and cast target types) whose result orders like their
# column: `DATE(created) = ?` matches the same rows as a range of `created`.
ORDER_KEEPING_EXPRESSIONS = (
    "Date",
    "DateTrunc",
    "TimestampTrunc",
    "DatetimeTrunc",
    "TsOrDsToDate",
    "Year",
)
ORDERED_TYPES = frozenset({"DATE", "DATETIME", "TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMPLTZ"})

# sqlglot expression classes an expression index commonly serves (JSON extraction, subscripts).
INDEXABLE_EXPRESSIONS = (
    "JSONExtract",
    "JSONExtractScalar",
    "JSONBExtract",
    "JSONBExtractScalar",
    "Bracket",
)

# A database's own catalog: small tables read for metadata, never worth tuning a query on.
CATALOG_SCHEMAS = frozenset(
    {"information_schema", "pg_catalog", "performance_schema", "mysql", "sys"}
)
CATALOG_TABLE_PREFIXES = ("sqlite_", "pg_")

# sqlglot classes of a substring search (POSITION, STRPOS, INSTR, LOCATE, CHARINDEX).
SUBSTRING_SEARCH_EXPRESSIONS = ("StrPosition",)
# What serves a substring search, by dialect ("": any other).
SUBSTRING_INDEXES = {
    "postgres": "a trigram index (`pg_trgm`)",
    "sqlite": "an FTS5 full-text table",
    "mysql": "a `FULLTEXT` index",
    "": "a full-text index",
}

# Columns that are never NULL by the name every schema gives them: primary keys, row ids.
NEVER_NULL_COLUMNS = frozenset({"id", "pk", "rowid", "_rowid_", "oid", "ctid"})

# Words of a routine's name that say it empties or rewrites whole tables on purpose
# (``clear()``, ``reset_counters``, ``backfill_names``, a schema ``upgrade``).
WHOLE_TABLE_ROUTINE_WORDS = frozenset(
    {
        "clear",
        "reset",
        "flush",
        "purge",
        "wipe",
        "empty",
        "truncate",
        "drop",
        "rebuild",
        "recreate",
        "refill",
        "reload",
        "backfill",
        "populate",
        "migrate",
        "migration",
        "upgrade",
        "downgrade",
        "teardown",
    }
)
# Dialects without ``TRUNCATE``.
NO_TRUNCATE = frozenset({"sqlite"})
