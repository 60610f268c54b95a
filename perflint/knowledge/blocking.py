"""Blocking calls: what stalls an event loop when called inside ``async def``.

Grouped by family (``blocking.<family>``) so a finding can name the family and the
async replacement for the framework in use. Sources: Home Assistant's runtime detector
(``homeassistant/block_async_io.py``) and flake8-async's ASYNC2xx rules. Users add their
own with ``"blocking.call" = ["myapp.legacy.sync_fetch"]`` in ``[tool.perflint.knowledge]``.
"""

KINDS = {
    "blocking.sleep": "a thread-blocking sleep",
    "blocking.http": "a synchronous HTTP request",
    "blocking.socket": "a blocking socket or DNS call",
    "blocking.subprocess": "a blocking subprocess call",
    "blocking.file": "blocking file-system I/O",
    "blocking.db": "a synchronous database round trip",
    "blocking.redis": "a synchronous Redis round trip",
    "blocking.sync-primitive": "a wait on a thread synchronisation primitive",
    "blocking.console": "a blocking read from the console",
    "blocking.call": "a blocking call (declared by the user)",
}

# Async frameworks other than asyncio, by top-level module: the first one a file imports
# picks the advice in REPLACEMENTS (asyncio otherwise).
FRAMEWORKS = ("trio", "anyio")
# Family -> framework -> what to use instead. "{to_thread}" is the framework's way to run
# a sync function in a worker thread.
TO_THREAD = {
    "asyncio": "`await asyncio.to_thread(...)`",
    "trio": "`await trio.to_thread.run_sync(...)`",
    "anyio": "`await anyio.to_thread.run_sync(...)`",
}
REPLACEMENTS = {
    "blocking.sleep": {
        "asyncio": "`await asyncio.sleep(...)`",
        "trio": "`await trio.sleep(...)`",
        "anyio": "`await anyio.sleep(...)`",
    },
    "blocking.http": {
        "asyncio": "an async client (`httpx.AsyncClient`, `aiohttp.ClientSession`) or {to_thread}",
        "trio": "`httpx.AsyncClient` or {to_thread}",
        "anyio": "`httpx.AsyncClient` or {to_thread}",
    },
    "blocking.socket": {
        "asyncio": "`asyncio.open_connection(...)` / `loop.getaddrinfo(...)`",
        "trio": "`trio.open_tcp_stream(...)` / `trio.socket`",
        "anyio": "`anyio.connect_tcp(...)` / `anyio.getaddrinfo(...)`",
    },
    "blocking.subprocess": {
        "asyncio": "`asyncio.create_subprocess_exec(...)`",
        "trio": "`trio.run_process(...)`",
        "anyio": "`anyio.run_process(...)`",
    },
    "blocking.file": {
        "asyncio": "{to_thread} (or `aiofiles`)",
        "trio": "`trio.Path` / {to_thread}",
        "anyio": "`anyio.Path` / {to_thread}",
    },
    "blocking.db": {
        "asyncio": "an async driver (asyncpg, aiosqlite, SQLAlchemy `AsyncSession`) or {to_thread}",
        "trio": "{to_thread}",
        "anyio": "an async driver or {to_thread}",
    },
    "blocking.redis": {
        "asyncio": "`redis.asyncio.Redis`",
        "trio": "{to_thread}",
        "anyio": "`redis.asyncio.Redis` or {to_thread}",
    },
    "blocking.sync-primitive": {
        "asyncio": "`asyncio.Queue` / `asyncio.Lock` / `asyncio.Event`, `asyncio.wrap_future`, "
        "or {to_thread}",
        "trio": "trio's own channels and locks, or {to_thread}",
        "anyio": "anyio's own streams and locks, or {to_thread}",
    },
    "blocking.console": {
        "asyncio": "{to_thread}",
        "trio": "{to_thread}",
        "anyio": "{to_thread}",
    },
    "blocking.call": {
        "asyncio": "{to_thread}",
        "trio": "{to_thread}",
        "anyio": "{to_thread}",
    },
}

