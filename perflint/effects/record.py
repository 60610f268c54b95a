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
from perflint.effects.guards import after_presence_guard
from perflint.effects.modules import absolute_name
from perflint.effects.receivers import (
    ENTER,
    GET,
    annotated_class,
    made_by,
    receiver_name,
    yielded_class,
)
from perflint.effects.rows import handler_depth, per_row_loops
from perflint.effects.summary import Call, Effect, FileSummary, Function
from perflint.knowledge.blocking import CALL, FILE_METADATA
from perflint.knowledge.pytypes import (
    CONTEXT_MANAGER_DECORATORS,
    MEMOIZE,
    PROPERTY_DECORATORS,
)
from perflint.nodes import dotted_name
from perflint.rules.aio._advice import LoopAdvice
from perflint.rules.aio._blocking import blocking_family
from perflint.rules.db._access import DbAccess
from perflint.rules.db._labels import snippet

_BUILTINS = frozenset(dir(builtins))
_STDLIB = frozenset(sys.stdlib_module_names)
_CACHED_PROPERTIES = frozenset(
    {"functools.cached_property", "django.utils.functional.cached_property"}
)
_PROPERTIES = PROPERTY_DECORATORS | _CACHED_PROPERTIES
_DB_EFFECTS = {"query": "db.query", "write": "db.write", "cache": "cache"}


