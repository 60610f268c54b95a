"""Name resolution inside one file, done during the engine's single walk.

Tracks imports and aliases (``import requests as r``, ``from time import sleep as pause``)
and the simple origins of local names (``cur = conn.cursor()``, ``with Session(e) as s``,
annotated parameters, ``self.x`` assigned in a method), so that rules can ask what an
expression *is* (`Resolver.entity`) and what it *holds* (`Resolver.type_of`).
Types are qualified names too; what a call returns comes from the knowledge base.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import libcst as cst

from perflint.knowledge import Knowledge
from perflint.knowledge.pytypes import (
    CONTEXT_MANAGER_DECORATORS,
    PROPERTY_DECORATORS,
    YIELDING_ANNOTATIONS,
)

_BUILTIN_NAMES = frozenset(dir(builtins))

_LITERAL_TYPES: dict[type, str] = {
    cst.Integer: "builtins.int",
    cst.Float: "builtins.float",
    cst.Imaginary: "builtins.complex",
    cst.FormattedString: "builtins.str",
    cst.List: "builtins.list",
    cst.ListComp: "builtins.list",
    cst.Set: "builtins.set",
    cst.SetComp: "builtins.set",
    cst.Dict: "builtins.dict",
    cst.DictComp: "builtins.dict",
    cst.Tuple: "builtins.tuple",
    cst.GeneratorExp: "builtins.generator",
}

STRING_TYPES = frozenset({"builtins.str", "builtins.bytes"})

# Binary operators whose result type a knowledge entry can give: ``pathlib.Path.__truediv__``
_OPERATOR_METHODS: dict[type, str] = {
    cst.Divide: "__truediv__",
    cst.Add: "__add__",
    cst.Modulo: "__mod__",
    cst.BitOr: "__or__",
}


@dataclass(slots=True)
class Binding:
    """What one name stands for at one point of the file.

    ``qualname`` is set when the name *is* a module, class or function (an import or an
    alias of one); ``type`` when it *holds* an instance of a known type.
    """

    qualname: str | None = None
    type: str | None = None
    node: cst.CSTNode | None = None
    loops: tuple[cst.CSTNode, ...] = ()  # loops whose body was running when it was bound
    # A function of the file: the type a call of it returns (its annotation, else what its
    # ``return`` statements agree on), and for a ``@contextmanager`` what ``with`` binds.
    returns: str | None = None
    enters: str | None = None


@dataclass(slots=True, eq=False)
class Scope:
    kind: str  # "module" | "class" | "function" | "lambda" | "comprehension"
    node: cst.CSTNode
    parent: Scope | None
    names: dict[str, Binding] = field(default_factory=dict)
    self_name: str | None = None  # first parameter of a method: "self" or "cls"
    owner_class: Scope | None = None  # the class scope a method belongs to
    dotted_name: str = ""  # "Repo.fetch_all": its name inside the file
    # A function's ``return`` values' types (None: unknown or a bare return), and whether
    # it yields: what a call of it returns when it has no annotation.
    return_types: set[str | None] = field(default_factory=set)
    generator: bool = False


def unwrap_optional(annotation: cst.BaseExpression) -> cst.BaseExpression:
    """``Optional[X]`` / ``X | None`` -> ``X``, so an annotation names its useful type."""
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        for side, other in (
            (annotation.left, annotation.right),
            (annotation.right, annotation.left),
        ):
            if isinstance(other, cst.Name) and other.value == "None":
                return unwrap_optional(side)
    if (
        isinstance(annotation, cst.Subscript)
        and _terminal_name(annotation.value) == "Optional"
        and len(annotation.slice) == 1
        and isinstance(annotation.slice[0].slice, cst.Index)
    ):
        return annotation.slice[0].slice.value
    return annotation


def _terminal_name(expr: cst.BaseExpression) -> str | None:
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return None


def string_literal_type(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        prefix = node.prefix.lower()
        return "builtins.bytes" if "b" in prefix else "builtins.str"
    if isinstance(node, cst.ConcatenatedString):
        return string_literal_type(node.left)
    if isinstance(node, cst.FormattedString):
        return "builtins.bytes" if "b" in node.start.lower() else "builtins.str"
    return None


class Resolver:
    """Scopes and bindings of one file; the engine drives it during the walk."""

    def __init__(self, knowledge: Knowledge, module: cst.Module) -> None:
        self.knowledge = knowledge
        self.scope = Scope("module", module, None)
        self.module_scope = self.scope

    # ----- scopes -------------------------------------------------------------------
    def push(self, kind: str, node: cst.CSTNode, name: str = "") -> Scope:
        parent = self.scope
        dotted = f"{parent.dotted_name}.{name}" if parent.dotted_name and name else name
        if not name:
            dotted = parent.dotted_name
        self.scope = Scope(kind, node, parent, dotted_name=dotted)
        return self.scope

    def pop(self) -> None:
        assert self.scope.parent is not None
        self.scope = self.scope.parent

    def function_scope(self) -> Scope | None:
        """The innermost enclosing def (or lambda), or None at module/class level."""
        scope: Scope | None = self.scope
        while scope is not None:
            if scope.kind in ("function", "lambda"):
                return scope
            if scope.kind == "class":
                return None
            scope = scope.parent
        return None

    # ----- bindings -----------------------------------------------------------------
    def bind(self, name: str, binding: Binding) -> None:
        self.scope.names[name] = binding

    def lookup(self, name: str) -> Binding | None:
        scope: Scope | None = self.scope
        first = True
        while scope is not None:
            # Class bodies do not enclose the functions defined in them.
            if first or scope.kind != "class":
                found = scope.names.get(name)
                if found is not None:
                    return found
            first = False
            scope = scope.parent
        return None

    def bind_target(self, target: cst.BaseExpression, binding: Binding) -> None:
        """Bind an assignment target; unpacking targets bind each name as unknown."""
        if isinstance(target, cst.Name):
            self.bind(target.value, binding)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                inner = element.value
                self.bind_target(inner, Binding(node=binding.node, loops=binding.loops))
        elif isinstance(target, cst.StarredElement):
            self.bind_target(target.value, Binding(node=binding.node, loops=binding.loops))
        elif isinstance(target, cst.Attribute):
            owner = self.self_class(target.value)
            if owner is not None:
                owner.names[target.attr.value] = binding

    def bind_value(
        self,
        target: cst.BaseExpression,
        value: cst.BaseExpression | None,
        node: cst.CSTNode,
        loops: tuple[cst.CSTNode, ...] = (),
    ) -> None:
        if value is None:
            binding = Binding(node=node, loops=loops)
        else:
            binding = Binding(self.entity(value), self.type_of(value), node, loops)
        self.bind_target(target, binding)

    def bind_annotation(self, name: str, annotation: cst.BaseExpression, node: cst.CSTNode) -> None:
        self.bind(name, Binding(type=self.annotation_type(annotation), node=node))

    def annotation_type(self, annotation: cst.BaseExpression) -> str | None:
        target = unwrap_optional(annotation)
        if isinstance(target, cst.Subscript):  # list[int] -> list
            target = target.value
        qualname = self.entity(target)
        return self.knowledge.return_type(qualname) or qualname if qualname else None

    def function_types(self, node: cst.FunctionDef) -> tuple[str | None, str | None]:
        """(returns, enters) of a function from its annotation: ``-> Session`` returns a
        Session; a ``@contextmanager`` annotated ``Iterator[Session]`` enters one."""
        if node.returns is None:
            return None, None
        annotation = unwrap_optional(node.returns.annotation)
        decorators = {self.entity(d.decorator) for d in node.decorators}
        if not decorators & CONTEXT_MANAGER_DECORATORS:
            return self.annotation_type(annotation), None
        yielding = (
            isinstance(annotation, cst.Subscript)
            and annotation.slice
            and self.entity(annotation.value) in YIELDING_ANNOTATIONS
        )
        first = annotation.slice[0].slice if yielding else None
        if isinstance(first, cst.Index):
            return None, self.annotation_type(first.value)
        return None, None

    def is_property(self, node: cst.FunctionDef) -> bool:
        """A method read as an attribute (``@property``): ``self.name`` holds its return."""
        return any(self.entity(d.decorator) in PROPERTY_DECORATORS for d in node.decorators)

    def inferred_return(self, scope: Scope) -> str | None:
        """The type every ``return`` of a function without annotation gives, if one."""
        if scope.generator or len(scope.return_types) != 1:
            return None
        return next(iter(scope.return_types))

    def with_type(self, item: cst.BaseExpression) -> str | None:
        """What ``with item as x`` binds: a ``@contextmanager`` of the file enters what it
        yields; anything else, its own type (``__enter__`` returning self)."""
        if isinstance(item, cst.Call):
            function = self.binding_of(item.func)
            if function is not None and function.enters is not None:
                return function.enters
        return self.type_of(item)

    def self_class(self, expr: cst.BaseExpression) -> Scope | None:
        """The class scope of ``self`` (or ``cls``) in a method, else None."""
        if not isinstance(expr, cst.Name):
            return None
        function = self.function_scope()
        if function is None or function.self_name != expr.value:
            return None
        if self.lookup(expr.value) is not function.names.get(expr.value):
            return None  # rebound in a nested scope
        return function.owner_class

    # ----- queries ------------------------------------------------------------------
    def entity(self, expr: cst.BaseExpression) -> str | None:
        """The qualified name an expression *is*: a module, class, function or method.

        ``r.get`` with ``import requests as r`` -> ``requests.get``; ``s.get`` with
        ``s = requests.Session()`` -> ``requests.Session.get``; ``len`` -> ``builtins.len``.
        """
        if isinstance(expr, cst.Name):
            binding = self.lookup(expr.value)
            if binding is not None:
                return binding.qualname
            return f"builtins.{expr.value}" if expr.value in _BUILTIN_NAMES else None
        if isinstance(expr, cst.Attribute):
            attr = expr.attr.value
            base = self.entity(expr.value)
            if base is not None and self.knowledge.instance_type(base) is None:
                return f"{base}.{attr}"
            base_type = self.type_of(expr.value)
            return f"{base_type}.{attr}" if base_type else None
        return None

    def callee(self, call: cst.Call) -> str | None:
        """The qualified name of what a call calls, or None when it is not resolved."""
        return self.entity(call.func)

    def type_of(self, expr: cst.BaseExpression) -> str | None:
        """The qualified type of the value an expression evaluates to, when known."""
        literal = _LITERAL_TYPES.get(type(expr))
        if literal is not None:
            return literal
        rule = self._TYPE_RULES.get(type(expr))
        return rule(self, expr) if rule is not None else None

    def _type_of_string(self, expr: cst.BaseExpression) -> str | None:
        return string_literal_type(expr)

    def _type_of_call(self, expr: cst.Call) -> str | None:
        callee = self.callee(expr)
        if callee is not None:
            return self.knowledge.return_type(callee)
        function = self.binding_of(expr.func)  # a function or method of this file
        if function is not None and function.returns is not None:
            return function.returns
        # Calling an instance: ``SessionLocal()`` with ``SessionLocal = sessionmaker()``
        instance = self.type_of(expr.func)
        return self.knowledge.return_type(f"{instance}.__call__") if instance else None

    def _type_of_await(self, expr: cst.Await) -> str | None:
        return self.type_of(expr.expression)

    def _type_of_name(self, expr: cst.Name) -> str | None:
        binding = self.lookup(expr.value)
        if binding is None:
            return None
        if binding.type is not None:
            return binding.type
        return self.knowledge.instance_type(binding.qualname) if binding.qualname else None

    def _type_of_attribute(self, expr: cst.Attribute) -> str | None:
        owner = self.self_class(expr.value)
        if owner is not None:
            binding = owner.names.get(expr.attr.value)
            return binding.type if binding is not None else None
        qualname = self.entity(expr)
        return self.knowledge.instance_type(qualname) if qualname else None

    def _type_of_operation(self, expr: cst.BinaryOperation) -> str | None:
        """``"a" + x`` is a str, ``rows + more`` a list, ``path / "x"`` what the left
        operand's ``__truediv__`` returns."""
        left = self.type_of(expr.left)
        if isinstance(expr.operator, (cst.Add, cst.Modulo)) and left in STRING_TYPES:
            return left
        if isinstance(expr.operator, cst.Add) and left in ("builtins.list", "builtins.tuple"):
            return left
        right = self.type_of(expr.right)
        if isinstance(expr.operator, cst.Add) and right in STRING_TYPES:
            return right
        method = _OPERATOR_METHODS.get(type(expr.operator))
        if left is not None and method is not None:
            return self.knowledge.return_type(f"{left}.{method}")
        return None

    # How each kind of expression gets its type (literals are in _LITERAL_TYPES).
    _TYPE_RULES: ClassVar[dict[type, Callable[[Resolver, Any], str | None]]] = {
        cst.SimpleString: _type_of_string,
        cst.ConcatenatedString: _type_of_string,
        cst.Call: _type_of_call,
        cst.Await: _type_of_await,
        cst.Name: _type_of_name,
        cst.Attribute: _type_of_attribute,
        cst.BinaryOperation: _type_of_operation,
    }

    def binding_of(self, expr: cst.BaseExpression) -> Binding | None:
        """The binding a bare name or a ``self.attr`` refers to."""
        if isinstance(expr, cst.Name):
            return self.lookup(expr.value)
        if isinstance(expr, cst.Attribute):
            owner = self.self_class(expr.value)
            if owner is not None:
                return owner.names.get(expr.attr.value)
        return None
