"""PFL301 blocking-call-in-async: a synchronous call that blocks the event loop, made
directly inside ``async def``."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.fixes.transforms.blocking_call_in_async import SleepInAsyncFix
from perflint.knowledge.blocking import FILE_METADATA, FILE_OBJECT
from perflint.roles import APP, TEST
from perflint.rule import Rule
from perflint.rules._calls import describe_call
from perflint.rules.aio._advice import LoopAdvice
from perflint.rules.aio._blocking import blocking_family, blocking_kind
from perflint.rules.aio._file_objects import known_file


class BlockingCallInAsync(Rule):
    """A synchronous call that blocks the thread, made directly inside ``async def``."""

    code = "PFL301"
    name = "blocking-call-in-async"
    preview = (
        "7 of 16 judged findings on real code were worth acting on (round after): the others "
        "read small local files, sit in async tests or run once; its file-system metadata "
        "calls: 2 of 29"
    )
    impact = "high"
    applies_to = frozenset({APP, TEST})  # a hang or a stalled loop hurts a test run too
    fix = SleepInAsyncFix()
    summary = "a blocking call (sleep, sync HTTP, subprocess, file I/O, sync DB) inside `async def`"
    message = (
        "{callee} is {description} inside `async def`: it stalls the event loop and every "
        "other task until it returns; use {replacement}"
    )
    variants = {
        "metadata": (
            "{callee} is a file-system metadata call inside `async def`: microseconds on a "
            "local disk (less than handing it to a thread costs), but it stalls the event loop "
            "on a network file system or a slow disk; where this path can be one, use "
            "{replacement}"
        ),
        "iteration": (
            "iterating `{name}`, a file object, reads the file with {description} inside "
            "`async def`: it stalls the event loop and every other task until each read "
            "returns; use {replacement}"
        ),
    }
    # Cheap where it runs once; in a loop the calls add up and it ranks as the rule does.
    variant_impacts = {"metadata": "low"}
    # Judged not worth acting on in most code (microseconds on a local disk): preview only.
    preview_variants = frozenset({"metadata"})
    uses = (LoopAdvice,)
    INVALID = (
        dedent("""\
            import time
            async def poll():
                time.sleep(1)
        """),
        dedent("""\
            import requests
            async def fetch(url):
                return requests.get(url, timeout=5).json()
        """),
        dedent("""\
            import trio
            import subprocess
            async def build():
                subprocess.run(["make"], check=True)
        """),
        dedent("""\
            from pathlib import Path
            async def load(root: Path):
                return (root / "config.json").read_text()
        """),
    )
    VALID = (
        dedent("""\
            import asyncio
            async def poll():
                await asyncio.sleep(1)
        """),
        dedent("""\
            import asyncio, requests
            async def fetch(url):
                return await asyncio.to_thread(requests.get, url, timeout=5)
        """),
        dedent("""\
            import time
            async def handler(self):
                self.clock.sleep(1)
        """),
        dedent("""\
            import time
            def sync_worker():
                time.sleep(1)
        """),
        dedent("""\
            import time
            async def outer():
                def inner():
                    time.sleep(1)
                return inner
        """),
        dedent("""\
            async def send(path, sender):
                with open(path, "rb") as handle:
                    await sender.transfer(handle)
        """),
        dedent("""\
            from urllib.request import urlopen
            async def inline_image(url):
                if url.startswith("data:"):
                    return urlopen(url).read()
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # Reported at the end: the advice depends on every import and hand-off of the file.
        # (node, family, variant, message parameters but the replacement)
        self._found: list[tuple[cst.CSTNode, str, str, dict[str, str]]] = []

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function() or isinstance(self.ctx.parent(), cst.Await):
            return  # an awaited call is an async API, whatever its name
        callee = self._file_object_method(node) or self.ctx.callee(node)
        if callee is None:
            return
        family = blocking_family(self.ctx, node, callee)
        if family is None:
            return
        cheap = FILE_METADATA in self.ctx.knowledge.effects_of(callee)
        variant = "metadata" if cheap and self.ctx.hot_loop() is None else "main"
        self._found.append(
            (
                node,
                family,
                variant,
                {"callee": describe_call(self.ctx, node, self._named(node, callee))},
            )
        )

    def _named(self, node: cst.Call, callee: str) -> str:
        """How the message names what is called: a file object's method by its own type."""
        if callee.startswith(f"{FILE_OBJECT}.") and isinstance(node.func, cst.Attribute):
            return f"{self.ctx.type_of(node.func.value)}.{node.func.attr.value}"
        return callee

    def _file_object_method(self, node: cst.Call) -> str | None:
        """``f.read()`` on a file object known by its annotation or opened outside this
        coroutine: the method of FILE_OBJECT. Any other file object's methods resolve to
        nothing: ``open()`` is reported where its file is used, and ``sys.stdin`` may be a
        console."""
        func = node.func
        if not isinstance(func, cst.Attribute) or not known_file(self.ctx, func.value):
            return None
        return f"{FILE_OBJECT}.{func.attr.value}"

    def visit_For(self, node: cst.For) -> None:
        if node.asynchronous is None:
            self._iterated(node.iter)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        if node.asynchronous is None:
            self._iterated(node.iter)

    def _iterated(self, iterable: cst.BaseExpression) -> None:
        """``for line in f`` over a file object known by its annotation (or opened outside
        this coroutine) reads it."""
        if not self.ctx.in_async_function() or not known_file(self.ctx, iterable):
            return
        family = blocking_kind(self.ctx, f"{FILE_OBJECT}.__iter__")
        if family is not None:
            name = self.ctx.code_for(iterable)
            self._found.append((iterable, family, "iteration", {"name": name}))

    def finish(self) -> None:
        advice = self.ctx.analysis(LoopAdvice)
        kinds = self.ctx.knowledge.kinds
        for node, family, variant, params in self._found:
            replacement = advice.replacement(family)
            if replacement is None:
                continue  # the loop is unknown: any advice could break the code
            self.report(
                node,
                variant=variant,
                description=kinds.get(family, "a blocking call"),
                replacement=replacement,
                **params,
            )
