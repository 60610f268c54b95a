"""Async code: awaitable I/O that can run concurrently, event-loop entry points, pacing,
hand-offs of synchronous work to a thread.

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
THREAD_HANDOFF = TABLES.kind(
    "aio.thread-handoff", "runs a synchronous callable in a worker thread for the event loop"
)

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
TABLES.effect(
    THREAD_HANDOFF,
    "asyncio.to_thread",
    "asyncio.AbstractEventLoop.run_in_executor",
    "anyio.to_thread.run_sync",
    "trio.to_thread.run_sync",
    "twisted.internet.threads.deferToThread",
    "twisted.internet.threads.deferToThreadPool",
    "starlette.concurrency.run_in_threadpool",
    "fastapi.concurrency.run_in_threadpool",
    "asgiref.sync.sync_to_async",
)

# The event loop a thread hand-off runs on: by the top-level module of a known one, and by
# name for a project's own helper (Synapse's ``defer_to_thread`` wraps Twisted's, Home
# Assistant's ``hass.async_add_executor_job`` asyncio's ``run_in_executor``).
HANDOFF_FRAMEWORKS = {
    "asyncio": "asyncio",
    "anyio": "anyio",
    "trio": "trio",
    "twisted": "twisted",
    "starlette": "anyio",
    "fastapi": "anyio",
    "asgiref": "asyncio",
}
HANDOFF_NAMES = {
    "deferToThread": "twisted",
    "deferToThreadPool": "twisted",
    "defer_to_thread": "twisted",
    "defer_to_threadpool": "twisted",
    "run_in_executor": "asyncio",
    "async_add_executor_job": "asyncio",
    "run_in_threadpool": "anyio",
    "sync_to_async": "asyncio",
}

# Wrap an open file in an async file object: its reads and writes run in a worker thread.
ASYNC_FILE_WRAPPERS = frozenset({"trio.wrap_file", "anyio.wrap_file"})

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
