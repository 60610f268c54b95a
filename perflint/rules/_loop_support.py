"""Helpers shared by the PFL5xx loop rules: small subtree queries and a deferred check
that a loop's names are not read after the loop (rewrites would drop those bindings)."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from perflint.resolve import Scope
from perflint.rule import Rule

# Types whose length is known without consuming them, so ``len(list(x))`` is ``len(x)``.
SIZED_TYPES = frozenset(
    {
        "builtins.list",
        "builtins.tuple",
        "builtins.set",
        "builtins.frozenset",
        "builtins.dict",
        "builtins.str",
        "builtins.bytes",
        "builtins.range",
        "builtins.dict_keys",
        "builtins.dict_values",
        "builtins.dict_items",
        "collections.deque",
        "collections.defaultdict",
        "collections.OrderedDict",
        "collections.Counter",
    }
)
DICT_VIEWS = frozenset({"keys", "values", "items"})


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node of a subtree, the node itself first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)


def names_in(*nodes: cst.CSTNode | None) -> set[str]:
    return {
        n.value for node in nodes if node is not None for n in walk(node) if isinstance(n, cst.Name)
    }


def contains(node: cst.CSTNode | None, types: tuple[type, ...]) -> bool:
    return node is not None and any(isinstance(n, types) for n in walk(node))


def target_names(target: cst.BaseExpression) -> set[str] | None:
    """Names bound by a ``for`` target made only of names, tuples and lists, else None."""
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        found: set[str] = set()
        for element in target.elements:
            value = element.value
            inner = target_names(value.value if isinstance(value, cst.StarredElement) else value)
            if inner is None:
                return None
            found |= inner
        return found
    return None


def only_statement(block: cst.BaseSuite) -> cst.CSTNode | None:
    """The single statement of a block (a small statement or a compound one), else None."""
    if isinstance(block, cst.SimpleStatementSuite):
        return block.body[0] if len(block.body) == 1 else None
    if len(block.body) != 1:
        return None
    statement = block.body[0]
    if isinstance(statement, cst.SimpleStatementLine):
        return statement.body[0] if len(statement.body) == 1 else None
    return statement


def is_int(node: cst.BaseExpression, value: int) -> bool:
    if value < 0:
        return (
            isinstance(node, cst.UnaryOperation)
            and isinstance(node.operator, cst.Minus)
            and is_int(node.expression, -value)
        )
    return isinstance(node, cst.Integer) and node.evaluated_value == value


def positional_args(call: cst.Call) -> list[cst.BaseExpression] | None:
    """The call's positional argument values, or None when it has ``*args``/keywords."""
    if any(arg.keyword is not None or arg.star for arg in call.args):
        return None
    return [arg.value for arg in call.args]


def method_call(node: cst.CSTNode, names: frozenset[str]) -> cst.Attribute | None:
    """``node.func`` when node is a call of a method named in `names`."""
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in names
    ):
        return node.func
    return None


def _is_store(ctx, node: cst.Name) -> bool:
    """Is this name being (re)bound rather than read? (``for x in``, ``x = ...``)"""
    parent = ctx.parent()
    if isinstance(parent, cst.For) and parent.target is node:
        return True
    if isinstance(parent, cst.AssignTarget) and parent.target is node:
        return True
    if isinstance(parent, cst.Element):
        holder, owner = ctx.parent(2), ctx.parent(3)
        if isinstance(owner, cst.For) and owner.target is holder:
            return True
        if isinstance(owner, cst.AssignTarget) and owner.target is holder:
            return True
    return False


class ReadAfterLoop(Rule):
    """Base for rules whose finding is void if some names are read after the loop.

    `defer` (called when leaving the loop) keeps a finding until the enclosing function
    (or file) ends; a later read of one of its names, in the same scope, drops it.
    """

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._deferred: list[tuple[Scope, frozenset[str], cst.CSTNode, str]] = []

    def _scope(self) -> Scope:
        return self.ctx.resolver.function_scope() or self.ctx.resolver.module_scope

    def defer(self, names: set[str], node: cst.CSTNode, message: str) -> None:
        self._deferred.append((self._scope(), frozenset(names), node, message))

    def visit_Name(self, node: cst.Name) -> None:
        if not self._deferred or _is_store(self.ctx, node):
            return
        scope = self._scope()
        self._deferred = [
            entry for entry in self._deferred if not (entry[0] is scope and node.value in entry[1])
        ]

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        scope = self.ctx.resolver.scope
        self._flush(lambda entry: entry[0] is scope)

    def finish(self) -> None:
        self._flush(lambda entry: True)

    def _flush(self, select) -> None:
        keep = []
        for entry in self._deferred:
            if select(entry):
                self.report(entry[2], entry[3])
            else:
                keep.append(entry)
        self._deferred = keep
