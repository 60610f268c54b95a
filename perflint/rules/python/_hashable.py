"""Can these items go into a set, or be dict keys? Advice to replace a list scan with a
set (or a dict, or a ``Counter``) raises ``TypeError`` on items that cannot be hashed:
lists, dicts and sets, instances of a class that defines ``__eq__`` without
``__hash__``, and of a non-frozen ``@dataclass`` (which compares by value).

Only what the code shows is used: a literal, a call of a class defined in the file, an
annotation naming one, a loop variable over such items. Unknown items count as hashable.
"""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.pytypes import (
    EQ_CLASS_DECORATORS,
    HASHABLE_CLASS_OPTIONS,
    LIST_COPYING_BUILTINS,
    UNHASHABLE_BASES,
    UNHASHABLE_TYPES,
)
from perflint.nodes import is_name

_UNHASHABLE_DISPLAYS = (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)
_MAX_DEPTH = 4


class Hashability:
    """Questions about the items of one file's lists."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx

    def unhashable(self, item: cst.BaseExpression, depth: int = 0) -> bool:
        """Is `item` known to be an unhashable value?"""
        if depth > _MAX_DEPTH:
            return False
        if isinstance(item, _UNHASHABLE_DISPLAYS):
            return True
        item_type = self.ctx.type_of(item)
        if item_type is not None and any(
            self.ctx.knowledge.is_a(item_type, t) for t in UNHASHABLE_TYPES
        ):
            return True
        if isinstance(item, cst.Call):
            return self._class_unhashable(self._local_class(item.func), depth)
        if isinstance(item, cst.Name):
            return self._name_unhashable(item, depth)
        return False

    def items_unhashable(self, collection: cst.BaseExpression, depth: int = 0) -> bool:
        """Are the items of `collection` (a list, an iterable) known to be unhashable?"""
        if depth > _MAX_DEPTH:
            return False
        if isinstance(collection, (cst.List, cst.Tuple, cst.Set)):
            return any(self.unhashable(e.value, depth + 1) for e in collection.elements)
        if isinstance(collection, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return self.unhashable(collection.elt, depth + 1)
        if isinstance(collection, cst.Call) and collection.args:
            if self.ctx.callee(collection) in LIST_COPYING_BUILTINS:
                return self.items_unhashable(collection.args[0].value, depth + 1)
            return False
        if isinstance(collection, (cst.Name, cst.Attribute)):
            binding = self.ctx.binding_of(collection)
            return binding is not None and self._bound_items_unhashable(binding.node, depth)
        return False

    # ----- names and their bindings ---------------------------------------------------
    def _name_unhashable(self, name: cst.Name, depth: int) -> bool:
        binding = self.ctx.lookup(name.value)
        node = binding.node if binding is not None else None
        if isinstance(node, (cst.Assign, cst.NamedExpr)):
            return self.unhashable(node.value, depth + 1)
        if isinstance(node, (cst.AnnAssign, cst.Param)) and node.annotation is not None:
            return self._class_unhashable(self._local_class(node.annotation.annotation), depth)
        if isinstance(node, cst.For) and is_name(node.target, name.value):
            return self.items_unhashable(node.iter, depth + 1)
        if isinstance(node, cst.CompFor) and is_name(node.target, name.value):
            return self.items_unhashable(node.iter, depth + 1)
        return False

    def _bound_items_unhashable(self, node: cst.CSTNode | None, depth: int) -> bool:
        if isinstance(node, cst.Assign):
            return self.items_unhashable(node.value, depth + 1)
        annotation = node.annotation if isinstance(node, (cst.AnnAssign, cst.Param)) else None
        item = _item_annotation(annotation.annotation) if annotation is not None else None
        if item is not None and (
            self._builtin_unhashable(item) or self._class_unhashable(self._local_class(item), depth)
        ):
            return True
        if isinstance(node, cst.AnnAssign) and node.value is not None:
            return self.items_unhashable(node.value, depth + 1)
        return False

    def _builtin_unhashable(self, annotation: cst.BaseExpression) -> bool:
        """``dict``, ``Dict[str, int]``, ``list[int]``: an unhashable builtin container."""
        target = annotation.value if isinstance(annotation, cst.Subscript) else annotation
        qualname = self.ctx.qualified_name(target)
        if qualname is None:
            return False
        builtin = self.ctx.knowledge.return_type(qualname) or qualname
        return builtin in UNHASHABLE_TYPES

    def _local_class(self, expr: cst.BaseExpression) -> cst.ClassDef | None:
        """The class a name refers to, when the file defines it."""
        binding = self.ctx.binding_of(expr) if isinstance(expr, cst.Name) else None
        node = binding.node if binding is not None else None
        return node if isinstance(node, cst.ClassDef) else None

    # ----- classes --------------------------------------------------------------------
    def _class_unhashable(self, cls: cst.ClassDef | None, depth: int) -> bool:
        if cls is None or depth > _MAX_DEPTH:
            return False
        defined = _defined_names(cls)
        if "__hash__" in defined:
            return defined["__hash__"]
        if "__eq__" in defined or self._eq_decorated(cls):
            return True
        return any(self._base_unhashable(base.value, depth) for base in cls.bases)

    def _base_unhashable(self, base: cst.BaseExpression, depth: int) -> bool:
        qualname = self.ctx.qualified_name(base)
        if qualname is not None and qualname in UNHASHABLE_BASES:
            return True
        return self._class_unhashable(self._local_class(base), depth + 1)

    def _eq_decorated(self, cls: cst.ClassDef) -> bool:
        """A ``@dataclass``-like decorator that compares by value and leaves the instances
        unhashable: not ``frozen=True``, ``unsafe_hash=True`` or ``eq=False``."""
        for decorator in cls.decorators:
            expr = decorator.decorator
            call = expr if isinstance(expr, cst.Call) else None
            func = call.func if call is not None else expr
            if self.ctx.qualified_name(func) not in EQ_CLASS_DECORATORS:
                continue
            options = {
                arg.keyword.value: arg.value for arg in (call.args if call else ()) if arg.keyword
            }
            if any(is_name(options.get(name), "True") for name in HASHABLE_CLASS_OPTIONS):
                return False
            return not is_name(options.get("eq"), "False")
        return False


def _item_annotation(annotation: cst.BaseExpression) -> cst.BaseExpression | None:
    """``Point`` of ``list[Point]``, ``Sequence[Point]``, ``Iterable[Point]``."""
    if isinstance(annotation, cst.Subscript) and len(annotation.slice) == 1:
        element = annotation.slice[0].slice
        if isinstance(element, cst.Index):
            return element.value
    return None


def _defined_names(cls: cst.ClassDef) -> dict[str, bool]:
    """``__eq__``/``__hash__`` the class body defines; for ``__hash__``, whether the
    definition makes instances unhashable (``__hash__ = None``)."""
    found: dict[str, bool] = {}
    for statement in cls.body.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value in (
            "__eq__",
            "__hash__",
        ):
            found[statement.name.value] = False
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                    is_name(t.target, "__hash__") for t in small.targets
                ):
                    found["__hash__"] = is_name(small.value, "None")
    return found
