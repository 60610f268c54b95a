"""What to suggest instead of a blocking call: the replacement that works on the event loop
the module runs on, known from its imports, from the thread hand-off it already uses, or
from the loop the rest of the project imports; and, to run it in a thread, the module's
own hand-off, else the project's helper for that loop, else the framework's."""

from __future__ import annotations

import libcst as cst

from perflint.analysis import Analysis
from perflint.context import FileContext
from perflint.knowledge.aio import HANDOFF_FRAMEWORKS, HANDOFF_NAMES, THREAD_HANDOFF
from perflint.knowledge.blocking import (
    CALL,
    FRAMEWORKS,
    HANDOFF_ADVICE,
    PROJECT_HANDOFF_ADVICE,
    REPLACEMENTS,
    TO_THREAD,
)
from perflint.nodes import dotted_name
from perflint.project.event_loop import MIXED


class LoopAdvice(Analysis):
    """The module's async framework and thread hand-off, gathered during the walk; ask
    `replacement` once the walk is over."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._imported: set[str] = set()
        self._handoff: tuple[str, str | None] | None = None  # (call as written, its loop)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            self._imported.add(dotted_name(alias.name).split(".", 1)[0])

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.module is not None and not node.relative:
            self._imported.add(dotted_name(node.module).split(".", 1)[0])

    def visit_Call(self, node: cst.Call) -> None:
        if self._handoff is None:
            self._handoff = self._as_handoff(node)

    def _as_handoff(self, node: cst.Call) -> tuple[str, str | None] | None:
        """``(written, framework)`` when `node` runs a function in a worker thread."""
        written = dotted_name(node.func)
        if not written:
            return None
        callee = self.ctx.callee(node)
        if self.ctx.knowledge.has_effect(callee, THREAD_HANDOFF):
            return written, HANDOFF_FRAMEWORKS.get((callee or "").split(".", 1)[0])
        name = written.rpartition(".")[2]
        return (written, HANDOFF_NAMES[name]) if name in HANDOFF_NAMES else None

    def framework(self) -> str | None:
        """The framework whose API the advice names; None when the project mixes event
        loops and this module shows which one it runs on by no import or hand-off."""
        imported = next((f for f in FRAMEWORKS if f in self._imported), None)
        if imported is not None:
            return imported
        if self._handoff is not None and self._handoff[1] is not None:
            return self._handoff[1]
        loop = self.ctx.project.event_loop.loop
        if loop == MIXED:
            return None
        return loop or "asyncio"

    def replacement(self, family: str) -> str | None:
        """What to use instead of a call of the blocking `family`, or None when unknown."""
        framework = self.framework()
        if framework is None:
            return None
        advice = REPLACEMENTS.get(family, REPLACEMENTS[CALL])[framework]
        return advice.format(to_thread=self._to_thread(framework))

    def _to_thread(self, framework: str) -> str:
        if self._handoff is not None:
            return HANDOFF_ADVICE.format(call=self._handoff[0])
        module, _, name = self.ctx.project.event_loop.handoff.rpartition(".")
        if name and HANDOFF_NAMES.get(name) == framework:
            return PROJECT_HANDOFF_ADVICE.format(name=name, module=module)
        return TO_THREAD[framework]
