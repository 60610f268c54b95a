"""PFL3xx: asyncio and async code."""

from __future__ import annotations

import libcst as cst

from perflint.knowledge.blocking import NON_BLOCKING_FLAG, REPLACEMENTS, TO_THREAD
from perflint.nodes import dotted_name, is_name
from perflint.rule import Rule
from perflint.rules._calls import argument, describe_call

_FRAMEWORKS = ("trio", "anyio")  # checked in this order; asyncio otherwise
# Methods that change a container in place: what they touch carries into the next iteration.
_MUTATING_METHODS = frozenset(
    {"append", "add", "update", "extend", "insert", "pop", "popleft", "setdefault", "clear"}
    | {"remove", "discard"}
)


class BlockingCallInAsync(Rule):
    """A synchronous call that blocks the thread, made directly inside ``async def``."""

    code = "PFL301"
    name = "blocking-call-in-async"
    impact = "high"
    summary = "a blocking call (sleep, sync HTTP, subprocess, file I/O, sync DB) inside `async def`"
    message = (
        "{callee} is {description} inside `async def`: it stalls the event loop and every "
        "other task until it returns; use {replacement}"
    )
    INVALID = (
        "import time\nasync def poll():\n    time.sleep(1)\n",
        "import requests\nasync def fetch(url):\n    return requests.get(url, timeout=5).json()\n",
        "import trio\nimport subprocess\nasync def build():\n"
        '    subprocess.run(["make"], check=True)\n',
        "from pathlib import Path\nasync def load(root: Path):\n"
        '    return (root / "config.json").read_text()\n',
    )
    VALID = (
        "import asyncio\nasync def poll():\n    await asyncio.sleep(1)\n",
        "import asyncio, requests\nasync def fetch(url):\n"
        "    return await asyncio.to_thread(requests.get, url, timeout=5)\n",
        "import time\nasync def handler(self):\n    self.clock.sleep(1)\n",
        "import time\ndef sync_worker():\n    time.sleep(1)\n",
        "import time\nasync def outer():\n    def inner():\n        time.sleep(1)\n"
        "    return inner\n",
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._imported: set[str] = set()
        self._found: list[tuple[cst.Call, str, str]] = []  # (call, callee, family)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            self._imported.add(dotted_name(alias.name).split(".", 1)[0])

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.module is not None and not node.relative:
            self._imported.add(dotted_name(node.module).split(".", 1)[0])

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function() or isinstance(self.ctx.parent(), cst.Await):
            return  # an awaited call is an async API, whatever its name
        callee = self.ctx.callee(node)
        if callee is None:
            return
        effects = self.ctx.knowledge.effects_of(callee)
        family = next((kind for kind in REPLACEMENTS if kind in effects), None)
        if family is None:
            family = next((k for k in sorted(effects) if k.startswith("blocking.")), None)
            if family is None:
                return
        flag = NON_BLOCKING_FLAG.get(callee)
        if flag is not None:
            arg = argument(node, *flag)
            if arg is not None and is_name(arg.value, "False"):
                return
        self._found.append((node, callee, family))

    def finish(self) -> None:
        framework = next((f for f in _FRAMEWORKS if f in self._imported), "asyncio")
        kinds = self.ctx.knowledge.kinds
        for call, callee, family in self._found:
            advice = REPLACEMENTS.get(family, REPLACEMENTS["blocking.call"])[framework]
            replacement = advice.format(to_thread=TO_THREAD[framework])
            description = kinds.get(family, "a blocking call")
            self.report(
                call,
                self.message.format(
                    callee=describe_call(callee, self.ctx.code_for(call.func)),
                    description=description,
                    replacement=replacement,
                ),
            )


class EventLoopInAsync(Rule):
    """Starting an event loop from code that already runs in one."""

    code = "PFL303"
    name = "event-loop-in-async"
    impact = "high"
    summary = "`asyncio.run()`, `loop.run_until_complete()` or `async_to_sync()` inside `async def`"
    message = (
        "{callee} inside `async def` runs an event loop from within the running one: it "
        "raises `RuntimeError` or blocks every other task; `await` the coroutine directly "
        "(or schedule it with `asyncio.create_task`)"
    )
    INVALID = (
        "import asyncio\nasync def handler(job):\n    return asyncio.run(process(job))\n",
        "from asgiref.sync import async_to_sync\nasync def view(request):\n"
        "    return async_to_sync(render)(request)\n",
    )
    VALID = (
        "import asyncio\ndef main():\n    asyncio.run(serve())\n",
        "from asgiref.sync import sync_to_async\nasync def view(request):\n"
        "    return await sync_to_async(render)(request)\n",
    )

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function():
            return
        callee = self.ctx.callee(node)
        if self.ctx.knowledge.has_effect(callee, "aio.run-loop"):
            display = describe_call(callee, self.ctx.code_for(node.func))
            self.report(node, self.message.format(callee=display))


class _LoopBodyFacts(cst.CSTVisitor):
    """Assignments, mutations, exits and positions inside one loop body, in execution order.

    Values are tracked by dotted path (``page``, ``self.results``), so appending to
    ``self.results`` does not make ``self.client`` look changed. Positions count visits and
    leaves, so an assignment (recorded on leave) comes after the await in its own value,
    and before an await in a later statement.
    """

    def __init__(self, watched: set[int], targets: frozenset[str]) -> None:
        self.order = 0
        self.targets = targets  # rebound every iteration: mutating them carries nothing over
        self.watched = watched
        self.positions: dict[int, int] = {}
        # path -> [(position, paths read by the new value, or None when carried/unknown)]
        self.assigned: dict[str, list[tuple[int, frozenset[str] | None]]] = {}
        self.exits = False
        self._depth_loops = 0
        self._depth_defs = 0

    def _bind(self, target: cst.BaseExpression, reads: frozenset[str] | None) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, reads)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, reads)
        elif isinstance(target, cst.Subscript):
            self._mutate(target.value)
        else:
            path = _path(target)
            if path and path.split(".", 1)[0] not in self.targets - {path}:
                self.assigned.setdefault(path, []).append((self.order, reads))

    def _mutate(self, obj: cst.BaseExpression) -> None:
        """An object changed in place keeps the change into the next iteration."""
        while isinstance(obj, cst.Subscript):
            obj = obj.value
        path = _path(obj)
        if path and path.split(".", 1)[0] not in self.targets:
            self.assigned.setdefault(path, []).append((self.order, None))

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.order += 1
        if id(node) in self.watched:
            self.positions[id(node)] = self.order
        if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            self._depth_defs += 1
        elif isinstance(node, (cst.For, cst.While)):
            self._depth_loops += 1
        elif isinstance(node, (cst.Return, cst.Break)) and not self._depth_defs:
            # ``return`` leaves every loop; ``break`` only the loop it is directly in
            self.exits = self.exits or isinstance(node, cst.Return) or not self._depth_loops
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.order += 1
        node = original_node
        if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            self._depth_defs -= 1
        elif isinstance(node, (cst.For, cst.While)):
            self._depth_loops -= 1
            if isinstance(node, cst.For):
                self._bind(node.target, None)
        if self._depth_defs:
            return
        if isinstance(node, cst.Assign):
            reads = _paths_in(node.value)
            for target in node.targets:
                self._bind(target.target, reads)
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            self._bind(node.target, _paths_in(node.value))
        elif isinstance(node, (cst.AugAssign, cst.NamedExpr)):
            self._bind(node.target, None)
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            self._bind(node.asname.name, _paths_in(node.item))
        elif (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in _MUTATING_METHODS
        ):
            self._mutate(node.func.value)

    def bindings_touching(self, path: str) -> list[tuple[int, frozenset[str] | None]]:
        """Assignments to `path`, to an object it lies in, or to a part of it."""
        found = []
        for bound, entries in self.assigned.items():
            if _overlaps(bound, path):
                found.extend(entries)
        return found