class ProjectCalls(Analysis):
    """The file's functions with their effects and its calls to possible project functions
    (calls known by their ordinal in the walk: `perflint.effects.summary.FileSummary`)."""

    uses = (DbAccess, LoopAdvice)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.functions: dict[str, bool] = {}  # dotted name in the file -> is async
        self.classes: dict[str, list[str]] = {}  # dotted name -> qualified bases
        self.exports: dict[str, str] = {}  # a package's imported name -> qualified name
        self.returns: dict[str, str] = {}  # function -> the class (or callable) it returns
        self._returned: dict[str, set[str | None]] = {}  # function -> what its returns call
        # (function, kind, ordinal of the call, label, detail)
        self.effects: list[tuple[str, str, int, str, str]] = []
        # (callee, scope, ordinal of the call, label, hot, in_async, awaited, conditional)
        self.calls: list[tuple[str, str, int, str, bool, bool, bool, bool]] = []
        self._defined: dict[int, str] = {}  # id(def or class) -> its dotted name
        self._memoized: set[str] = set()  # functions whose body runs once per argument
        self._after_guard: dict[int, frozenset[int]] = {}  # id(def) -> `after_presence_guard`
        self._hot_in: dict[tuple[int, ...], bool] = {}  # ids of the enclosing loops -> hot
        self._walked = 0  # calls met so far

    @property
    def db(self) -> DbAccess:
        return self.ctx.analysis(DbAccess)  # registered once every analysis is built

    def summary(self, codes: list[str]) -> FileSummary:
        """The file's summary; `codes` are the project-wide codes enabled for the file."""
        functions = {
            name: Function(is_async, [])
            for name, is_async in self.functions.items()
            if name not in self._memoized  # not followed: its effects do not repeat
        }
        for function, kind, at, label, detail in self.effects:
            if function not in self._memoized:
                functions[function].effects.append(Effect(kind, at, label, detail))
        calls = [Call(*call) for call in self.calls]
        in_async = any(call.in_async for call in calls)
        handoff = self.ctx.analysis(LoopAdvice).replacement(CALL) if in_async else None
        returns = dict(self.returns)
        for function, made in self._returned.items():
            if function not in returns and len(made) == 1 and None not in made:
                returns[function] = next(iter(made))  # every ``return`` constructs it
        return FileSummary(
            self.ctx.module_name,
            codes,
            self._walked,
            handoff or "",
            functions,
            self.classes,
            calls,
            self.exports,
            returns,
        )

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        dotted = self.ctx.scope.dotted_name  # the tracker has entered its scope
        self._defined[id(node)] = dotted
        self.functions[dotted] = node.asynchronous is not None
        if any(self._memoizes(decorator.decorator) for decorator in node.decorators):
            self._memoized.add(dotted)
        if node.returns is not None:
            self._record_returns(node, dotted, node.returns.annotation)

    def _record_returns(
        self, node: cst.FunctionDef, dotted: str, annotation: cst.BaseExpression
    ) -> None:
        """What calling the function gives (``-> Repo``); for a property, also what reading it
        gives; for a ``@contextmanager`` (``Iterator[Repo]``), what ``with`` binds."""
        decorators = {self.ctx.qualified_name(d.decorator) for d in node.decorators}
        if decorators & CONTEXT_MANAGER_DECORATORS:
            entered = yielded_class(annotation, self.ctx.qualified_name, self._name_of)
            if entered is not None:
                self.returns[f"{dotted}.{ENTER}"] = entered
            return
        returned = annotated_class(annotation, self._name_of)
        if returned is None:
            return
        self.returns[dotted] = returned
        if decorators & _PROPERTIES:
            self.returns[f"{dotted}.{GET}"] = returned

    def visit_Return(self, node: cst.Return) -> None:
        scope = self.ctx.function_scope()
        if scope is not None and scope.kind == "function":
            made = made_by(node.value, self._name_of) if node.value is not None else None
            self._returned.setdefault(scope.dotted_name, set()).add(made)

    def visit_Yield(self, node: cst.Yield) -> None:
        scope = self.ctx.function_scope()
        if scope is not None and scope.kind == "function":
            self._returned.setdefault(scope.dotted_name, set()).add(None)  # a generator

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

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        """A package's ``from .store import fetch``: ``app.fetch`` is ``app.store.fetch``."""
        if not self.ctx.is_package or self.ctx.function_scope() is not None:
            return
        if isinstance(node.names, cst.ImportStar):
            return
        module = "." * len(node.relative) + (dotted_name(node.module) if node.module else "")
        for alias in node.names:
            local = alias.asname.name if alias.asname is not None else alias.name
            name = dotted_name(alias.name)
            self._export(local, f"{module}{name}" if module.endswith(".") else f"{module}.{name}")

    def visit_Import(self, node: cst.Import) -> None:
        """A package's ``import app.store as store``: ``app.store`` stays itself."""
        if not self.ctx.is_package or self.ctx.function_scope() is not None:
            return
        for alias in node.names:
            if alias.asname is not None:
                self._export(alias.asname.name, dotted_name(alias.name))

    def _export(self, local: cst.BaseExpression, qualname: str | None) -> None:
        if isinstance(local, cst.Name) and qualname:
            name = absolute_name(qualname, self.ctx.module_name, is_package=True)
            if name.split(".", 1)[0] not in _STDLIB:
                self.exports[local.value] = name

    def visit_Call(self, node: cst.Call) -> None:
        ordinal = self._walked
        self._walked += 1
        scope = self.ctx.function_scope()
        if scope is not None and scope.kind != "function":
            return  # inside a lambda: runs later, if at all
        function = scope.dotted_name if scope is not None else ""
        awaited = isinstance(self.ctx.parent(), cst.Await)
        if function:
            self._record_effect(node, ordinal, function, awaited)
        callee = self._callee(node)
        if callee is None:
            return
        # Only a call inside a function is followed as a hop, where its condition matters.
        conditional = bool(function) and self._conditional()
        hot = self._hot()
        in_async = not awaited and self.ctx.in_async_function()
        if not (function or hot or in_async):
            return  # at module level, run once: neither a hop of a chain nor a finding
        label = _label(self.ctx, node)
        self.calls.append((callee, function, ordinal, label, hot, in_async, awaited, conditional))

    def _hot(self) -> bool:
        """Does the current call run once per row of a loop? Asked once per set of enclosing
        loops and exception handler (`per_row_loops`): the calls of a loop body share the
        answer, and most calls are in no loop."""
        loops = self.ctx.loops()
        if not loops:
            return False
        key = (handler_depth(self.ctx.stack), *(id(loop) for loop in loops))
        hot = self._hot_in.get(key)
        if hot is None:
            hot = self._hot_in[key] = bool(per_row_loops(self.ctx, self.db.repeating_loops()))
        return hot

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

    def _record_effect(self, node: cst.Call, ordinal: int, function: str, awaited: bool) -> None:
        """Record the call if it is an effect."""
        found = self.db.classify(node)
        kind = _DB_EFFECTS.get(found.kind) if found is not None else None
        if kind == "db.query" and self.db.statement(node).computes:
            kind = None  # SELECT f(?) reads no table
        if kind is not None:
            if not self._conditional():  # an effect behind a condition may never run
                self.effects.append((function, kind, ordinal, _label(self.ctx, node), ""))
            return
        if awaited or self.functions.get(function, False):
            return  # only a sync function can block its caller's event loop
        callee = self.ctx.callee(node)
        if callee is None or FILE_METADATA in self.ctx.knowledge.effects_of(callee):
            return  # metadata calls: microseconds on a local disk
        family = blocking_family(self.ctx, node, callee)
        if family is not None and not self._conditional():
            self.effects.append((function, "blocking", ordinal, _label(self.ctx, node), family))

    def _callee(self, call: cst.Call) -> str | None:
        """The qualified name of the function a call may call in the project."""
        func = call.func
        if isinstance(func, cst.Attribute):
            owner = self.ctx.self_class(func.value)
            if owner is not None:
                return f"{self._module_prefix()}{owner.dotted_name}.{func.attr.value}"
            held = receiver_name(self.ctx, func.value, self._name_of)
            if held is not None:  # ``repo: Repo``, ``repo = make_repo()``: see the index
                return f"{held}.{func.attr.value}"
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


def _label(ctx: FileContext, call: cst.Call) -> str:
    """The called expression as written: its dotted name when it is one (no code
    generation needed), else a short snippet."""
    return dotted_name(call.func) or snippet(ctx, call.func)
