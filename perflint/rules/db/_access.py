"""What database and cache calls a file makes, for the PFL1xx rules.

One `DbAccess` per linted file (shared by the rules of the family) classifies calls
through the knowledge base (and, for Django, through `DjangoValues`), reads SQL text to
tell writes from reads, and says which loops repeat work per item.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from perflint.analysis import Analysis
from perflint.context import FileContext
from perflint.knowledge.db import (
    BATCHING_FUNCTION_NAMES,
    BATCHING_FUNCTIONS,
    CACHE_COMMAND,
    COMMIT,
    CONNECT,
    ENDLESS_ITERATORS,
    LOCAL,
    MANAGER,
    MODEL,
    QUERY,
    QUERYSET,
    SQL_TEXT,
    STATEMENT,
    TRANSACTION,
    WRITE,
    WRITE_STATEMENT,
)
from perflint.nodes import comprehension_fors, method_name, string_value, variables_read
from perflint.resolve import Binding
from perflint.rules.db._django import DjangoValues
from perflint.sql.statement import statement_kind

WRITE_STATEMENTS = frozenset({"insert", "update", "delete", "merge"})
# The Django type whose methods a value's methods are, by `DjangoValue.kind`.
_DJANGO_TYPES = {"manager": MANAGER, "queryset": QUERYSET, "rows": QUERYSET, "instance": MODEL}
# The call kind of an effect, first match wins (connections are decided apart).
_KIND_BY_EFFECT = (
    (WRITE, "write"),
    (QUERY, "query"),
    (COMMIT, "commit"),
    (TRANSACTION, "transaction"),
    (CACHE_COMMAND, "cache"),
)


@dataclass(frozen=True, slots=True)
class CallKind:
    kind: str  # "query" | "write" | "commit" | "transaction" | "connect" | "cache"
    receiver_type: str | None = None
    local: bool = False  # an in-process database (sqlite)


class DbAccess(Analysis):
    """Database and cache calls of the file, classified once per call node."""

    uses = (DjangoValues,)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._calls: dict[int, CallKind | None] = {}

    # ----- loops ----------------------------------------------------------------------
    def repeating_loops(self) -> list[cst.CSTNode]:
        """Hot loops running the current node once per item of a collection: ``for``
        loops and comprehensions, not ``while`` loops (polling, pagination) nor loops
        over batches (``for chunk in batch_iter(ids, 100)``) or endless iterators."""
        return [loop for loop in self.ctx.hot_loops() if self._per_item(loop)]

    def _per_item(self, loop: cst.CSTNode) -> bool:
        if isinstance(loop, cst.While):
            return False
        if isinstance(loop, cst.For):
            return not self._batches_or_endless(loop.iter)
        return not all(self._batches_or_endless(f.iter) for f in comprehension_fors(loop))

    def _batches_or_endless(self, iterable: cst.BaseExpression) -> bool:
        """Does iterating `iterable` yield batches of a collection (or never end)?"""
        if isinstance(iterable, cst.Name):
            binding = self.ctx.lookup(iterable.value)
            node = binding.node if binding is not None else None
            single = isinstance(node, cst.Assign) and len(node.targets) == 1
            return single and self._batches_or_endless(node.value)  # type: ignore[union-attr]
        if not isinstance(iterable, cst.Call):
            return False
        callee = self.ctx.callee(iterable) or ""
        if callee == "builtins.enumerate" and iterable.args:
            return self._batches_or_endless(iterable.args[0].value)
        if callee == "builtins.range":
            return len(iterable.args) == 3  # range(0, len(ids), size): offsets of chunks
        func = iterable.func
        name = func.value if isinstance(func, cst.Name) else method_name(iterable)
        return (
            callee in BATCHING_FUNCTIONS
            or callee in ENDLESS_ITERATORS
            or name in BATCHING_FUNCTION_NAMES
        )

    def depends_on_loop(self, node: cst.CSTNode, loops: list[cst.CSTNode]) -> bool:
        """Does the expression read a name bound inside one of `loops`?"""
        for name in variables_read(node):
            binding = self.ctx.lookup(name.value)
            if binding is not None and self._bound_in(binding, loops):
                return True
        return False

    @staticmethod
    def _bound_in(binding: Binding, loops: list[cst.CSTNode]) -> bool:
        if any(loop is binding.node for loop in loops):
            return True
        if isinstance(binding.node, cst.CompFor):
            return any(any(f is binding.node for f in comprehension_fors(loop)) for loop in loops)
        return any(loop is bound for loop in loops for bound in binding.loops)

    # ----- calls ------------------------------------------------------------------------
    def classify(self, call: cst.Call) -> CallKind | None:
        key = id(call)
        if key not in self._calls:
            self._calls[key] = self._classify(call)
        return self._calls[key]

    def _classify(self, call: cst.Call) -> CallKind | None:
        callee = self.ctx.callee(call)
        effects = self.ctx.knowledge.effects_of(callee) if callee else frozenset()
        receiver_type = None
        func = call.func
        if isinstance(func, cst.Attribute):
            receiver_type = callee.rpartition(".")[0] if callee else None
            if not effects:
                effects = self._django_method_effects(func)
            if not effects and func.attr.value == "execute":
                return self._unknown_execute(call)
        return self._kind_of(call, effects, receiver_type)

    def _django_method_effects(self, func: cst.Attribute) -> frozenset[str]:
        """Effects of a method of a Django manager, queryset or model instance."""
        django = self.ctx.analysis(DjangoValues)
        if not django.active:
            return frozenset()
        value = django.value(func.value)
        owner = _DJANGO_TYPES.get(value.kind) if value is not None else None
        if owner is None:
            return frozenset()
        return self.ctx.knowledge.effects_of(f"{owner}.{func.attr.value}")

    def _unknown_execute(self, call: cst.Call) -> CallKind | None:
        """``x.execute(sql)`` on an unknown receiver counts only with SQL that parses."""
        kind = self.statement_kind_of(call)
        if kind is None or kind == "other":
            return None
        return CallKind("write" if kind in WRITE_STATEMENTS else "query")

    def _kind_of(
        self, call: cst.Call, effects: frozenset[str], receiver_type: str | None
    ) -> CallKind | None:
        if not effects:
            return None
        if STATEMENT in effects:
            kind = self.statement_kind_of(call)
            return CallKind("write" if kind in WRITE_STATEMENTS else "query", receiver_type)
        for effect, kind in _KIND_BY_EFFECT:
            if effect in effects:
                return CallKind(kind, receiver_type)
        if CONNECT in effects:
            return CallKind("connect", receiver_type, local=LOCAL in effects)
        return None

    def statement_kind_of(self, call: cst.Call) -> str | None:
        """The statement kind of the SQL passed as a call's first argument."""
        if not call.args or call.args[0].keyword is not None:
            return None
        return self._statement_kind(call.args[0].value, 0)

    def _statement_kind(self, expr: cst.BaseExpression, depth: int) -> str | None:
        if depth > 4:
            return None
        text = string_value(expr)
        if text is not None:
            return statement_kind(text)
        if isinstance(expr, cst.BinaryOperation):
            return self._statement_kind(expr.left, depth + 1)
        if isinstance(expr, cst.Name):
            binding = self.ctx.lookup(expr.value)
            node = binding.node if binding is not None else None
            if isinstance(node, cst.Assign) and len(node.targets) == 1:
                return self._statement_kind(node.value, depth + 1)
            if isinstance(node, cst.AnnAssign) and node.value is not None:
                return self._statement_kind(node.value, depth + 1)
            return None
        if isinstance(expr, cst.Call):
            callee = self.ctx.callee(expr)
            effects = self.ctx.knowledge.effects_of(callee) if callee else frozenset()
            if WRITE_STATEMENT in effects:
                return "insert"
            if SQL_TEXT in effects and expr.args:
                return self._statement_kind(expr.args[0].value, depth + 1)
            func = expr.func
            if isinstance(func, cst.Attribute):
                if func.attr.value == "format":  # "...".format(...)
                    return self._statement_kind(func.value, depth + 1)
                # a builder chain: insert(t).values(...), update(t).where(...)
                return (
                    self._statement_kind(func.value, depth + 1)
                    if isinstance(func.value, cst.Call)
                    else None
                )
        return None
