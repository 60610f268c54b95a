"""Async code: awaitable I/O that can run concurrently, event-loop entry points, pacing.

Types of async HTTP clients live in `perflint.knowledge.http`; DB pools in `dbtypes`.
"""

from perflint.knowledge._tables import Tables, members

TABLES = Tables()
CONCURRENT_IO = TABLES.kind(
    "aio.concurrent-io",
    "an awaitable network round trip that can overlap with others "
    "(async HTTP client request, connection-pool query)",
)
RUN_LOOP = TABLES.kind("aio.run-loop", "runs an event loop to completion from synchronous code")
SLEEP = TABLES.kind("aio.sleep", "an async sleep (deliberate pacing)")

_ASYNC_HTTP = "get post put patch delete head options request"

TABLES.effect(
    CONCURRENT_IO,
    *members("httpx.AsyncClient", _ASYNC_HTTP),
    *members("aiohttp.ClientSession", _ASYNC_HTTP),
    "httpx.AsyncClient.send",
    # A pool hands each call its own connection; one connection serialises (PFL101's case).
    *members("asyncpg.Pool", "fetch fetchrow fetchval execute executemany"),
)
TABLES.effect(
    RUN_LOOP,
    "asyncio.run",
    "asyncio.Runner.run",
    "asyncio.AbstractEventLoop.run_until_complete",
    "asyncio.AbstractEventLoop.run_forever",
    "asgiref.sync.async_to_sync",
    "trio.run",
    "anyio.run",
)
TABLES.effect(SLEEP, "asyncio.sleep", "trio.sleep", "anyio.sleep")

TABLES.returns(
    {
        "asyncio.get_event_loop": "asyncio.AbstractEventLoop",
        "asyncio.new_event_loop": "asyncio.AbstractEventLoop",
        "asyncio.get_running_loop": "asyncio.AbstractEventLoop",
        "asyncio.Runner": "asyncio.Runner",
        "uvloop.new_event_loop": "asyncio.AbstractEventLoop",
    }
)
TABLES.bases(
    {
        "asyncio.BaseEventLoop": ("asyncio.AbstractEventLoop",),
        "asyncio.base_events.BaseEventLoop": ("asyncio.AbstractEventLoop",),
        "uvloop.Loop": ("asyncio.AbstractEventLoop",),
    }
)
