"""PFL301 blocking-call-in-async: a synchronous call that blocks the event loop, made
directly inside ``async def``."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.fixes.transforms.blocking_call_in_async import SleepInAsyncFix
from perflint.knowledge.blocking import FILE_METADATA
from perflint.roles import APP, TEST
from perflint.rule import Rule
from perflint.rules._calls import describe_call
from perflint.rules.aio._advice import LoopAdvice
from perflint.rules.aio._blocking import blocking_family


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
        self._found: list[tuple[cst.Call, str, str, str]] = []  # (call, callee, family, variant)

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_async_function() or isinstance(self.ctx.parent(), cst.Await):
            return  # an awaited call is an async API, whatever its name
        callee = self.ctx.callee(node)
        if callee is None:
            return
        family = blocking_family(self.ctx, node, callee)
        if family is None:
            return
        cheap = FILE_METADATA in self.ctx.knowledge.effects_of(callee)
        variant = "metadata" if cheap and self.ctx.hot_loop() is None else "main"
        self._found.append((node, callee, family, variant))

    def finish(self) -> None:
        advice = self.ctx.analysis(LoopAdvice)
        kinds = self.ctx.knowledge.kinds
        for call, callee, family, variant in self._found:
            replacement = advice.replacement(family)
            if replacement is None:
                continue  # the loop is unknown: any advice could break the code
            self.report(
                call,
                variant=variant,
                callee=describe_call(self.ctx, call, callee),
                description=kinds.get(family, "a blocking call"),
                replacement=replacement,
            )
