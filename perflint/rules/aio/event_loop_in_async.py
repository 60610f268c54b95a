"""PFL303 event-loop-in-async: starting an event loop (``asyncio.run()``,
``loop.run_until_complete()``, ``async_to_sync()``) from inside ``async def``."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.knowledge.aio import RUN_LOOP
from perflint.roles import APP, TEST
from perflint.rule import Rule
from perflint.rules._calls import describe_call


class EventLoopInAsync(Rule):
    """Starting an event loop from code that already runs in one."""

    code = "PFL303"
    name = "event-loop-in-async"
    impact = "high"
    applies_to = frozenset({APP, TEST})  # a hang or a stalled loop hurts a test run too
    summary = "`asyncio.run()`, `loop.run_until_complete()` or `async_to_sync()` inside `async def`"
    message = (
        "{callee} inside `async def` runs an event loop from within the running one: it "
        "raises `RuntimeError` or blocks every other task; `await` the coroutine directly "
        "(or schedule it with `asyncio.create_task`)"
    )
    INVALID = (
        dedent("""\
            import asyncio
            async def handler(job):
                return asyncio.run(process(job))
        """),
        dedent("""\
            from asgiref.sync import async_to_sync
            async def view(request):
                return async_to_sync(render)(request)
        """),
    )
    VALID = (
        dedent("""\
            import asyncio
            def main():
                asyncio.run(serve())
        """),
        dedent("""\
            from asgiref.sync import sync_to_async
            async def view(request):
                return await sync_to_async(render)(request)
        """),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function():
            return
        callee = self.ctx.callee(node)
        if callee is not None and self.ctx.knowledge.has_effect(callee, RUN_LOOP):
            self.report(node, callee=describe_call(self.ctx, node, callee))
