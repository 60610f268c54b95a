"""Blocking calls: what stalls an event loop when called inside ``async def``.

Grouped by family (``blocking.<family>``) so a finding can name the family and the
async replacement for the framework in use. Sources: Home Assistant's runtime detector
(``homeassistant/block_async_io.py``) and flake8-async's ASYNC2xx rules. Users add their
own with ``"blocking.call" = ["myapp.legacy.sync_fetch"]`` in ``[tool.perflint.knowledge]``.
"""

from perflint.knowledge._tables import Tables, members

TABLES = Tables()
# Every kind of this module starts so: a user-declared kind of the family counts too.
FAMILY_PREFIX = "blocking."
SLEEP = TABLES.kind("blocking.sleep", "a thread-blocking sleep")
HTTP = TABLES.kind("blocking.http", "a synchronous HTTP request")
SOCKET = TABLES.kind("blocking.socket", "a blocking socket or DNS call")
SUBPROCESS = TABLES.kind("blocking.subprocess", "a blocking subprocess call")
FILE = TABLES.kind("blocking.file", "blocking file-system I/O")
CERTIFICATES = TABLES.kind(
    "blocking.certificates", "a read and parse of certificate files from disk (TLS set-up)"
)
# Also `FILE`: a call with this kind is cheap on a local disk, so it ranks lower (PFL301).
FILE_METADATA = TABLES.kind(
    "blocking.file-metadata",
    "a file-system metadata call (stat, exists, mkdir, unlink): microseconds on a local disk",
)
DB = TABLES.kind("blocking.db", "a synchronous database round trip")
REDIS = TABLES.kind("blocking.redis", "a synchronous Redis round trip")
SYNC_PRIMITIVE = TABLES.kind(
    "blocking.sync-primitive", "a wait on a thread synchronisation primitive"
)
CONSOLE = TABLES.kind("blocking.console", "a blocking read from the console")
CALL = TABLES.kind("blocking.call", "a blocking call (declared by the user)")

