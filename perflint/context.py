"""What rules and analyses see of the file being linted: one API for where a node is
(loops, functions, parents), what names and expressions are (resolved imports, traced
receivers, types), the file's settings and the project's facts, and `report`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import TypeVar

import libcst as cst

from perflint.findings import PendingReport, RelativePosition, RuleInfo
from perflint.iterations import is_hot
from perflint.knowledge import Knowledge
from perflint.nodes import COMPREHENSIONS, DEFINITIONS
from perflint.project import ProjectFacts
from perflint.resolve import Binding, Resolver, Scope
from perflint.settings import FileSettings

AnalysisT = TypeVar("AnalysisT")


def repeating_part(parent: cst.CSTNode, child: cst.CSTNode, grandparent: object) -> bool:
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
        settings: FileSettings,
        project: ProjectFacts,
        module_name: str = "",
    ) -> None:
        self.path = path
        self.module_name = module_name  # qualified ("app.store"), "" when not known
        self.is_package = PurePath(path).name == "__init__.py"
        self.source = source
        self.module = module
        self.knowledge = knowledge
        self.settings = settings
        self.project = project
        self.resolver = Resolver(knowledge, module)  # driven by the engine's scope tracker
        self.stack: list[cst.CSTNode] = []  # the walk's path from the module to the node
        self.reports: list[PendingReport] = []
        self._analyses: dict[type, object] = {}
        self._loops_of: tuple[cst.CSTNode | None, list[cst.CSTNode]] = (None, [])

    # ----- analyses and reports -----------------------------------------------------
    def add_analysis(self, analysis: object) -> None:
        self._analyses[type(analysis)] = analysis

    def analysis(self, kind: type[AnalysisT]) -> AnalysisT:
        """The file's instance of an analysis a rule declared in its ``uses``."""
        try:
            return self._analyses[kind]  # type: ignore[return-value]
        except KeyError:
            raise LookupError(f"{kind.__name__} is used but not declared in `uses`") from None

    def report(
        self,
        rule: RuleInfo,
        node: cst.CSTNode,
        message: str,
        position: RelativePosition | None = None,
        variant: str = "main",
        params: Mapping[str, object] | None = None,
        impact: str | None = None,
        related: tuple[tuple[cst.CSTNode, str], ...] = (),
    ) -> None:
        self.reports.append(
            PendingReport(
                rule,
                node,
                message,
                position,
                impact or rule.impact,
                variant,
                params or {},
                related,
            )
        )

    # ----- where the walk is --------------------------------------------------------
    def ancestors(self) -> Iterator[cst.CSTNode]:
        """The current node's ancestors, innermost first."""
        return reversed(self.stack[:-1])

    def parent(self, levels: int = 1) -> cst.CSTNode | None:
        """An ancestor of the current node (1 = its parent)."""
        index = len(self.stack) - 1 - levels
        return self.stack[index] if index >= 0 else None

    def loops(self) -> list[cst.CSTNode]:
        """Loops whose repeating part holds the current node, innermost first.

        A loop is a ``For``/``While`` or a comprehension node. The search stops at the
        nearest ``def``/``lambda``/``class``: code there runs later, not per iteration.
        """
        node, found = self._loops_of
        if node is not None and self.stack and self.stack[-1] is node:
            return list(found)  # several rules ask about the same node
        found = self._find_loops()
        self._loops_of = (self.stack[-1] if self.stack else None, found)
        return list(found)

    def _find_loops(self) -> list[cst.CSTNode]:
        stack = self.stack
        found: list[cst.CSTNode] = []
        for i in range(len(stack) - 1, 0, -1):
            parent, child = stack[i - 1], stack[i]
            if isinstance(parent, DEFINITIONS) and child is parent.body:
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

    def hot_loops(self) -> list[cst.CSTNode]:
        """`loops()` that can run their body many times: not those over a small literal
        table or a small constant ``range``, nor those that leave on their first pass
        (`perflint.iterations`)."""
        return [loop for loop in self.loops() if is_hot(loop, self._bound_node)]

    def hot_loop(self) -> cst.CSTNode | None:
        """The innermost of `hot_loops()`, or None."""
        hot = self.hot_loops()
        return hot[0] if hot else None

    def _bound_node(self, name: str) -> cst.CSTNode | None:
        binding = self.resolver.lookup(name)
        return binding.node if binding is not None else None

    def loop(self) -> cst.CSTNode | None:
        """The innermost loop running the current node, or None."""
        loops = self.loops()
        return loops[0] if loops else None

    def function(self) -> cst.FunctionDef | None:
        """The innermost enclosing ``def`` of the current node."""
        for node in self.ancestors():
            if isinstance(node, cst.FunctionDef):
                return node
            if isinstance(node, cst.ClassDef):
                return None
        return None

    def in_async_function(self) -> bool:
        """Lexically inside ``async def``, not in a nested sync ``def`` or ``lambda``."""
        for node in self.ancestors():
            if isinstance(node, cst.FunctionDef):
                return node.asynchronous is not None
            if isinstance(node, (cst.Lambda, cst.ClassDef)):
                return False
        return False

    # ----- names and types ----------------------------------------------------------
    def callee(self, call: cst.Call) -> str | None:
        """The qualified name of what a call calls, when resolved."""
        return self.resolver.callee(call)

    def qualified_name(self, expr: cst.BaseExpression) -> str | None:
        """The qualified name an expression *is*: a module, class, function or method."""
        return self.resolver.entity(expr)

    def type_of(self, expr: cst.BaseExpression) -> str | None:
        """The qualified type of the value an expression evaluates to, when known."""
        return self.resolver.type_of(expr)

    def self_class(self, expr: cst.BaseExpression) -> Scope | None:
        """The class scope of ``self`` (or ``cls``) when `expr` is that name in a method."""
        return self.resolver.self_class(expr)

    def lookup(self, name: str) -> Binding | None:
        """What a bare name is bound to at this point of the walk."""
        return self.resolver.lookup(name)

    def binding_of(self, expr: cst.BaseExpression) -> Binding | None:
        """The binding a bare name or a ``self.attr`` refers to."""
        return self.resolver.binding_of(expr)

    @property
    def scope(self) -> Scope:
        """The innermost scope (module, class, function, lambda or comprehension)."""
        return self.resolver.scope

    def function_scope(self) -> Scope | None:
        """The innermost enclosing function (or lambda) scope, None at module/class level."""
        return self.resolver.function_scope()

    def variable_scope(self) -> Scope:
        """Where a plain assignment here binds: the function, else the module."""
        return self.resolver.function_scope() or self.resolver.module_scope

    def code_for(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)


def _comprehension_of(stack: list[cst.CSTNode], index: int) -> cst.CSTNode | None:
    for node in reversed(stack[:index]):
        if isinstance(node, COMPREHENSIONS):
            return node
    return None
