"""HTTP and network clients: requests, constructors of pooled clients, timeout semantics.

Timeout semantics differ per library, so they are data here:

- ``http.timeout-required``: no default timeout, a stalled peer hangs the call forever
  (requests, urllib, http.client, socket, smtplib, ftplib, imaplib, poplib, urllib3);
- ``http.timeout-default``: a finite default exists (httpx 5 s, aiohttp 5 min), so only an
  explicitly disabled timeout is a problem.

`TIMEOUT_POSITION` says where the timeout may be passed positionally.
"""

from perflint.knowledge._tables import Tables, members

TABLES = Tables()
REQUEST = TABLES.kind("http.request", "an HTTP request")
ONESHOT = TABLES.kind(
    "http.oneshot", "a module-level request function that builds and discards a client per call"
)
CLIENT = TABLES.kind("http.client", "constructs an HTTP client or connection pool")
TIMEOUT_REQUIRED = TABLES.kind("http.timeout-required", "a network call without a default timeout")
TIMEOUT_DEFAULT = TABLES.kind(
    "http.timeout-default", "a network call whose library sets a default timeout"
)
TIMEOUT_WRAPPER = TABLES.kind(
    "http.timeout-wrapper",
    "configures a default timeout on the session passed to it (declared by the user)",
)
MOUNT_ADAPTER = TABLES.kind("http.mount-adapter", "mounts a transport adapter on a session")

_VERBS = "get post put patch delete head options request"


TABLES.effect((REQUEST, ONESHOT, TIMEOUT_REQUIRED), *members("requests", _VERBS))
TABLES.effect(
    (REQUEST, TIMEOUT_REQUIRED),
    *members("requests.Session", _VERBS + " send"),
)
TABLES.effect((REQUEST, ONESHOT, TIMEOUT_DEFAULT), *members("httpx", _VERBS))
TABLES.effect((ONESHOT, TIMEOUT_DEFAULT), "httpx.stream")
TABLES.effect(
    (REQUEST, TIMEOUT_DEFAULT),
    *members("httpx.Client", _VERBS + " stream"),
    *members("httpx.AsyncClient", _VERBS + " stream"),
    *members("aiohttp.ClientSession", _VERBS),
    "aiohttp.ClientSession.ws_connect",
)
TABLES.effect((REQUEST, ONESHOT, TIMEOUT_DEFAULT), "aiohttp.request")
TABLES.effect(
    (REQUEST, TIMEOUT_REQUIRED),
    "urllib.request.urlopen",
    "urllib.request.OpenerDirector.open",
    "urllib3.request",
)
TABLES.effect(
    (TIMEOUT_REQUIRED,),
    "http.client.HTTPConnection",
    "http.client.HTTPSConnection",
    "socket.create_connection",
    "smtplib.SMTP",
    "smtplib.SMTP_SSL",
    "smtplib.LMTP",
    "ftplib.FTP",
    "ftplib.FTP_TLS",
    "imaplib.IMAP4",
    "imaplib.IMAP4_SSL",
    "poplib.POP3",
    "poplib.POP3_SSL",
    "urllib3.PoolManager",
    "urllib3.ProxyManager",
    "urllib3.HTTPConnectionPool",
    "urllib3.HTTPSConnectionPool",
    "urllib3.connection_from_url",
    "urllib3.proxy_from_url",
    "urllib3.poolmanager.PoolManager",
    "urllib3.poolmanager.ProxyManager",
    "urllib3.poolmanager.proxy_from_url",
    "urllib3.connectionpool.HTTPConnectionPool",
    "urllib3.connectionpool.HTTPSConnectionPool",
    "urllib3.connectionpool.connection_from_url",
)
_POOL_REQUESTS = "request urlopen request_encode_url request_encode_body"
TABLES.effect(
    (REQUEST,),
    *members("urllib3.PoolManager", _POOL_REQUESTS),
    *members("urllib3.HTTPConnectionPool", _POOL_REQUESTS),
    "http.client.HTTPConnection.request",
)
TABLES.effect(
    (CLIENT,),
    "requests.Session",
    "requests.session",
    "httpx.Client",
    "httpx.AsyncClient",
    "aiohttp.ClientSession",
    "urllib3.PoolManager",
    "boto3.client",
    "boto3.resource",
    "boto3.session.Session.client",
    "boto3.session.Session.resource",
)
TABLES.effect(TIMEOUT_DEFAULT, "httpx.Client", "httpx.AsyncClient", "aiohttp.ClientSession")
TABLES.effect(MOUNT_ADAPTER, "requests.Session.mount")