def _path(expr: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        base = _path(expr.value)
        return f"{base}.{expr.attr.value}" if base else None
    return None


def _overlaps(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _paths_in(node: cst.CSTNode) -> frozenset[str]:
    """The dotted paths an expression reads (``self.client.get``, ``url``)."""
    found: set[str] = set()

    class _Paths(cst.CSTVisitor):
        def visit_Attribute(self, attribute: cst.Attribute) -> bool:
            path = _path(attribute)
            if path is not None:
                found.add(path)
                return False
            attribute.value.visit(self)
            return False

        def visit_Arg(self, arg: cst.Arg) -> bool:
            arg.value.visit(self)  # a keyword is not a variable
            return False

        def visit_Name(self, name: cst.Name) -> None:
            found.add(name.value)

    node.visit(_Paths())
    return frozenset(found)


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
        "import httpx\nasync def fetch_all(urls):\n    async with httpx.AsyncClient() as client:\n"
        "        results = []\n        for url in urls:\n"
        "            results.append(await client.get(url))\n        return results\n",
    )
    VALID = (
        "import asyncio, httpx\nasync def fetch_all(urls):\n"
        "    async with httpx.AsyncClient() as client:\n"
        "        return await asyncio.gather(*(client.get(url) for url in urls))\n",
        "import httpx\nasync def crawl(client: httpx.AsyncClient, url):\n    for _ in range(10):\n"
        "        page = await client.get(url)\n        url = page.json()['next']\n",
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._candidates: dict[int, list[tuple[cst.CSTNode, cst.Call, str]]] = {}
        self._paced: set[int] = set()

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
        if "aio.sleep" in effects:
            self._paced.update(id(loop) for loop in loops)
            return
        if "aio.concurrent-io" not in effects:
            return
        loop = loops[0]
        if isinstance(loop, cst.For) and loop.asynchronous is None:
            self._candidates.setdefault(id(loop), []).append((node, call, callee))
        elif isinstance(loop, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
            self._comprehension(loop, node, callee)

    def _comprehension(self, loop: cst.CSTNode, node: cst.CSTNode, callee: str) -> None:
        clause = loop.for_in
        while clause is not None:
            if clause.asynchronous is not None:
                return  # streamed from an async iterator
            clause = clause.inner_for_in
        self.report(node, self.message.format(callee=self._display(callee, node)))

    def _display(self, callee: str, node: cst.CSTNode) -> str:
        call = node.expression if isinstance(node, cst.Await) else node
        return describe_call(callee, self.ctx.code_for(call.func))

    def leave_For(self, node: cst.For) -> None:
        candidates = self._candidates.pop(id(node), None)
        if not candidates or id(node) in self._paced:
            self._paced.discard(id(node))
            return
        targets = _paths_in(node.target)
        facts = _LoopBodyFacts({id(call) for _, call, _ in candidates}, targets)
        node.body.visit(facts)
        if facts.exits:
            return
        for reported, call, callee in candidates:
            position = facts.positions.get(id(call), 0)
            if all(
                self._independent(name, position, facts, frozenset()) for name in _paths_in(call)
            ):
                display = self._display(callee, reported)
                self.report(reported, self.message.format(callee=display))

    def _independent(
        self, path: str, position: int, facts: _LoopBodyFacts, seen: frozenset[str]
    ) -> bool:
        """Does `path`, read at `position`, hold a value from this iteration only?"""
        if path in seen:
            return False
        bindings = facts.bindings_touching(path)
        seen = seen | {path}
        for bound_at, reads in bindings:
            if reads is None or bound_at > position:
                return False  # accumulated, mutated, or fed from the previous iteration
            if not all(self._independent(p, bound_at, facts, seen) for p in reads):
                return False
        return True  # the loop target, a name derived from it, or loop-invariant
