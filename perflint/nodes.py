"""Small questions about LibCST nodes that many modules ask: one subtree walk, the names
an expression uses, names of dotted chains, arguments of calls, and the node-type
groups the rules share."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator

import libcst as cst

COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
# Code in these runs later (when called or instantiated), not where it is written.
DEFINITIONS = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
# Nodes whose body runs once per item or per turn.
REPEATING = (cst.For, cst.While, *COMPREHENSIONS)
STRING_LITERALS = (cst.SimpleString, cst.ConcatenatedString)


# LibCST's own traversal (``node.visit``, ``node.children``) rebuilds every node it passes,
# which costs several times the walk itself. Children are read from the fields instead,
# in the order LibCST visits them: the order its ``_visit_and_replace_children`` names them.
_VISITED_FIELD = re.compile(r'visit_\w+\(\s*self,\s*"(\w+)"')
_FIELDS: dict[type, tuple[str, ...]] = {}
_IS_NODE: dict[type, bool] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    fields = _FIELDS.get(cls)
    if fields is None:
        source = inspect.getsource(cls._visit_and_replace_children)
        fields = _FIELDS[cls] = tuple(dict.fromkeys(_VISITED_FIELD.findall(source)))
    return fields


def _is_node(cls: type) -> bool:
    found = _IS_NODE.get(cls)
    if found is None:
        found = _IS_NODE[cls] = issubclass(cls, cst.CSTNode)
    return found


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The node's children in lexical order (as ``node.children``, without rebuilding)."""
    found: list[cst.CSTNode] = []
    for name in _child_fields(type(node)):
        value = getattr(node, name)
        kind = type(value)
        if kind is tuple or kind is list:
            found.extend(item for item in value if _is_node(type(item)))
        elif _is_node(kind):
            found.append(value)
    return found


def walk(node: cst.CSTNode, *, into_definitions: bool = True) -> Iterator[cst.CSTNode]:
    """Every node of a subtree, the node itself first. With ``into_definitions=False``
    nested functions, lambdas and classes are yielded but not entered."""
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        if into_definitions or not isinstance(current, DEFINITIONS):
            pending.extend(children(current))


def walk_with_ancestors(
    node: cst.CSTNode,
) -> Iterator[tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]]:
    """Every node of a subtree with its ancestors inside it, innermost first: for asking
    how each use of a name is used (called, passed on, returned)."""
    pending: list[tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]] = [(node, ())]
    while pending:
        current, ancestors = pending.pop()
        yield current, ancestors
        inner = (current, *ancestors)
        pending.extend((child, inner) for child in children(current))


def own_nodes(function: cst.FunctionDef) -> Iterator[cst.CSTNode]:
    """Nodes of a function's body, not of functions, lambdas or classes nested in it."""
    for statement in children(function.body):
        yield from walk(statement, into_definitions=False)


def identifiers(*nodes: cst.CSTNode | None) -> set[str]:
    """Every name written in the subtrees, attribute names included: a cautious answer to
    "might this code use `x`?"."""
    return {
        n.value for node in nodes if node is not None for n in walk(node) if isinstance(n, cst.Name)
    }


def variables_read(node: cst.CSTNode) -> list[cst.Name]:
    """The names an expression reads as variables: not the ``attr`` of an attribute
    access, nothing inside a nested lambda or function."""
    found: list[cst.Name] = []
    pending: list[cst.CSTNode] = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, cst.Name):
            found.append(current)
        elif isinstance(current, cst.Attribute):
            pending.append(current.value)
        elif not isinstance(current, (cst.Lambda, cst.FunctionDef)):
            pending.extend(children(current))
    return found


def contains(node: cst.CSTNode | None, types: tuple[type, ...]) -> bool:
    return node is not None and any(isinstance(n, types) for n in walk(node))


def dotted_name(expr: cst.BaseExpression) -> str:
    """``a.b.c`` for a chain of names and attributes, else ``""``."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        base = dotted_name(expr.value)
        return f"{base}.{expr.attr.value}" if base else ""
    return ""


def is_name(expr: cst.BaseExpression | None, value: str) -> bool:
    """Is `expr` the bare name `value` (``None``, ``False``, ``self``, ...)?"""
    return isinstance(expr, cst.Name) and expr.value == value


def is_int(node: cst.BaseExpression, value: int) -> bool:
    """Is `node` the integer literal `value` (negative ones written ``-n``)?"""
    if value < 0:
        return (
            isinstance(node, cst.UnaryOperation)
            and isinstance(node.operator, cst.Minus)
            and is_int(node.expression, -value)
        )
    return isinstance(node, cst.Integer) and node.evaluated_value == value


def method_name(call: cst.Call) -> str:
    """``m`` for a call ``x.m(...)``, else ``""``."""
    return call.func.attr.value if isinstance(call.func, cst.Attribute) else ""


def method_call(node: cst.CSTNode, names: frozenset[str]) -> cst.Attribute | None:
    """``node.func`` when node is a call of a method named in `names`."""
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in names
    ):
        return node.func
    return None


def argument(call: cst.Call, keyword: str, index: int | None) -> cst.Arg | None:
    """The argument passed as `keyword`, or positionally at `index` (when given)."""
    for position, arg in enumerate(call.args):
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return arg
        elif not arg.star and position == index:
            return arg
    return None


def positional_args(call: cst.Call) -> list[cst.BaseExpression] | None:
    """The call's positional argument values, or None when it has ``*args``/keywords."""
    if any(arg.keyword is not None or arg.star for arg in call.args):
        return None
    return [arg.value for arg in call.args]


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


def comprehension_fors(node: cst.CSTNode) -> list[cst.CompFor]:
    """The ``for`` clauses of a comprehension, outermost first ([] for other nodes)."""
    fors = []
    comp_for = getattr(node, "for_in", None)
    while comp_for is not None:
        fors.append(comp_for)
        comp_for = comp_for.inner_for_in
    return fors


def string_constant(node: cst.BaseExpression) -> bool:
    """A plain string literal, or an implicit concatenation of them (no f-string)."""
    if isinstance(node, cst.SimpleString):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return string_constant(node.left) and string_constant(node.right)
    return False


def string_value(node: cst.BaseExpression) -> str | None:
    """The text of a string literal (f-string holes become ``1``), else None."""
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_value(node.left), string_value(node.right)
        return left + right if left is not None and right is not None else None
    if isinstance(node, cst.FormattedString):
        return "".join(
            part.value if isinstance(part, cst.FormattedStringText) else "1" for part in node.parts
        )
    return None


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