# Where a timeout can be passed positionally (0-based index), for callables that allow it.
TIMEOUT_POSITION = {
    "urllib.request.urlopen": 2,
    "urllib.request.OpenerDirector.open": 2,
    "http.client.HTTPConnection": 2,
    "socket.create_connection": 1,
    "smtplib.SMTP": 3,
    "smtplib.LMTP": 3,
    "ftplib.FTP": 4,
    "imaplib.IMAP4": 2,
    "poplib.POP3": 2,
    "urllib3.HTTPConnectionPool": 2,
    "urllib3.HTTPSConnectionPool": 2,
    "urllib3.connectionpool.HTTPConnectionPool": 2,
    "urllib3.connectionpool.HTTPSConnectionPool": 2,
}
# Connection pools whose requests take the pool's timeout when given none: a pool built
# without one is safe when every request made with it passes its own ``timeout=``.
# urllib3's default is the socket default, no timeout (PFL401).
POOL_TYPES = frozenset({"urllib3.PoolManager", "urllib3.HTTPConnectionPool"})
# Constructors that only connect (and so only need a timeout) when given a host;
# otherwise a later ``.connect(host)`` uses the instance's timeout.
CONNECTS_WITH_HOST = frozenset(
    {"smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP", "ftplib.FTP", "ftplib.FTP_TLS"}
)
# Timeout objects that disable every limit when built with no value or only None values.
TIMEOUT_OBJECTS = frozenset({"httpx.Timeout", "aiohttp.ClientTimeout", "urllib3.Timeout"})
# The adapter class that mounts without changing timeouts (retries, pool sizes only).
PLAIN_ADAPTERS = frozenset({"requests.adapters.HTTPAdapter", "requests.HTTPAdapter"})
# Clients whose every method is a remote call (boto3): no per-method table needed.
ANY_METHOD_IS_REQUEST = frozenset(
    {"botocore.client.BaseClient", "boto3.resources.base.ServiceResource"}
)
# Methods of a client that configure or release it rather than making a request.
CLIENT_LIFECYCLE_METHODS = frozenset({"close", "aclose", "mount", "__enter__", "__exit__"})
# Methods that hand the client to an object making its own requests (paginators, waiters,
# boto3 resource objects, streams): after one of these the client is not single-use.
CLIENT_HANDOFF_METHODS = frozenset(
    {"get_paginator", "get_waiter", "Bucket", "Table", "Object", "Queue", "Topic"}
)
# Callables that open a URL of any scheme: (keyword, position) of the URL argument. Given a
# URL of a local scheme they open no connection (PFL301, PFL401).
URL_OPENERS = {
    "urllib.request.urlopen": ("url", 0),
    "urllib.request.urlretrieve": ("url", 0),
    "urllib.request.OpenerDirector.open": ("fullurl", 0),
}
# URL schemes read in memory (``data:``) or from disk (``file:``), never from the network.
LOCAL_URL_SCHEMES = ("data", "file")
# Calls that build a URL of a local scheme.
LOCAL_URL_FACTORIES = frozenset({"pathlib.Path.as_uri", "pathlib.PurePath.as_uri"})
# Parsers whose result's ``.scheme`` names the scheme of the URL they are given.
URL_PARSERS = frozenset({"urllib.parse.urlparse", "urllib.parse.urlsplit"})
# Transports that call an ASGI/WSGI application in-process: a client using one opens no
# connection (PFL402). The ``app=`` argument of older httpx clients does the same.
IN_PROCESS_TRANSPORTS = frozenset({"httpx.ASGITransport", "httpx.WSGITransport"})
IN_PROCESS_ARGUMENTS = frozenset({"app"})
# Client settings no single request can override (or, for cookies, should): a client made
# with per-call values of these for one request is built on purpose (PFL402).
PER_CLIENT_SETTINGS = frozenset(
    {
        "auth",
        "aws_access_key_id",
        "aws_secret_access_key",
        "aws_session_token",
        "cert",
        "connector",
        "cookie_jar",
        "cookies",
        "http2",
        "limits",
        "mounts",
        "proxies",
        "proxy",
        "transport",
        "trust_env",
        "verify",
    }
)
# The reusable client to suggest instead of a module-level one-shot request function.
REUSABLE_CLIENT = {
    "requests": "requests.Session()",
    "httpx": "httpx.Client()",
    "aiohttp": "aiohttp.ClientSession()",
}