# Async frameworks by top-level module, in the order a file's imports pick the advice in
# REPLACEMENTS: Twisted first (asyncio's helpers fail on its reactor, `deferToThread`
# works on every reactor), then trio and anyio, then asyncio itself.
FRAMEWORKS = ("twisted", "trio", "anyio", "asyncio")
# Family -> framework -> what to use instead. "{to_thread}" is the framework's way to run
# a sync function in a worker thread.
TO_THREAD = {
    "asyncio": "`await asyncio.to_thread(...)`",
    "trio": "`await trio.to_thread.run_sync(...)`",
    "anyio": "`await anyio.to_thread.run_sync(...)`",
    "twisted": "`await deferToThread(...)` (`twisted.internet.threads`)",
}
REPLACEMENTS = {
    SLEEP: {
        "asyncio": "`await asyncio.sleep(...)`",
        "trio": "`await trio.sleep(...)`",
        "anyio": "`await anyio.sleep(...)`",
        "twisted": "`await deferLater(reactor, seconds)` (`twisted.internet.task`)",
    },
    HTTP: {
        "asyncio": "an async client (`httpx.AsyncClient`, `aiohttp.ClientSession`) or {to_thread}",
        "trio": "`httpx.AsyncClient` or {to_thread}",
        "anyio": "`httpx.AsyncClient` or {to_thread}",
        "twisted": "Twisted's `Agent` (or `treq`) or {to_thread}",
    },
    SOCKET: {
        "asyncio": "`asyncio.open_connection(...)` / `loop.getaddrinfo(...)`",
        "trio": "`trio.open_tcp_stream(...)` / `trio.socket`",
        "anyio": "`anyio.connect_tcp(...)` / `anyio.getaddrinfo(...)`",
        "twisted": "a Twisted endpoint (`TCP4ClientEndpoint`) / `reactor.resolve(...)`",
    },
    SUBPROCESS: {
        "asyncio": "`asyncio.create_subprocess_exec(...)`",
        "trio": "`trio.run_process(...)`",
        "anyio": "`anyio.run_process(...)`",
        "twisted": "`getProcessOutputAndValue(...)` (`twisted.internet.utils`)",
    },
    FILE: {
        "asyncio": "{to_thread} (or `aiofiles`)",
        "trio": "`trio.open_file(...)` / `trio.Path` / {to_thread}",
        "anyio": "`anyio.open_file(...)` / `anyio.Path` / {to_thread}",
        "twisted": "{to_thread}",
    },
    DB: {
        "asyncio": "an async driver (asyncpg, aiosqlite, SQLAlchemy `AsyncSession`) or {to_thread}",
        "trio": "{to_thread}",
        "anyio": "an async driver or {to_thread}",
        "twisted": "`twisted.enterprise.adbapi.ConnectionPool` or {to_thread}",
    },
    REDIS: {
        "asyncio": "`redis.asyncio.Redis`",
        "trio": "{to_thread}",
        "anyio": "`redis.asyncio.Redis` or {to_thread}",
        "twisted": "{to_thread}",
    },
    SYNC_PRIMITIVE: {
        "asyncio": "`asyncio.Queue` / `asyncio.Lock` / `asyncio.Event`, `asyncio.wrap_future`, "
        "or {to_thread}",
        "trio": "trio's own channels and locks, or {to_thread}",
        "anyio": "anyio's own streams and locks, or {to_thread}",
        "twisted": "`DeferredQueue` / `DeferredLock` (`twisted.internet.defer`), or {to_thread}",
    },
    # A context is reusable: building it once, before the loop serves, is the fix.
    CERTIFICATES: dict.fromkeys(
        FRAMEWORKS, "one context built once (at start-up) and reused, or {to_thread}"
    ),
    CONSOLE: dict.fromkeys(FRAMEWORKS, "{to_thread}"),
    CALL: dict.fromkeys(FRAMEWORKS, "{to_thread}"),
}
# When the module already hands work to a thread, that hand-off is the advice ("{call}":
# the call as written there, `defer_to_thread`, `self.hass.async_add_executor_job`).
HANDOFF_ADVICE = "`await {call}(...)`, the thread hand-off this module already uses"
# When the project has its own hand-off helper ("{name}" in module "{module}").
PROJECT_HANDOFF_ADVICE = "`await {name}(...)` (`{module}`), the project's thread hand-off"

# Calls that open a file: they only get a descriptor (a metadata call); the reads and
# writes happen where the file object goes, in this function or elsewhere (PFL301).
# A temporary file is created on disk as it opens (as ``open(p, "w")`` creates one).
FILE_OPENERS = frozenset(
    {
        "builtins.open",
        "io.open",
        "io.open_code",
        "codecs.open",
        "os.fdopen",
        "pathlib.Path.open",
        "tempfile.TemporaryFile",
        "tempfile.NamedTemporaryFile",
    }
)
# Types that name a file on disk in an annotation. A parameter (or a name declared without
# a value) annotated so is read or written where its methods are called; its methods' effects
# are FILE_OBJECT's. A file object known otherwise (``f = open(p)``, ``sys.stdin``) is not:
# the opener is reported where its file is used (FILE_OPENERS). ``typing.IO``, ``TextIO``
# and ``BinaryIO`` are not here: they name any stream, and on real code they were as often
# a buffer, a hashing wrapper or a test's stream as a file.
# Not a real type (no annotation resolves to it): only these lookups reach its methods.
FILE_OBJECT = "io.disk-file"
FILE_OBJECT_TYPES = frozenset(
    {
        "io.TextIOWrapper",
        "io.BufferedReader",
        "io.BufferedWriter",
        "io.BufferedRandom",
        "io.FileIO",
    }
)
# Calls that return their argument as it is: a file passed to one is used where it goes.
PASS_THROUGH_CALLS = frozenset({"typing.cast", "typing_extensions.cast"})
# Methods of a file object that neither read nor write it.
FILE_NO_IO_METHODS = frozenset(
    {"close", "fileno", "isatty", "readable", "writable", "seekable", "seek", "tell"}
)

