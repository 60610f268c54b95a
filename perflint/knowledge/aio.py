"""Async code: awaitable I/O that can run concurrently, event-loop entry points, pacing.

Types of async HTTP clients live in `perflint.knowledge.http`; DB pools in `dbtypes`.
"""

KINDS = {
    "aio.concurrent-io": "an awaitable network round trip that can overlap with others "
    "(async HTTP client request, connection-pool query)",
    "aio.run-loop": "runs an event loop to completion from synchronous code",
    "aio.sleep": "an async sleep (deliberate pacing)",
}

_ASYNC_HTTP = ("get", "post", "put", "patch", "delete", "head", "options", "request")

EFFECTS: dict[str, tuple[str, ...]] = {}
for _verb in _ASYNC_HTTP:
    EFFECTS[f"httpx.AsyncClient.{_verb}"] = ("aio.concurrent-io",)
    EFFECTS[f"aiohttp.ClientSession.{_verb}"] = ("aio.concurrent-io",)
EFFECTS["httpx.AsyncClient.send"] = ("aio.concurrent-io",)
for _method in ("fetch", "fetchrow", "fetchval", "execute", "executemany"):
    # A pool hands each call its own connection; one connection serialises (PFL101's case).
    EFFECTS[f"asyncpg.Pool.{_method}"] = ("aio.concurrent-io",)
EFFECTS.update(
    {
        "asyncio.run": ("aio.run-loop",),
        "asyncio.Runner.run": ("aio.run-loop",),
        "asyncio.AbstractEventLoop.run_until_complete": ("aio.run-loop",),
        "asyncio.AbstractEventLoop.run_forever": ("aio.run-loop",),
        "asgiref.sync.async_to_sync": ("aio.run-loop",),
        "trio.run": ("aio.run-loop",),
        "anyio.run": ("aio.run-loop",),
        "asyncio.sleep": ("aio.sleep",),
        "trio.sleep": ("aio.sleep",),
        "anyio.sleep": ("aio.sleep",),
    }
)

RETURNS = {
    "asyncio.get_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.new_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.get_running_loop": "asyncio.AbstractEventLoop",
    "asyncio.Runner": "asyncio.Runner",
    "uvloop.new_event_loop": "asyncio.AbstractEventLoop",
}
BASES = {
    "asyncio.BaseEventLoop": ("asyncio.AbstractEventLoop",),
    "asyncio.base_events.BaseEventLoop": ("asyncio.AbstractEventLoop",),
    "uvloop.Loop": ("asyncio.AbstractEventLoop",),
}
