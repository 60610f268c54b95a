"""HTTP and network clients: requests, constructors of pooled clients, timeout semantics.

Timeout semantics differ per library, so they are data here:

- ``http.timeout-required``: no default timeout, a stalled peer hangs the call forever
  (requests, urllib, http.client, socket, smtplib, ftplib, imaplib, poplib, urllib3);
- ``http.timeout-default``: a finite default exists (httpx 5 s, aiohttp 5 min), so only an
  explicitly disabled timeout is a problem.

`TIMEOUT_POSITION` says where the timeout may be passed positionally.
"""

KINDS = {
    "http.request": "an HTTP request",
    "http.oneshot": "a module-level request function that builds and discards a client per call",
    "http.client": "constructs an HTTP client or connection pool",
    "http.timeout-required": "a network call without a default timeout",
    "http.timeout-default": "a network call whose library sets a default timeout",
    "http.timeout-wrapper": "configures a default timeout on the session passed to it "
    "(declared by the user)",
    "http.mount-adapter": "mounts a transport adapter on a session",
}

_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")

EFFECTS: dict[str, tuple[str, ...]] = {}


def _add(kinds: tuple[str, ...], *names: str) -> None:
    for name in names:
        EFFECTS[name] = (*EFFECTS.get(name, ()), *kinds)


_add(("http.request", "http.oneshot", "http.timeout-required"), *(f"requests.{v}" for v in _VERBS))
_add(
    ("http.request", "http.timeout-required"),
    *(f"requests.Session.{v}" for v in (*_VERBS, "send")),
)
_add(("http.request", "http.oneshot", "http.timeout-default"), *(f"httpx.{v}" for v in _VERBS))
_add(("http.oneshot", "http.timeout-default"), "httpx.stream")
_add(
    ("http.request", "http.timeout-default"),
    *(f"httpx.Client.{v}" for v in (*_VERBS, "stream")),
    *(f"httpx.AsyncClient.{v}" for v in (*_VERBS, "stream")),
    *(f"aiohttp.ClientSession.{v}" for v in _VERBS),
    "aiohttp.ClientSession.ws_connect",
)
_add(("http.request", "http.oneshot", "http.timeout-default"), "aiohttp.request")
_add(
    ("http.request", "http.timeout-required"),
    "urllib.request.urlopen",
    "urllib.request.OpenerDirector.open",
    "urllib3.request",
)
_add(
    ("http.timeout-required",),
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
)
_add(
    ("http.request",),
    *(f"urllib3.PoolManager.{m}" for m in ("request", "urlopen")),
    "http.client.HTTPConnection.request",
)
_add(
    ("http.client",),
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
_add(("http.timeout-default",), "httpx.Client", "httpx.AsyncClient", "aiohttp.ClientSession")
_add(("http.mount-adapter",), "requests.Session.mount")

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
}
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
# The reusable client to suggest instead of a module-level one-shot request function.
REUSABLE_CLIENT = {
    "requests": "requests.Session()",
    "httpx": "httpx.Client()",
    "aiohttp": "aiohttp.ClientSession()",
}

RETURNS = {
    "requests.Session": "requests.Session",
    "requests.session": "requests.Session",
    "httpx.Client": "httpx.Client",
    "httpx.AsyncClient": "httpx.AsyncClient",
    "aiohttp.ClientSession": "aiohttp.ClientSession",
    "urllib3.PoolManager": "urllib3.PoolManager",
    "urllib3.ProxyManager": "urllib3.PoolManager",
    "urllib3.HTTPConnectionPool": "urllib3.HTTPConnectionPool",
    "urllib3.HTTPSConnectionPool": "urllib3.HTTPConnectionPool",
    "urllib3.connection_from_url": "urllib3.HTTPConnectionPool",
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
}
BASES = {
    "requests.sessions.Session": ("requests.Session",),
    "httpx._client.Client": ("httpx.Client",),
    "httpx._client.AsyncClient": ("httpx.AsyncClient",),
    "aiohttp.client.ClientSession": ("aiohttp.ClientSession",),
    "urllib3.poolmanager.PoolManager": ("urllib3.PoolManager",),
    "urllib3.connectionpool.HTTPConnectionPool": ("urllib3.HTTPConnectionPool",),
    "http.client.HTTPSConnection": ("http.client.HTTPConnection",),
}
