"""The type vocabulary of database clients: which call returns which connection,
cursor, session or pool. Shared by the database (PFL1xx), SQL (PFL2xx) and async
(PFL3xx) families; their effects live in their own modules.

Types are named by their public import path. Every DB-API 2.0 driver's connection and
cursor inherit ``dbapi.Connection`` / ``dbapi.Cursor``, so a method entry on those serves
all drivers; async drivers inherit ``dbapi.AsyncConnection`` / ``dbapi.AsyncCursor``.
"""

from perflint.knowledge._tables import Tables

TABLES = Tables()

_SYNC_DRIVERS = {
    # connect function: (connection type, cursor type)
    "sqlite3.connect": ("sqlite3.Connection", "sqlite3.Cursor"),
    "psycopg2.connect": ("psycopg2.extensions.connection", "psycopg2.extensions.cursor"),
    "psycopg.connect": ("psycopg.Connection", "psycopg.Cursor"),
    "psycopg.Connection.connect": ("psycopg.Connection", "psycopg.Cursor"),
    "pymysql.connect": ("pymysql.connections.Connection", "pymysql.cursors.Cursor"),
    "pymysql.Connect": ("pymysql.connections.Connection", "pymysql.cursors.Cursor"),
    "MySQLdb.connect": ("MySQLdb.connections.Connection", "MySQLdb.cursors.Cursor"),
    "mysql.connector.connect": (
        "mysql.connector.connection.MySQLConnection",
        "mysql.connector.cursor.MySQLCursor",
    ),
    "cx_Oracle.connect": ("cx_Oracle.Connection", "cx_Oracle.Cursor"),
    "oracledb.connect": ("oracledb.Connection", "oracledb.Cursor"),
    "pyodbc.connect": ("pyodbc.Connection", "pyodbc.Cursor"),
    "snowflake.connector.connect": (
        "snowflake.connector.SnowflakeConnection",
        "snowflake.connector.cursor.SnowflakeCursor",
    ),
}

_ASYNC_DRIVERS = {
    "aiosqlite.connect": ("aiosqlite.Connection", "aiosqlite.Cursor"),
    "psycopg.AsyncConnection.connect": ("psycopg.AsyncConnection", "psycopg.AsyncCursor"),
    "aiomysql.connect": ("aiomysql.Connection", "aiomysql.Cursor"),
}


for _connect, (_connection, _cursor) in _SYNC_DRIVERS.items():
    TABLES.returns({_connect: _connection, f"{_connection}.cursor": _cursor})
    TABLES.bases({_connection: ("dbapi.Connection",), _cursor: ("dbapi.Cursor",)})

for _connect, (_connection, _cursor) in _ASYNC_DRIVERS.items():
    TABLES.returns({_connect: _connection, f"{_connection}.cursor": _cursor})
    TABLES.bases({_connection: ("dbapi.AsyncConnection",), _cursor: ("dbapi.AsyncCursor",)})

