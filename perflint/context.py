"""What rules see of the file being linted: names, loops, functions, and `report`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import libcst as cst

from perflint.knowledge import Knowledge
from perflint.resolve import Resolver

if TYPE_CHECKING:
    from perflint.rule import Rule

AnalysisT = TypeVar("AnalysisT")

_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
_DEFINITIONS = (cst.FunctionDef, cst.Lambda, cst.ClassDef)


@dataclass(frozen=True, slots=True)
class RelativePosition:
    """A point inside a reported node: on its first line (``line_offset == 0``) the
    column counts from the node's start, on later lines it is the absolute column
    (0-based). SQL rules use it to point at a token inside a string literal."""

    line_offset: int
    column: int
    length: int = 1


@dataclass(slots=True)
class Report:
    rule: type[Rule]
    node: cst.CSTNode
    message: str
    position: RelativePosition | None


def repeating_part(parent: cst.CSTNode, child: cst.CSTNode, grandparent: Any) -> bool:
    """Is `child` the part of loop-like `parent` that runs once per iteration?"""
    if isinstance(parent, cst.For):
        return child is parent.body
    if isinstance(parent, cst.While):
        return child is not parent.orelse
    if isinstance(parent, cst.CompFor):
        # The outermost iterable is evaluated once, before the comprehension starts.
        if child is parent.iter:
            return isinstance(grandparent, cst.CompFor)
        return child is not parent.target
    if isinstance(parent, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
        return child is parent.elt
    if isinstance(parent, cst.DictComp):
        return child is parent.key or child is parent.value
    return False


class FileContext:
    def __init__(
        self,
        path: str,
        source: str,
        module: cst.Module,
        knowledge: Knowledge,
        config: Any,
    ) -> None:
        self.path = path
        self.source = source
        self.module = module
        self.knowledge = knowledge
        self.config = config
        self.resolver = Resolver(knowledge, module)
        self.stack: list[cst.CSTNode] = []
        self.reports: list[Report] = []
        self.effects: dict[str, set[str]] = {}
        self.local_calls: dict[str, set[str]] = {}
        self._analyses: dict[type, Any] = {}

    def analysis(self, factory: type[AnalysisT]) -> AnalysisT:
        """The per-file analysis a family of rules shares (``factory(ctx)``), made on first
        use and dropped with the context, so each file is analysed once for all of them."""
        found = self._analyses.get(factory)
        if found is None:
            found = self._analyses[factory] = factory(self)
        return found

    # ----- reporting ----------------------------------------------------------------
    def report(
        self,
        rule: Rule,
        node: cst.CSTNode,
        message: str,
        position: RelativePosition | None = None,
    ) -> None:
        self.reports.append(Report(type(rule), node, message, position))

    # ----- where are we -------------------------------------------------------------
    def loops(self) -> list[cst.CSTNode]:
        """Loops whose repeating part holds the current node, innermost first.

        A loop is a ``For``/``While`` or a comprehension node. The search stops at the
        nearest ``def``/``lambda``/``class``: code there runs later, not per iteration.
        """
        stack = self.stack
        found: list[cst.CSTNode] = []
        for i in range(len(stack) - 1, 0, -1):
            parent, child = stack[i - 1], stack[i]
            if isinstance(parent, _DEFINITIONS) and child is parent.body:
                break
            grandparent = stack[i - 2] if i >= 2 else None
            if repeating_part(parent, child, grandparent):
                # A comprehension's ifs and inner fors belong to the comprehension node.
                loop = (
                    _comprehension_of(stack, i - 1) if isinstance(parent, cst.CompFor) else parent
                )
                if loop is not None and not any(loop is seen for seen in found):
                    found.append(loop)
        return found

    def loop(self) -> cst.CSTNode | None:
        """The innermost loop running the current node, or None."""
        loops = self.loops()
        return loops[0] if loops else None

    def parent(self, levels: int = 1) -> cst.CSTNode | None:
        """An ancestor of the current node (1 = its parent)."""
        index = len(self.stack) - 1 - levels
        return self.stack[index] if index >= 0 else None

    def enclosing(self, *types: type[cst.CSTNode]) -> cst.CSTNode | None:
        for node in reversed(self.stack[:-1]):
            if isinstance(node, types):
                return node
        return None

    def function(self) -> cst.FunctionDef | None:
        """The innermost enclosing ``def`` of the current node."""
        for node in reversed(self.stack[:-1]):
            if isinstance(node, cst.FunctionDef):
                return node
            if isinstance(node, cst.ClassDef):
                return None
        return None

    def in_async_function(self) -> bool:
        """Lexically inside ``async def``, not in a nested sync ``def`` or ``lambda``."""
        for node in reversed(self.stack[:-1]):
            if isinstance(node, cst.FunctionDef):
                return node.asynchronous is not None
            if isinstance(node, (cst.Lambda, cst.ClassDef)):
                return False
        return False

    # ----- names --------------------------------------------------------------------
    def callee(self, call: cst.Call) -> str | None:
        return self.resolver.callee(call)

    def qualified_name(self, expr: cst.BaseExpression) -> str | None:
        return self.resolver.entity(expr)

    def type_of(self, expr: cst.BaseExpression) -> str | None:
        return self.resolver.type_of(expr)

    def effects_of_call(self, call: cst.Call) -> frozenset[str]:
        callee = self.resolver.callee(call)
        return self.knowledge.effects_of(callee) if callee else frozenset()

    def code_for(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)


def _comprehension_of(stack: list[cst.CSTNode], index: int) -> cst.CSTNode | None:
    for node in reversed(stack[:index]):
        if isinstance(node, _COMPREHENSIONS):
            return node
    return None