# A call is not blocking when this argument (keyword, positional index) is literally False.
NON_BLOCKING_FLAG = {
    "queue.Queue.get": ("block", 0),
    "threading.Lock.acquire": ("blocking", 0),
    "threading.RLock.acquire": ("blocking", 0),
    "threading.Semaphore.acquire": ("blocking", 0),
}

EFFECTS: dict[str, tuple[str, ...]] = {}


def _add(kind: str, *names: str) -> None:
    for name in names:
        EFFECTS[name] = (*EFFECTS.get(name, ()), kind)


def _members(owner: str, names: str) -> tuple[str, ...]:
    """``_members("os.path", "exists isfile")`` -> ``("os.path.exists", "os.path.isfile")``."""
    return tuple(f"{owner}.{name}" for name in names.split())


_VERBS = "get post put patch delete head options request"

_add("blocking.sleep", "time.sleep")
_add(
    "blocking.http",
    *_members("requests", _VERBS),
    *_members("requests.Session", _VERBS + " send"),
    *_members("httpx", _VERBS + " stream"),
    *_members("httpx.Client", _VERBS + " send stream"),
    *_members("urllib.request", "urlopen urlretrieve"),
    "urllib.request.OpenerDirector.open",
    "urllib3.request",
    *_members("urllib3.PoolManager", "request urlopen request_encode_url request_encode_body"),
    *_members("urllib3.HTTPConnectionPool", "request urlopen"),
    *_members("http.client.HTTPConnection", "request getresponse connect"),
    "http.client.HTTPResponse.read",
)
_add(
    "blocking.socket",
    *_members(
        "socket",
        "create_connection getaddrinfo gethostbyname gethostbyname_ex gethostbyaddr "
        "getnameinfo getfqdn",
    ),
    *_members(
        "socket.socket", "connect accept recv recv_into recvfrom send sendall sendto sendfile"
    ),
)
_add(
    "blocking.subprocess",
    *_members("subprocess", "run call check_call check_output getoutput getstatusoutput Popen"),
    *_members("subprocess.Popen", "wait communicate"),
    *_members("os", "system popen wait waitpid wait3 wait4 waitid"),
    *_members("os", "spawnl spawnle spawnlp spawnlpe spawnv spawnve spawnvp spawnvpe"),
)
_add(
    "blocking.file",
    "builtins.open",
    "io.open",
    "io.open_code",
    "codecs.open",
    "os.fdopen",
    *_members(
        "pathlib.Path",
        "open read_text read_bytes write_text write_bytes exists is_file is_dir is_symlink "
        "stat lstat resolve iterdir glob rglob walk mkdir rmdir unlink rename replace touch "
        "samefile chmod owner group",
    ),
    *_members(
        "os",
        "listdir scandir walk stat lstat remove unlink rename replace makedirs mkdir rmdir "
        "removedirs",
    ),
    *_members(
        "os.path",
        "exists lexists isfile isdir islink ismount getsize getmtime getatime getctime "
        "samefile realpath",
    ),
    *_members("glob", "glob iglob"),
    "tarfile.open",
    "zipfile.ZipFile",
    *_members(
        "shutil",
        "copy copy2 copyfile copyfileobj copytree rmtree move make_archive unpack_archive "
        "disk_usage",
    ),
    *_members("ssl.SSLContext", "load_default_certs load_verify_locations load_cert_chain"),
)
_add(
    "blocking.db",
    *_members("dbapi.Cursor", "execute executemany fetchone fetchmany fetchall callproc"),
    *_members("dbapi.Connection", "commit rollback execute executemany"),
    *_members("sqlalchemy.orm.Session", "execute scalars scalar get commit flush refresh merge"),
    "sqlalchemy.orm.Session.delete",
    *_members("sqlalchemy.orm.Query", "all first one one_or_none scalar count"),
    *_members("sqlalchemy.engine.Connection", "execute scalar scalars commit"),
    *_members("sqlalchemy.engine.Engine", "connect begin"),
    *(f"{driver}.connect" for driver in ("sqlite3", "psycopg2", "psycopg", "pymysql", "MySQLdb")),
    "mysql.connector.connect",
)
_add(
    "blocking.redis",
    *_members(
        "redis.Redis",
        "get set setex mget mset delete exists expire incr decr hget hset hgetall hmget lpush "
        "rpush lpop rpop blpop brpop lrange sadd smembers zadd zrange publish keys scan ping",
    ),
    "redis.client.Pipeline.execute",
)
_add(
    "blocking.sync-primitive",
    *_members("queue.Queue", "get join"),
    *_members("threading.Lock", "acquire"),
    *_members("threading.RLock", "acquire"),
    *_members("threading.Semaphore", "acquire"),
    *_members("threading.Event", "wait"),
    *_members("threading.Condition", "wait"),
    *_members("threading.Thread", "join"),
    "concurrent.futures.Future.result",
    "multiprocessing.pool.AsyncResult.get",
)
_add("blocking.console", "builtins.input")

