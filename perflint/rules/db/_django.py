"""What Django objects a file's expressions hold, for the PFL1xx rules.

`DjangoValues` follows models to ``Model.objects``, managers and querysets through their
methods, instances through their relations and loop variables, and which relations a
queryset loads up front (select_related/prefetch_related). Values of assignments and
loop iterables are recorded as the walk passes them, while their names still have the
bindings they had there, so a later ``qs = qs.select_related(...)`` still knows what
``qs`` was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import libcst as cst

from perflint.analysis import Analysis
from perflint.context import FileContext
from perflint.knowledge.db import MODEL, QUERYSET, VALUES_QUERYSET
from perflint.nodes import string_value
from perflint.project.django_models import EMPTY, ModelIndex, index_of_source
from perflint.resolve import Binding


@dataclass(frozen=True, slots=True)
class DjangoValue:
    """``kind``: "model" (the class), "manager", "queryset", "rows" (values()),
    "instance". ``covered``: relations loaded by select_related/prefetch_related."""

    kind: str
    model: str
    covered: frozenset[str] = frozenset()
    all_forward: bool = False  # select_related() without arguments


class DjangoValues(Analysis):
    """The Django value of expressions, memoized per node for the file."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        source = ctx.source
        defines_models = "django" in source and (
            "models.Model" in source or "Model)" in source or "receiver" in source
        )
        own = index_of_source(source) if defines_models else EMPTY
        self.models: ModelIndex = ctx.project.django_models.merged(own)
        # Django analysis runs only in files that can involve Django models.
        self.active = bool(self.models) or "django" in source
        self._values: dict[int, DjangoValue | None] = {}
        self._by_node: dict[type, Callable[[cst.BaseExpression], DjangoValue | None]] = {
            cst.Name: self._name_value,
            cst.Await: self._awaited_value,
            cst.Subscript: self._sliced_value,
            cst.Attribute: self._attribute_value,
            cst.Call: self._call_value,
        }

    # ----- recording as the walk passes -----------------------------------------------
    def leave_Assign(self, node: cst.Assign) -> None:
        self._record(node.value)

    def leave_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._record(node.value)

    def leave_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._record(node.value)

    def visit_For(self, node: cst.For) -> None:
        self._record(node.iter)

    def _record(self, value: cst.BaseExpression | None) -> None:
        if value is not None and self.active:
            self.value(value)

    # ----- questions the rules ask ----------------------------------------------------
    def value(self, expr: cst.BaseExpression) -> DjangoValue | None:
        """The Django object `expr` evaluates to, when known."""
        key = id(expr)
        if key in self._values:
            return self._values[key]
        self._values[key] = None  # a cycle resolves to "unknown"
        step = self._by_node.get(type(expr)) if self.active else None
        found = step(expr) if step is not None else None
        self._values[key] = found
        return found

    def iterated_queryset(self, iterable: cst.BaseExpression) -> DjangoValue | None:
        """The queryset (or values() rows) that iterating `iterable` evaluates."""
        value = self.value(iterable)
        return value if value is not None and value.kind in ("queryset", "rows") else None

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
        value = self.value(iterable)
        if value is None or value.kind not in ("queryset", "manager"):
            return None
        return replace(value, kind="queryset")

    def model_of_call(self, call: cst.Call) -> str | None:
        """The model whose instance, manager or queryset a method call is made on."""
        if not isinstance(call.func, cst.Attribute):
            return None
        value = self.value(call.func.value)
        return value.model if value is not None else None

    def loop_object_relation(self, expr: cst.BaseExpression) -> bool:
        """Is `expr` a chain on a related manager of a loop variable that iterates a
        queryset (``book.tags.all()`` in ``for book in Book.objects...``)? Such queries
        are lazy-relation-in-loop's: the fix is prefetching on the outer queryset."""
        while isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            expr = expr.func.value
        if not (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name)):
            return False
        binding = self.ctx.lookup(expr.value.value)
        node = binding.node if binding is not None else None
        if not isinstance(node, (cst.For, cst.CompFor)):
            return False
        queryset = self.loop_queryset(node, expr.value.value)
        if queryset is None:
            return False
        relation = self.models.relation(queryset.model, expr.attr.value)
        return relation is not None and relation.kind == "many"

    # ----- one step per kind of expression --------------------------------------------
    def _awaited_value(self, expr: cst.Await) -> DjangoValue | None:
        return self.value(expr.expression)

    def _sliced_value(self, expr: cst.Subscript) -> DjangoValue | None:
        """Slicing keeps a queryset."""
        base = self.value(expr.value)
        return base if base is not None and base.kind == "queryset" else None

    def _attribute_value(self, expr: cst.Attribute) -> DjangoValue | None:
        """``Model.objects``, or a relation of an instance."""
        base = self.value(expr.value)
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

    def _call_value(self, expr: cst.Call) -> DjangoValue | None:
        """``Model(...)``, or a method of a manager or queryset."""
        func = expr.func
        if isinstance(func, cst.Name):
            base = self.value(func)
            return replace(base, kind="instance") if base and base.kind == "model" else None
        if not isinstance(func, cst.Attribute):
            return None
        base = self.value(func.value)
        if base is None or base.kind not in ("manager", "queryset"):
            return None
        return self._method_result(base, func.attr.value, expr)

    def _method_result(self, base: DjangoValue, method: str, call: cst.Call) -> DjangoValue | None:
        """What a manager or queryset method returns, by the QuerySet API's return types."""
        returned = self.ctx.knowledge.return_type(f"{QUERYSET}.{method}")
        if returned == MODEL:
            return DjangoValue("instance", base.model)
        if returned == VALUES_QUERYSET:
            return DjangoValue("rows", base.model)
        if returned != QUERYSET:
            return None
        queryset = DjangoValue("queryset", base.model, base.covered, base.all_forward)
        return _with_loaded_relations(queryset, method, call)

    def _name_value(self, expr: cst.Name) -> DjangoValue | None:
        """A name's value, by what binds it here."""
        binding = self.ctx.lookup(expr.value)
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
            return self.value(node.value)
        if isinstance(node, cst.AnnAssign):
            if node.value is not None:
                return self.value(node.value)
            return self._annotated(node.annotation.annotation)
        if isinstance(node, cst.WithItem):
            return self.value(node.item)
        if isinstance(node, cst.Param) and node.annotation is not None:
            return self._annotated(node.annotation.annotation)
        if isinstance(node, (cst.For, cst.CompFor)):
            queryset = self.loop_queryset(node, expr.value)
            return replace(queryset, kind="instance") if queryset is not None else None
        return None

    def _is_model_name(self, name: str, binding: Binding | None) -> bool:
        if name in self.models.models:
            return True
        # ``from shop.models import Book``: a class imported from a models module
        qualname = binding.qualname if binding is not None else None
        if qualname and "." in qualname:
            module = qualname.rpartition(".")[0]
            return module.rsplit(".", 1)[-1] == "models" and name[:1].isupper()
        return False

    def _annotated(self, annotation: cst.BaseExpression) -> DjangoValue | None:
        """An instance of the model an annotation names."""
        if isinstance(annotation, cst.Name):
            model = self.value(annotation)
            if model is not None and model.kind == "model":
                return DjangoValue("instance", model.model)
        return None


def _with_loaded_relations(queryset: DjangoValue, method: str, call: cst.Call) -> DjangoValue:
    """The queryset with the relations select_related/prefetch_related load up front."""
    if method == "select_related" and not call.args:
        return replace(queryset, all_forward=True)
    if method in ("select_related", "prefetch_related"):
        return replace(queryset, covered=queryset.covered | _lookups(call))
    return queryset


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