TABLES.returns(
    {
        "requests.Session": "requests.Session",
        "requests.session": "requests.Session",
        "httpx.Client": "httpx.Client",
        "httpx.AsyncClient": "httpx.AsyncClient",
        "httpx2.Client": "httpx2.Client",
        "aiohttp.ClientSession": "aiohttp.ClientSession",
        "urllib3.PoolManager": "urllib3.PoolManager",
        "urllib3.ProxyManager": "urllib3.PoolManager",
        "urllib3.HTTPConnectionPool": "urllib3.HTTPConnectionPool",
        "urllib3.HTTPSConnectionPool": "urllib3.HTTPConnectionPool",
        "urllib3.connection_from_url": "urllib3.HTTPConnectionPool",
        "urllib3.proxy_from_url": "urllib3.PoolManager",
        "urllib3.poolmanager.PoolManager": "urllib3.PoolManager",
        "urllib3.poolmanager.ProxyManager": "urllib3.PoolManager",
        "urllib3.poolmanager.proxy_from_url": "urllib3.PoolManager",
        "urllib3.connectionpool.HTTPConnectionPool": "urllib3.HTTPConnectionPool",
        "urllib3.connectionpool.HTTPSConnectionPool": "urllib3.HTTPConnectionPool",
        "urllib3.connectionpool.connection_from_url": "urllib3.HTTPConnectionPool",
        "http.client.HTTPConnection": "http.client.HTTPConnection",
        "http.client.HTTPSConnection": "http.client.HTTPConnection",
        "http.client.HTTPConnection.getresponse": "http.client.HTTPResponse",
        "smtplib.SMTP": "smtplib.SMTP",
        "smtplib.SMTP_SSL": "smtplib.SMTP",
        "ftplib.FTP": "ftplib.FTP",
        "ftplib.FTP_TLS": "ftplib.FTP",
        "boto3.client": "botocore.client.BaseClient",
        "boto3.resource": "boto3.resources.base.ServiceResource",
        "boto3.session.Session": "boto3.session.Session",
        "boto3.Session": "boto3.session.Session",
        "boto3.session.Session.client": "botocore.client.BaseClient",
        "boto3.session.Session.resource": "boto3.resources.base.ServiceResource",
        "urllib.request.build_opener": "urllib.request.OpenerDirector",
        "requests.adapters.HTTPAdapter": "requests.adapters.HTTPAdapter",
        "requests.HTTPAdapter": "requests.adapters.HTTPAdapter",
        "httpx.ASGITransport": "httpx.ASGITransport",
        "httpx.WSGITransport": "httpx.WSGITransport",
    }
)
TABLES.bases(
    {
        "requests.sessions.Session": ("requests.Session",),
        "httpx._client.Client": ("httpx.Client",),
        "httpx._client.AsyncClient": ("httpx.AsyncClient",),
        "aiohttp.client.ClientSession": ("aiohttp.ClientSession",),
        "urllib3.poolmanager.PoolManager": ("urllib3.PoolManager",),
        "urllib3.connectionpool.HTTPConnectionPool": ("urllib3.HTTPConnectionPool",),
        "http.client.HTTPSConnection": ("http.client.HTTPConnection",),
    }
)
