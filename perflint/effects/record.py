"""Records, during the walk, what the project-wide pass needs of a file: each function's
own effects (a query, a row write, a cache round trip, a blocking call), classified by the
same code the rules use, and every call whose callee may be a function of the project.

A call inside a ``lambda`` belongs to no function: the lambda runs later, or in a thread
(``asyncio.to_thread(lambda: load())``). A function passed rather than called
(``loop.run_in_executor(None, load)``) is no call at all.
"""

from __future__ import annotations

import builtins
import sys

import libcst as cst

from perflint.analysis import Analysis
from perflint.context import FileContext
from perflint.effects.call_positions import call_spans
from perflint.effects.guards import after_presence_guard
from perflint.effects.modules import absolute_name
from perflint.effects.rows import per_row_loops
from perflint.effects.summary import Call, Effect, FileSummary, Function, Place
from perflint.knowledge.blocking import FILE_METADATA
from perflint.knowledge.pytypes import MEMOIZE
from perflint.lines import physical_lines
from perflint.nodes import dotted_name
from perflint.noqa import NoqaComments, mentions_noqa
from perflint.positions import Span
from perflint.rules.aio._blocking import blocking_family
from perflint.rules.db._access import DbAccess
from perflint.rules.db._labels import snippet

_BUILTINS = frozenset(dir(builtins))
_STDLIB = frozenset(sys.stdlib_module_names)
_CACHED_PROPERTIES = frozenset(
    {"functools.cached_property", "django.utils.functional.cached_property"}
)
_DB_EFFECTS = {"query": "db.query", "write": "db.write", "cache": "cache"}


