"""PFL302 sequential-await-in-loop: independent awaited I/O calls (async HTTP client,
DB pool) made one after another, one per iteration of a loop."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.aio import CONCURRENT_IO, SLEEP
from perflint.nodes import COMPREHENSIONS, comprehension_fors
from perflint.rule import Rule
from perflint.rules._calls import describe_call
from perflint.rules.aio._loop_body import LoopBodyFacts, paths_in


class SequentialAwaitInLoop(Rule):
    """Independent awaited I/O calls made one after another in a loop."""

    code = "PFL302"
    name = "sequential-await-in-loop"
    impact = "medium"
    summary = (
        "`await` of an independent I/O call (async HTTP client, DB pool) in each iteration of "
        "a loop: run them concurrently"
    )
    message = (
        "{callee} is awaited once per iteration, so the requests run one after another "
        "although no iteration depends on another: start them together with "
        "`asyncio.gather(...)` or a `TaskGroup`, bounded by an `asyncio.Semaphore`"
    )
    INVALID = (
        dedent("""\
            import httpx
            async def fetch_all(urls):
                async with httpx.AsyncClient() as client:
                    results = []
                    for url in urls:
                        results.append(await client.get(url))
                    return results
        """),
    )
    VALID = (
        dedent("""\
            import asyncio, httpx
            async def fetch_all(urls):
                async with httpx.AsyncClient() as client:
                    return await asyncio.gather(*(client.get(url) for url in urls))
        """),
        dedent("""\
            import httpx
            async def crawl(client: httpx.AsyncClient, url):
                for _ in range(10):
                    page = await client.get(url)
                    url = page.json()['next']
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # Awaits in a ``for`` body, decided when the loop ends: (reported node, call, callee)
        self._candidates: dict[int, list[tuple[cst.CSTNode, cst.Call, str]]] = {}
        self._paced: set[int] = set()  # loops that sleep on purpose

    def visit_Await(self, node: cst.Await) -> None:
        if isinstance(node.expression, cst.Call):
            self._consider(node, node.expression)

    def visit_With(self, node: cst.With) -> None:
        if node.asynchronous is None:
            return
        for item in node.items:
            if isinstance(item.item, cst.Call):
                self._consider(item.item, item.item)

    def _consider(self, node: cst.CSTNode, call: cst.Call) -> None:
        loops = self.ctx.loops()
        if not loops or not isinstance(call.func, cst.Attribute):
            return
        callee = self.ctx.callee(call)
        if callee is None:
            return
        effects = self.ctx.knowledge.effects_of(callee)
        if SLEEP in effects:
            self._paced.update(id(loop) for loop in loops)
            return
        if CONCURRENT_IO not in effects:
            return
        loop = loops[0]
        if isinstance(loop, cst.For) and loop.asynchronous is None:
            self._candidates.setdefault(id(loop), []).append((node, call, callee))
        elif isinstance(loop, COMPREHENSIONS) and not any(
            clause.asynchronous is not None  # streamed from an async iterator
            for clause in comprehension_fors(loop)
        ):
            self.report(node, callee=describe_call(self.ctx, call, callee))

    def leave_For(self, node: cst.For) -> None:
        candidates = self._candidates.pop(id(node), None)
        if not candidates or id(node) in self._paced:
            self._paced.discard(id(node))
            return
        facts = LoopBodyFacts({id(call) for _, call, _ in candidates}, paths_in(node.target))
        node.body.visit(facts)
        if facts.exits:
            return
        for reported, call, callee in candidates:
            position = facts.positions.get(id(call), 0)
            if all(facts.independent(path, position) for path in paths_in(call)):
                self.report(reported, callee=describe_call(self.ctx, call, callee))
