"""What database and cache calls a file makes, for the PFL1xx rules.

One `DbAccess` per linted file (shared by the rules of the family) classifies calls
through the knowledge base, reads SQL text to tell writes from reads, follows Django
querysets from ``Model.objects`` to their evaluation, and says which loops repeat work
per item. Django values of assignments are recorded as the walk passes them, so a later
``qs = qs.select_related(...)`` still knows what ``qs`` was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import libcst as cst

from perflint.analysis import Analysis
from perflint.context import FileContext
from perflint.knowledge.db import MANAGER, MODEL, QUERYSET, VALUES_QUERYSET
from perflint.nodes import comprehension_fors, string_value, variables_read
from perflint.project.django_models import EMPTY, ModelIndex, index_of_source
from perflint.resolve import Binding, Resolver
from perflint.sql.statement import statement_kind

WRITE_STATEMENTS = frozenset({"insert", "update", "delete", "merge"})
_SMALL_RANGE = 20
_CONSTANTS = (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)


@dataclass(frozen=True, slots=True)
class DjangoValue:
    """``kind``: "model" (the class), "manager", "queryset", "rows" (values()),
    "instance". ``covered``: relations loaded by select_related/prefetch_related."""

    kind: str
    model: str
    covered: frozenset[str] = frozenset()
    all_forward: bool = False  # select_related() without arguments


@dataclass(frozen=True, slots=True)
class CallKind:
    kind: str  # "query" | "write" | "commit" | "transaction" | "connect" | "cache"
    receiver_type: str | None = None
    local: bool = False  # an in-process database (sqlite)


def _is_small_literal(iterable: cst.BaseExpression, resolver: Resolver) -> bool:
    """A literal tuple/list/set of constants (or a name bound once to one), or
    ``range(<small literal>)``."""
    if isinstance(iterable, cst.Name):
        binding = resolver.lookup(iterable.value)
        node = binding.node if binding is not None else None
        return (
            isinstance(node, cst.Assign)
            and isinstance(node.value, (cst.Tuple, cst.List, cst.Set))
            and _is_small_literal(node.value, resolver)
        )
    if isinstance(iterable, (cst.Tuple, cst.List, cst.Set)):
        return all(
            isinstance(e.value, _CONSTANTS)
            or (isinstance(e.value, cst.Name) and e.value.value in ("True", "False", "None"))
            for e in iterable.elements
        )
    if (
        isinstance(iterable, cst.Call)
        and isinstance(iterable.func, cst.Name)
        and iterable.func.value == "range"
        and 1 <= len(iterable.args) <= 2
        and all(isinstance(a.value, cst.Integer) for a in iterable.args)
    ):
        bounds = [int(a.value.value, 0) for a in iterable.args]
        return bounds[-1] - (bounds[0] if len(bounds) == 2 else 0) <= _SMALL_RANGE
    return False


class DbAccess(Analysis):
    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.knowledge = ctx.knowledge
        self.resolver = ctx.resolver
        project = ctx.project.django_models
        source = ctx.source
        defines_models = "django" in source and ("models.Model" in source or "Model)" in source)
        own = index_of_source(source) if defines_models else EMPTY
        self.models: ModelIndex = project.merged(own)
        # Django analysis runs only in files that can involve Django models.
        self.django = bool(self.models) or "django" in ctx.source
        self._values: dict[int, DjangoValue | None] = {}
        self._calls: dict[int, CallKind | None] = {}

    # ----- loops ----------------------------------------------------------------------
    def repeating_loops(self) -> list[cst.CSTNode]:
        """Loops running the current node once per item of a collection: ``for`` loops
        and comprehensions, not ``while`` loops (polling, pagination) and not loops over
        a small literal collection."""
        loops = []
        for loop in self.ctx.loops():
            if isinstance(loop, cst.While):
                continue
            if isinstance(loop, cst.For):
                if _is_small_literal(loop.iter, self.resolver):
                    continue
            elif all(_is_small_literal(f.iter, self.resolver) for f in comprehension_fors(loop)):
                continue
            loops.append(loop)
        return loops

    def depends_on_loop(self, node: cst.CSTNode, loops: list[cst.CSTNode]) -> bool:
        """Does the expression read a name bound inside one of `loops`?"""
        for name in variables_read(node):
            binding = self.resolver.lookup(name.value)
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
        effects = self.knowledge.effects_of(callee) if callee else frozenset()
        receiver_type = None
        func = call.func
        if isinstance(func, cst.Attribute):
            receiver_type = callee.rpartition(".")[0] if callee else None
            if not effects and self.django:
                value = self.django_value(func.value)
                if value is not None:
                    owner = {
                        "manager": MANAGER,
                        "queryset": QUERYSET,
                        "rows": QUERYSET,
                        "instance": MODEL,
                    }.get(value.kind)
                    if owner is not None:
                        effects = self.knowledge.effects_of(f"{owner}.{func.attr.value}")
            if not effects and func.attr.value == "execute":
                # An unknown receiver counts only with SQL that parses.
                kind = self.statement_kind_of(call)
                if kind is None or kind == "other":
                    return None
                return CallKind("write" if kind in WRITE_STATEMENTS else "query")
        if not effects:
            return None
        if "db.statement" in effects:
            kind = self.statement_kind_of(call)
            return CallKind("write" if kind in WRITE_STATEMENTS else "query", receiver_type)
        for effect, kind in (
            ("db.write", "write"),
            ("db.query", "query"),
            ("db.commit", "commit"),
            ("db.transaction", "transaction"),
            ("cache.command", "cache"),
        ):
            if effect in effects:
                return CallKind(kind, receiver_type)
        if "db.connect" in effects:
            return CallKind("connect", receiver_type, local="db.local" in effects)
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
            binding = self.resolver.lookup(expr.value)
            node = binding.node if binding is not None else None
            if isinstance(node, cst.Assign) and len(node.targets) == 1:
                return self._statement_kind(node.value, depth + 1)
            if isinstance(node, cst.AnnAssign) and node.value is not None:
                return self._statement_kind(node.value, depth + 1)
            return None
        if isinstance(expr, cst.Call):
            callee = self.ctx.callee(expr)
            effects = self.knowledge.effects_of(callee) if callee else frozenset()
            if "db.write-statement" in effects:
                return "insert"
            if "db.sql-text" in effects and expr.args:
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

    # ----- Django ----------------------------------------------------------------------
    # Values of assignments and loop iterables are resolved while the walk passes them,
    # when their names still have the bindings they had there.
    def leave_Assign(self, node: cst.Assign) -> None:
        self._record(node.value)

    def leave_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._record(node.value)

    def leave_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._record(node.value)

    def visit_For(self, node: cst.For) -> None:
        self._record(node.iter)

    def _record(self, value: cst.BaseExpression | None) -> None:
        if value is not None and self.django:
            self.django_value(value)

    def django_value(self, expr: cst.BaseExpression) -> DjangoValue | None:
        key = id(expr)
        if key in self._values:
            return self._values[key]
        self._values[key] = None  # a cycle resolves to "unknown"
        found = self._django_value(expr) if self.django else None
        self._values[key] = found
        return found

    def _is_model_name(self, name: str, binding: Binding | None) -> bool:
        if name in self.models.models:
            return True
        # ``from shop.models import Book``: a class imported from a models module
        qualname = binding.qualname if binding is not None else None
        if qualname and "." in qualname:
            module = qualname.rpartition(".")[0]
            return module.rsplit(".", 1)[-1] == "models" and name[:1].isupper()
        return False

    def _django_value(self, expr: cst.BaseExpression) -> DjangoValue | None:
        if isinstance(expr, cst.Name):
            return self._name_value(expr)
        if isinstance(expr, cst.Await):
            return self.django_value(expr.expression)
        if isinstance(expr, cst.Subscript):  # slicing keeps a queryset
            base = self.django_value(expr.value)
            return base if base is not None and base.kind == "queryset" else None
        if isinstance(expr, cst.Attribute):
            base = self.django_value(expr.value)
            if base is None:
                return None
            if base.kind == "model" and expr.attr.value == "objects":
                return DjangoValue("manager", base.model)
            if base.kind == "instance":
                relation = self.models.relation(base.model, expr.attr.value)
                if relation is None:
                    return None
                if relation.kind == "many":
                    return DjangoValue("manager", relation.target)
                return DjangoValue("instance", relation.target)
            return None
        if isinstance(expr, cst.Call):
            func = expr.func
            if isinstance(func, cst.Name):
                base = self.django_value(func)
                return replace(base, kind="instance") if base and base.kind == "model" else None
            if not isinstance(func, cst.Attribute):
                return None
            base = self.django_value(func.value)
            if base is None or base.kind not in ("manager", "queryset"):
                return None
            method = func.attr.value
            returned = self.knowledge.return_type(f"{QUERYSET}.{method}")
            if returned == MODEL:
                return DjangoValue("instance", base.model)
            if returned == VALUES_QUERYSET:
                return DjangoValue("rows", base.model)
            if returned != QUERYSET:
                return None
            value = DjangoValue("queryset", base.model, base.covered, base.all_forward)
            if method == "select_related":
                if not expr.args:
                    return replace(value, all_forward=True)
                return replace(value, covered=value.covered | _lookups(expr))
            if method == "prefetch_related":
                return replace(value, covered=value.covered | _lookups(expr))
            return value
        return None

    def _name_value(self, expr: cst.Name) -> DjangoValue | None:
        binding = self.resolver.lookup(expr.value)
        if binding is None:
            return None
        node = binding.node
        if isinstance(node, cst.ClassDef):
            is_model = expr.value in self.models.models
            return DjangoValue("model", expr.value) if is_model else None
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            is_model = self._is_model_name(expr.value, binding)
            return DjangoValue("model", expr.value) if is_model else None
        if isinstance(node, (cst.Assign, cst.NamedExpr)):
            return self.django_value(node.value)
        if isinstance(node, cst.AnnAssign):
            if node.value is not None:
                return self.django_value(node.value)
            return self._annotated(node.annotation.annotation)
        if isinstance(node, cst.WithItem):
            return self.django_value(node.item)
        if isinstance(node, cst.Param) and node.annotation is not None:
            return self._annotated(node.annotation.annotation)
        if isinstance(node, (cst.For, cst.CompFor)):
            queryset = self.loop_queryset(node, expr.value)
            return replace(queryset, kind="instance") if queryset is not None else None
        return None

    def loop_queryset(self, loop: cst.For | cst.CompFor, name: str) -> DjangoValue | None:
        """The queryset whose objects `loop` binds to `name`: ``for name in qs`` or
        ``for i, name in enumerate(qs)``."""
        target, iterable = loop.target, loop.iter
        if (
            isinstance(target, cst.Tuple)
            and len(target.elements) == 2
            and isinstance(iterable, cst.Call)
            and iterable.args
            and self.ctx.callee(iterable) == "builtins.enumerate"
        ):
            target, iterable = target.elements[1].value, iterable.args[0].value
        if not (isinstance(target, cst.Name) and target.value == name):
            return None
        value = self.django_value(iterable)
        if value is None or value.kind not in ("queryset", "manager"):
            return None
        return replace(value, kind="queryset")

    def _annotated(self, annotation: cst.BaseExpression) -> DjangoValue | None:
        if isinstance(annotation, cst.Name):
            model = self.django_value(annotation)
            if model is not None and model.kind == "model":
                return DjangoValue("instance", model.model)
        return None

    def loop_object_relation(self, expr: cst.BaseExpression) -> bool:
        """Is `expr` a chain on a related manager of a loop variable that iterates a
        queryset (``book.tags.all()`` in ``for book in Book.objects...``)? Such queries
        are PFL104's: the fix is prefetching on the outer queryset."""
        while isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            expr = expr.func.value
        if not (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name)):
            return False
        binding = self.resolver.lookup(expr.value.value)
        node = binding.node if binding is not None else None
        if not isinstance(node, (cst.For, cst.CompFor)):
            return False
        queryset = self.loop_queryset(node, expr.value.value)
        if queryset is None:
            return False
        relation = self.models.relation(queryset.model, expr.attr.value)
        return relation is not None and relation.kind == "many"

    def iterated_queryset(self, iterable: cst.BaseExpression) -> DjangoValue | None:
        value = self.django_value(iterable)
        return value if value is not None and value.kind in ("queryset", "rows") else None


def _lookups(call: cst.Call) -> frozenset[str]:
    """First segments of select_related/prefetch_related lookups: strings or Prefetch()."""
    found = set()
    for arg in call.args:
        value = arg.value
        if isinstance(value, cst.Call) and value.args:
            value = value.args[0].value  # Prefetch("tags", queryset=...)
        text = string_value(value) if isinstance(value, cst.SimpleString) else None
        if text:
            found.add(text.split("__", 1)[0])
    return frozenset(found)