# Calls that read certificates from disk only when given a path: (keyword, position) of
# each path argument. Given only in-memory data (``cadata=``) they parse it in memory.
CERTIFICATE_PATHS = {
    "ssl.create_default_context": (("cafile", None), ("capath", None)),
    "ssl.SSLContext.load_verify_locations": (("cafile", 0), ("capath", 1)),
}
# Calls that otherwise load the system's CA store (``load_default_certs()``, which reads
# and parses the CA bundle), for the purpose named here: (keyword, position, purpose loaded
# when the argument is absent or names it). A server-side context (``CLIENT_AUTH``) does
# not verify peers and loads nothing; in-memory ``cadata=`` replaces the store.
SYSTEM_STORE_LOADERS = {
    "ssl.create_default_context": ("purpose", 0, "ssl.Purpose.SERVER_AUTH"),
}
IN_MEMORY_CERTIFICATES = "cadata"

# A call is not blocking when this argument (keyword, positional index) is literally False.
NON_BLOCKING_FLAG = {
    "queue.Queue.get": ("block", 0),
    "threading.Lock.acquire": ("blocking", 0),
    "threading.RLock.acquire": ("blocking", 0),
    "threading.Semaphore.acquire": ("blocking", 0),
}


_VERBS = "get post put patch delete head options request"