class ProjectCalls(Analysis):
    """The file's functions with their effects and its calls to possible project functions
    (all nodes; the engine places them and builds `perflint.effects.summary.FileSummary`)."""

    uses = (DbAccess,)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.functions: dict[str, bool] = {}  # dotted name in the file -> is async
        self.classes: dict[str, list[str]] = {}  # dotted name -> qualified bases
        # (function, kind, call, label, detail)
        self.effects: list[tuple[str, str, cst.Call, str, str]] = []
        # (callee, scope, call, label, hot, in_async, awaited, conditional)
        self.calls: list[tuple[str, str, cst.Call, str, bool, bool, bool, bool]] = []
        self._defined: dict[int, str] = {}  # id(def or class) -> its dotted name
        self._memoized: set[str] = set()  # functions whose body runs once per argument
        self._after_guard: dict[int, frozenset[int]] = {}  # id(def) -> `after_presence_guard`
        self._walked = 0  # calls met so far
        self._ordinal: dict[int, int] = {}  # id(recorded call) -> how many calls came before

    @property
    def db(self) -> DbAccess:
        return self.ctx.analysis(DbAccess)  # registered once every analysis is built

    def nodes(self) -> list[cst.CSTNode]:
        """The calls the summary locates."""
        return [effect[2] for effect in self.effects] + [call[2] for call in self.calls]

    def spans(self, text: str) -> dict[int, Span] | None:
        """The spans of `nodes()` by id, from CPython's parser (`call_spans`); None when it
        cannot parse the text or counts another number of calls than the walk met."""
        if not self._ordinal:
            return {}
        found = call_spans(text)
        if found is None or len(found) != self._walked:
            return None
        return {key: found[ordinal] for key, ordinal in self._ordinal.items()}

    def summary(self, spans: dict[int, Span], text: str, codes: list[str]) -> FileSummary:
        """The file's summary, with `spans` locating `nodes()`; `codes` are the
        project-wide codes enabled for the file."""
        functions = {
            name: Function(is_async)
            for name, is_async in self.functions.items()
            if name not in self._memoized  # not followed: its effects do not repeat
        }
        for function, kind, node, label, detail in self.effects:
            if function in self._memoized:
                continue
            place = _place(spans[id(node)])
            functions[function].effects.append(Effect(kind, place, label, detail))
        lines = physical_lines(text)
        comments = NoqaComments.of(text) if mentions_noqa(text) else None
        calls = []
        for callee, scope, node, label, hot, in_async, awaited, conditional in self.calls:
            place = _place(spans[id(node)])
            reported = hot or in_async  # only these can be findings: keep what one needs
            noqa = _silenced(comments, place.line) if reported else []
            line_text = lines[place.line - 1] if reported and place.line <= len(lines) else ""
            calls.append(
                Call(
                    callee,
                    scope,
                    place,
                    label,
                    hot,
                    in_async,
                    awaited,
                    conditional,
                    noqa,
                    line_text,
                )
            )
        return FileSummary(self.ctx.module_name, codes, functions, self.classes, calls)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        dotted = self.ctx.scope.dotted_name  # the tracker has entered its scope
        self._defined[id(node)] = dotted
        self.functions[dotted] = node.asynchronous is not None
        if any(self._memoizes(decorator.decorator) for decorator in node.decorators):
            self._memoized.add(dotted)

    def _memoizes(self, decorator: cst.BaseExpression) -> bool:
        """``@cache``, ``@lru_cache(...)``, ``@cached_property``: the body runs once per
        argument, not on every call."""
        if isinstance(decorator, cst.Call):
            decorator = decorator.func
        name = self.ctx.qualified_name(decorator)
        return name is not None and (
            name in _CACHED_PROPERTIES or MEMOIZE in self.ctx.knowledge.effects_of(name)
        )

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        dotted = self.ctx.scope.dotted_name
        self._defined[id(node)] = dotted
        bases = (self._name_of(arg.value) for arg in node.bases if arg.keyword is None)
        self.classes[dotted] = [base for base in bases if base is not None]

    def visit_Call(self, node: cst.Call) -> None:
        ordinal = self._walked
        self._walked += 1
        scope = self.ctx.function_scope()
        if scope is not None and scope.kind != "function":
            return  # inside a lambda: runs later, if at all
        function = scope.dotted_name if scope is not None else ""
        awaited = isinstance(self.ctx.parent(), cst.Await)
        conditional = self._conditional()
        if function and not conditional and self._record_effect(node, function, awaited):
            self._ordinal[id(node)] = ordinal
        callee = self._callee(node)
        if callee is None:
            return
        self._ordinal[id(node)] = ordinal
        hot = bool(per_row_loops(self.ctx, self.db.repeating_loops()))
        in_async = not awaited and self.ctx.in_async_function()
        label = _label(self.ctx, node)
        self.calls.append((callee, function, node, label, hot, in_async, awaited, conditional))

    def _conditional(self) -> bool:
        """Does the current call run only on some calls of its function: in a branch of an
        ``if``, a conditional expression, a ``while`` body, an ``and``/``or`` operand, an
        exception handler, or after a guard that returns what the function already has
        (`guards`)? Where the function takes a parameter that turns the query off
        (``if save: obj.save()``), following the call would report what does not happen."""
        stack = self.ctx.stack
        for index in range(len(stack) - 1, 0, -1):
            parent, child = stack[index - 1], stack[index]
            if isinstance(parent, cst.FunctionDef):
                statement = stack[index + 1] if index + 1 < len(stack) else None
                return id(statement) in self._guarded(parent)
            if isinstance(parent, cst.Lambda):
                return False
            if isinstance(parent, (cst.If, cst.IfExp, cst.While)) and child is not parent.test:
                return True
            if isinstance(parent, cst.BooleanOperation) and child is parent.right:
                return True
            if isinstance(parent, (cst.ExceptHandler, cst.ExceptStarHandler, cst.MatchCase)):
                return True
        return False

    def _guarded(self, function: cst.FunctionDef) -> frozenset[int]:
        """The ids of `function`'s statements after a presence guard (`guards`)."""
        found = self._after_guard.get(id(function))
        if found is None:
            found = self._after_guard[id(function)] = after_presence_guard(function)
        return found

    def _record_effect(self, node: cst.Call, function: str, awaited: bool) -> bool:
        """Record the call if it is an effect; is it?"""
        found = self.db.classify(node)
        kind = _DB_EFFECTS.get(found.kind) if found is not None else None
        if kind == "db.query" and self.db.statement(node).computes:
            kind = None  # SELECT f(?) reads no table
        if kind is not None:
            self.effects.append((function, kind, node, _label(self.ctx, node), ""))
            return True
        if awaited or self.functions.get(function, False):
            return False  # only a sync function can block its caller's event loop
        callee = self.ctx.callee(node)
        if callee is None or FILE_METADATA in self.ctx.knowledge.effects_of(callee):
            return False  # metadata calls: microseconds on a local disk
        family = blocking_family(self.ctx, node, callee)
        if family is None:
            return False
        self.effects.append((function, "blocking", node, _label(self.ctx, node), family))
        return True

    def _callee(self, call: cst.Call) -> str | None:
        """The qualified name of the function a call may call in the project."""
        func = call.func
        if isinstance(func, cst.Attribute):
            owner = self.ctx.self_class(func.value)
            if owner is not None:
                return f"{self._module_prefix()}{owner.dotted_name}.{func.attr.value}"
        return self._name_of(func)

    def _name_of(self, expr: cst.BaseExpression) -> str | None:
        """The qualified name a name or attribute may stand for in the project."""
        if isinstance(expr, cst.Name):
            binding = self.ctx.lookup(expr.value)
            if binding is None:  # defined further down the module, or a builtin
                unknown = expr.value in _BUILTINS
                return None if unknown else f"{self._module_prefix()}{expr.value}"
            dotted = self._defined.get(id(binding.node))
            if dotted is not None:
                return f"{self._module_prefix()}{dotted}"
            qualname = binding.qualname
        elif isinstance(expr, cst.Attribute):
            qualname = self.ctx.qualified_name(expr)
        else:
            return None
        if qualname is None:
            return None
        qualname = absolute_name(qualname, self.ctx.module_name, self.ctx.is_package)
        top = qualname.split(".", 1)[0]
        return None if top in _STDLIB or top == "builtins" else qualname

    def _module_prefix(self) -> str:
        return f"{self.ctx.module_name}." if self.ctx.module_name else ""


def _place(span: Span) -> Place:
    line, column, end_line, end_column = span
    return Place(line, column + 1, end_line, end_column + 1)


def _silenced(comments: NoqaComments | None, line: int) -> list[str]:
    """The codes and prefixes the ``# noqa`` comments covering `line` silence ("PFL": a
    blanket one silences every code)."""
    if comments is None:
        return []
    found: set[str] = set()
    for noqa in comments.covering(line):
        found.update(noqa.codes or {"PFL"})
    return sorted(found)


def _label(ctx: FileContext, call: cst.Call) -> str:
    """The called expression as written: its dotted name when it is one (no code
    generation needed), else a short snippet."""
    return dotted_name(call.func) or snippet(ctx, call.func)
