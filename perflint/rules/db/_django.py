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
from perflint.knowledge.db import (
    MANAGER_ATTRIBUTES,
    MODEL,
    MODEL_GETTERS,
    MODEL_SERVING_MODULES,
    QUERYSET,
    VALUES_QUERYSET,
)
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
        self._defined: frozenset[str] | None = None  # names the module's statements define
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
        """``Model.objects`` (also of a model class this analysis cannot resolve), the
        ``self.model`` of a class that serves a model, or a relation of an instance."""
        attribute = expr.attr.value
        if attribute == "model":
            served = self._served_model(expr.value)
            if served is not None:
                return served
        base = self.value(expr.value)
        if attribute in MANAGER_ATTRIBUTES:
            if base is None:
                model = self._unresolved_model(expr.value)
                return DjangoValue("manager", model) if model is not None else None
            return DjangoValue("manager", base.model) if base.kind == "model" else None
        if base is None or base.kind != "instance":
            return None
        relation = self.models.relation(base.model, attribute)
        if relation is None:
            return None
        if relation.kind == "many":
            return DjangoValue("manager", relation.target)
        return DjangoValue("instance", relation.target)

    def _call_value(self, expr: cst.Call) -> DjangoValue | None:
        """``Model(...)``, a call that returns a model class, or a method of a manager or
        queryset."""
        getter = self._model_getter(expr)
        if getter is not None:
            return getter
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

    def _model_getter(self, call: cst.Call) -> DjangoValue | None:
        """``apps.get_model("shop", "Book")`` (the registry, or the ``apps`` a RunPython
        function receives), ``get_user_model()``: a model class, named by the last string
        argument when there is one."""
        func = call.func
        registry = (
            isinstance(func, cst.Attribute)
            and func.attr.value == "get_model"
            and isinstance(func.value, cst.Name)
            and func.value.value == "apps"
            and isinstance(getattr(self.ctx.lookup("apps"), "node", None), cst.Param)
        )
        if not registry and self.ctx.callee(call) not in MODEL_GETTERS:
            return None
        names = [string_value(arg.value) for arg in call.args if arg.keyword is None]
        last = names[-1] if names else None
        return DjangoValue("model", last.rpartition(".")[2] if last else "")

    def _served_model(self, receiver: cst.BaseExpression) -> DjangoValue | None:
        """The model of ``self.model`` (``self._meta.model``, ``self.Meta.model``) in a
        class that serves one: a Django generic view, admin class, form, serializer,
        manager or queryset, or a class that sets ``model = SomeModel``."""
        meta = isinstance(receiver, cst.Attribute) and receiver.attr.value in ("_meta", "Meta")
        owner = self.ctx.self_class(receiver.value if meta else receiver)  # type: ignore[union-attr]
        if owner is None or not isinstance(owner.node, cst.ClassDef):
            return None
        classdef = owner.node
        meta_class = _class_attribute(classdef, "Meta") if meta else None
        holder = meta_class if isinstance(meta_class, cst.ClassDef) else classdef
        assigned = _class_attribute(holder, "model")
        if isinstance(assigned, cst.BaseExpression):
            value = self.value(assigned)
            if value is not None and value.kind == "model":
                return value
            name = self._unresolved_model(assigned)
            if name is not None:
                return DjangoValue("model", name)
        return DjangoValue("model", "") if self._serves_model(classdef) else None

    def _serves_model(self, classdef: cst.ClassDef, depth: int = 0) -> bool:
        """Does the class derive from a Django or DRF class that serves a model (through
        the classes of this file)?"""
        for base in classdef.bases:
            qualname = self.ctx.qualified_name(base.value) or ""
            if any(qualname.startswith(f"{module}.") for module in MODEL_SERVING_MODULES):
                return True
            binding = self.ctx.binding_of(base.value)
            local = binding.node if binding is not None else None
            inherits = isinstance(local, cst.ClassDef) and depth < 3
            if inherits and self._serves_model(local, depth + 1):  # type: ignore[arg-type]
                return True
        return False

    def _unresolved_model(self, receiver: cst.BaseExpression) -> str | None:
        """The class name in ``Widget.objects`` / ``catalogue.Widget.objects`` when it may
        be a model this analysis cannot resolve: a class-like name that is imported (or
        star-imported), or an attribute of an imported module. Not a variable (a loop
        over model classes queries a different table per pass), nor a class of this file
        that is no model."""
        if isinstance(receiver, cst.Attribute):
            root: cst.BaseExpression = receiver
            while isinstance(root, cst.Attribute):
                root = root.value
            binding = self.ctx.lookup(root.value) if isinstance(root, cst.Name) else None
            if binding is None or not isinstance(binding.node, (cst.Import, cst.ImportFrom)):
                return None
            name = receiver.attr.value
        elif isinstance(receiver, cst.Name):
            name = receiver.value
            binding = self.ctx.lookup(name)
            if binding is None and (
                name in self._module_names()  # defined later: a class or value of its own
                or (self.ctx.qualified_name(receiver) or "").startswith("builtins.")
            ):
                return None
            if binding is not None and not isinstance(binding.node, (cst.Import, cst.ImportFrom)):
                return None
        else:
            return None
        return name if name[:1].isupper() and not name.isupper() else None

    def _module_names(self) -> frozenset[str]:
        """Names the module's own statements define (classes, functions, assignments)."""
        if self._defined is None:
            self._defined = frozenset(
                target.value
                for statement in self.ctx.module.body
                for target in _defined_targets(statement)
            )
        return self._defined

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


def _class_attribute(classdef: cst.ClassDef, name: str) -> cst.CSTNode | None:
    """What the class body binds `name` to: the value of ``name = ...``, or a nested
    ``class name``."""
    found: cst.CSTNode | None = None
    for statement in classdef.body.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value == name:
            found = statement
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if (
                isinstance(small, cst.Assign)
                and any(
                    isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
                )
                or (
                    isinstance(small, cst.AnnAssign)
                    and isinstance(small.target, cst.Name)
                    and small.target.value == name
                )
            ):
                found = small.value
    return found


def _defined_targets(statement: cst.CSTNode) -> list[cst.Name]:
    """Names a module-level statement binds: a class, a function, assignment targets."""
    if isinstance(statement, (cst.ClassDef, cst.FunctionDef)):
        return [statement.name]
    if not isinstance(statement, cst.SimpleStatementLine):
        return []
    names = []
    for small in statement.body:
        targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else []
        if isinstance(small, cst.AnnAssign):
            targets = [small.target]
        names.extend(t for t in targets if isinstance(t, cst.Name))
    return names