TABLES.returns(
    {
        # sqlite3, psycopg 3 and aiosqlite connections execute directly, returning a cursor
        "sqlite3.Connection.execute": "sqlite3.Cursor",
        "sqlite3.Connection.executemany": "sqlite3.Cursor",
        "sqlite3.Cursor.execute": "sqlite3.Cursor",
        "psycopg.Connection.execute": "psycopg.Cursor",
        "psycopg.Cursor.execute": "psycopg.Cursor",
        "psycopg.AsyncConnection.execute": "psycopg.AsyncCursor",
        "aiosqlite.Connection.execute": "aiosqlite.Cursor",
        "psycopg_pool.ConnectionPool": "psycopg_pool.ConnectionPool",
        "psycopg_pool.ConnectionPool.connection": "psycopg.Connection",
        "psycopg_pool.AsyncConnectionPool": "psycopg_pool.AsyncConnectionPool",
        "psycopg_pool.AsyncConnectionPool.connection": "psycopg.AsyncConnection",
        "psycopg2.pool.SimpleConnectionPool": "psycopg2.pool.AbstractConnectionPool",
        "psycopg2.pool.ThreadedConnectionPool": "psycopg2.pool.AbstractConnectionPool",
        "psycopg2.pool.AbstractConnectionPool.getconn": "psycopg2.extensions.connection",
        # asyncpg: connections and pools
        "asyncpg.connect": "asyncpg.Connection",
        "asyncpg.create_pool": "asyncpg.Pool",
        "asyncpg.Pool.acquire": "asyncpg.Connection",
        # SQLAlchemy 1.4 / 2.0
        "sqlalchemy.create_engine": "sqlalchemy.engine.Engine",
        "sqlalchemy.engine.create_engine": "sqlalchemy.engine.Engine",
        "sqlalchemy.ext.asyncio.create_async_engine": "sqlalchemy.ext.asyncio.AsyncEngine",
        "sqlalchemy.engine.Engine.connect": "sqlalchemy.engine.Connection",
        "sqlalchemy.engine.Engine.begin": "sqlalchemy.engine.Connection",
        "sqlalchemy.ext.asyncio.AsyncEngine.connect": "sqlalchemy.ext.asyncio.AsyncConnection",
        "sqlalchemy.ext.asyncio.AsyncEngine.begin": "sqlalchemy.ext.asyncio.AsyncConnection",
        "sqlalchemy.orm.Session": "sqlalchemy.orm.Session",
        "sqlalchemy.orm.sessionmaker": "sqlalchemy.orm.sessionmaker",
        "sqlalchemy.orm.sessionmaker.__call__": "sqlalchemy.orm.Session",
        "sqlalchemy.orm.sessionmaker.begin": "sqlalchemy.orm.Session",
        "sqlalchemy.orm.scoped_session": "sqlalchemy.orm.scoped_session",
        "sqlalchemy.orm.scoped_session.__call__": "sqlalchemy.orm.Session",
        "sqlalchemy.ext.asyncio.AsyncSession": "sqlalchemy.ext.asyncio.AsyncSession",
        "sqlalchemy.ext.asyncio.async_sessionmaker": "sqlalchemy.ext.asyncio.async_sessionmaker",
        "sqlalchemy.ext.asyncio.async_sessionmaker.__call__": "sqlalchemy.ext.asyncio.AsyncSession",
        "sqlalchemy.orm.Session.query": "sqlalchemy.orm.Query",
        "sqlalchemy.orm.Query.filter": "sqlalchemy.orm.Query",
        "sqlalchemy.orm.Query.filter_by": "sqlalchemy.orm.Query",
        "sqlalchemy.orm.Query.order_by": "sqlalchemy.orm.Query",
        "sqlalchemy.orm.Query.join": "sqlalchemy.orm.Query",
        "sqlalchemy.orm.Query.options": "sqlalchemy.orm.Query",
        "sqlalchemy.orm.Query.limit": "sqlalchemy.orm.Query",
        # Django's default connection
        "django.db.connection.cursor": "django.db.backends.utils.CursorWrapper",
        "django.db.connections.__getitem__": "django.db.backends.base.base.BaseDatabaseWrapper",
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor": (
            "django.db.backends.utils.CursorWrapper"
        ),
    }
)
TABLES.bases(
    {
        "django.db.backends.utils.CursorWrapper": ("dbapi.Cursor",),
        "django.db.backends.base.base.BaseDatabaseWrapper": ("dbapi.Connection",),
        # The same classes under the paths they are defined at
        "sqlalchemy.orm.session.Session": ("sqlalchemy.orm.Session",),
        "sqlalchemy.engine.base.Engine": ("sqlalchemy.engine.Engine",),
        "sqlalchemy.engine.base.Connection": ("sqlalchemy.engine.Connection",),
        "sqlalchemy.Engine": ("sqlalchemy.engine.Engine",),
        "sqlalchemy.Connection": ("sqlalchemy.engine.Connection",),
        "sqlalchemy.orm.scoped_session": ("sqlalchemy.orm.Session",),
        "asyncpg.connection.Connection": ("asyncpg.Connection",),
        "asyncpg.pool.Pool": ("asyncpg.Pool",),
    }
)
TABLES.returns({"dbapi.Connection.cursor": "dbapi.Cursor"})
TABLES.instances({"django.db.connection": "django.db.backends.base.base.BaseDatabaseWrapper"})