TABLES.effect(SLEEP, "time.sleep")
TABLES.effect(
    HTTP,
    *members("requests", _VERBS),
    *members("requests.Session", _VERBS + " send"),
    *members("httpx", _VERBS + " stream"),
    *members("httpx.Client", _VERBS + " send stream"),
    # httpx2, httpx's successor, keeps its API.
    *members("httpx2", _VERBS + " stream"),
    *members("httpx2.Client", _VERBS + " send stream"),
    *members("urllib.request", "urlopen urlretrieve"),
    "urllib.request.OpenerDirector.open",
    "urllib3.request",
    *members("urllib3.PoolManager", "request urlopen request_encode_url request_encode_body"),
    *members("urllib3.HTTPConnectionPool", "request urlopen"),
    *members("http.client.HTTPConnection", "request getresponse connect"),
    "http.client.HTTPResponse.read",
)
TABLES.effect(
    SOCKET,
    *members(
        "socket",
        "create_connection getaddrinfo gethostbyname gethostbyname_ex gethostbyaddr "
        "getnameinfo getfqdn",
    ),
    *members(
        "socket.socket", "connect accept recv recv_into recvfrom send sendall sendto sendfile"
    ),
)
TABLES.effect(
    SUBPROCESS,
    *members("subprocess", "run call check_call check_output getoutput getstatusoutput Popen"),
    *members("subprocess.Popen", "wait communicate"),
    *members("os", "system popen wait waitpid wait3 wait4 waitid"),
    *members("os", "spawnl spawnle spawnlp spawnlpe spawnv spawnve spawnvp spawnvpe"),
    *members("os", "posix_spawn posix_spawnp"),
)
TABLES.effect(
    FILE,
    "builtins.open",
    "io.open",
    "io.open_code",
    "codecs.open",
    "os.fdopen",
    *members(
        "pathlib.Path",
        "open read_text read_bytes write_text write_bytes iterdir glob rglob walk",
    ),
    *members("os", "listdir scandir walk"),
    *members("glob", "glob iglob"),
    "tarfile.open",
    "zipfile.ZipFile",
    "tempfile.TemporaryFile",
    "tempfile.NamedTemporaryFile",
    # An in-memory buffer until it rolls over to a real temporary file (which
    # ``fileno()`` forces); its writes roll it over only past ``max_size``.
    *members("tempfile.SpooledTemporaryFile", "rollover fileno"),
    *members(
        "shutil",
        "copy copy2 copyfile copyfileobj copytree rmtree move make_archive unpack_archive",
    ),
)
# A file object known by its annotation (see FILE_OBJECT_TYPES): its reads and writes, and
# iterating it (``__iter__``), which reads it line by line. Under a name of its own: the
# methods of ``io.IOBase`` are also those of in-memory buffers.
TABLES.effect(
    FILE,
    *members(
        FILE_OBJECT,
        "read read1 readinto readline readlines write writelines flush truncate peek __iter__",
    ),
)
TABLES.effect(
    CERTIFICATES,
    "ssl.create_default_context",
    *members(
        "ssl.SSLContext",
        "load_default_certs load_verify_locations load_cert_chain set_default_verify_paths",
    ),
)
TABLES.effect(
    (FILE, FILE_METADATA),
    *members(
        "pathlib.Path",
        "exists is_file is_dir is_symlink stat lstat resolve mkdir rmdir unlink rename replace "
        "touch samefile chmod owner group",
    ),
    *members(
        "os",
        "stat lstat remove unlink rename replace makedirs mkdir rmdir removedirs",
    ),
    *members(
        "os.path",
        "exists lexists isfile isdir islink ismount getsize getmtime getatime getctime "
        "samefile sameopenfile realpath",
    ),
    "shutil.disk_usage",
)
TABLES.effect(
    DB,
    *members("dbapi.Cursor", "execute executemany fetchone fetchmany fetchall callproc"),
    *members("dbapi.Connection", "commit rollback execute executemany"),
    *members("sqlalchemy.orm.Session", "execute scalars scalar get commit flush refresh merge"),
    "sqlalchemy.orm.Session.delete",
    *members("sqlalchemy.orm.Query", "all first one one_or_none scalar count"),
    *members("sqlalchemy.engine.Connection", "execute scalar scalars commit"),
    *members("sqlalchemy.engine.Engine", "connect begin"),
    *(f"{driver}.connect" for driver in ("sqlite3", "psycopg2", "psycopg", "pymysql", "MySQLdb")),
    "mysql.connector.connect",
)
TABLES.effect(
    REDIS,
    *members(
        "redis.Redis",
        "get set setex mget mset delete exists expire incr decr hget hset hgetall hmget lpush "
        "rpush lpop rpop blpop brpop lrange sadd smembers zadd zrange publish keys scan ping",
    ),
    "redis.client.Pipeline.execute",
)
TABLES.effect(
    SYNC_PRIMITIVE,
    *members("queue.Queue", "get join"),
    *members("threading.Lock", "acquire"),
    *members("threading.RLock", "acquire"),
    *members("threading.Semaphore", "acquire"),
    *members("threading.Event", "wait"),
    *members("threading.Condition", "wait"),
    *members("threading.Thread", "join"),
    "concurrent.futures.Future.result",
    "multiprocessing.pool.AsyncResult.get",
)
TABLES.effect(CONSOLE, "builtins.input")

TABLES.returns(
    {
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
        "tempfile.SpooledTemporaryFile": "tempfile.SpooledTemporaryFile",
        "redis.Redis": "redis.Redis",
        "redis.StrictRedis": "redis.Redis",
        "redis.from_url": "redis.Redis",
        "redis.Redis.from_url": "redis.Redis",
        "redis.Redis.pipeline": "redis.client.Pipeline",
    }
)
TABLES.bases(
    {
        "pathlib.PosixPath": ("pathlib.Path",),
        "pathlib.WindowsPath": ("pathlib.Path",),
        "redis.client.Redis": ("redis.Redis",),
        "concurrent.futures.ThreadPoolExecutor": ("concurrent.futures.Executor",),
        "concurrent.futures.ProcessPoolExecutor": ("concurrent.futures.Executor",),
    }
)
TABLES.instances(
    {
        "pathlib.Path.parent": "pathlib.Path",
    }
)