RETURNS = {
    "pathlib.Path": "pathlib.Path",
    "pathlib.PurePath": "pathlib.PurePath",
    "pathlib.Path.home": "pathlib.Path",
    "pathlib.Path.cwd": "pathlib.Path",
    "pathlib.Path.__truediv__": "pathlib.Path",
    "pathlib.Path.joinpath": "pathlib.Path",
    "pathlib.Path.with_suffix": "pathlib.Path",
    "pathlib.Path.with_name": "pathlib.Path",
    "pathlib.Path.with_stem": "pathlib.Path",
    "pathlib.Path.absolute": "pathlib.Path",
    "pathlib.Path.resolve": "pathlib.Path",
    "pathlib.Path.expanduser": "pathlib.Path",
    "pathlib.Path.relative_to": "pathlib.Path",
    "socket.socket": "socket.socket",
    "socket.create_connection": "socket.socket",
    "subprocess.Popen": "subprocess.Popen",
    "queue.Queue": "queue.Queue",
    "queue.LifoQueue": "queue.Queue",
    "queue.PriorityQueue": "queue.Queue",
    "queue.SimpleQueue": "queue.Queue",
    "threading.Lock": "threading.Lock",
    "threading.RLock": "threading.RLock",
    "threading.Semaphore": "threading.Semaphore",
    "threading.BoundedSemaphore": "threading.Semaphore",
    "threading.Event": "threading.Event",
    "threading.Condition": "threading.Condition",
    "threading.Thread": "threading.Thread",
    "concurrent.futures.ThreadPoolExecutor": "concurrent.futures.Executor",
    "concurrent.futures.ProcessPoolExecutor": "concurrent.futures.Executor",
    "concurrent.futures.Executor.submit": "concurrent.futures.Future",
    "ssl.create_default_context": "ssl.SSLContext",
    "ssl.SSLContext": "ssl.SSLContext",
    "redis.Redis": "redis.Redis",
    "redis.StrictRedis": "redis.Redis",
    "redis.from_url": "redis.Redis",
    "redis.Redis.from_url": "redis.Redis",
    "redis.Redis.pipeline": "redis.client.Pipeline",
}
BASES = {
    "pathlib.PosixPath": ("pathlib.Path",),
    "pathlib.WindowsPath": ("pathlib.Path",),
    "redis.client.Redis": ("redis.Redis",),
    "concurrent.futures.ThreadPoolExecutor": ("concurrent.futures.Executor",),
    "concurrent.futures.ProcessPoolExecutor": ("concurrent.futures.Executor",),
}
INSTANCES = {
    "pathlib.Path.parent": "pathlib.Path",
}
