"""How many times a loop body can run: the one estimate every loop rule shares.

A query, a write or a list scan repeated per item matters when the items are many and
grow with the data. A loop over a small table written in the code (a tuple of names,
of classes, of pairs; a dict literal and its ``.items()``), over ``range(n)`` with a
small literal or module constant ``n`` (``range(RETRIES)``), a loop whose body always
leaves on its first pass unless an exception is caught (a retry loop, also tenacity's
``for attempt in Retrying(): with attempt: ...``), or a ``while`` loop that divides the
number it tests on every pass (one pass per digit), runs a fixed handful of times: it is
not a hot loop.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from perflint.nodes import COMPREHENSIONS, DEFINITIONS, children, comprehension_fors

# A literal table of up to this many items is small, whatever the items are.
SMALL_TABLE = 8
# A literal table of constants only (a dict: keys and values) is a fixed list of names or
# codes at any length.
_CONSTANTS = (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)
# ``range(n)`` with a literal or constant bound up to this: retries, shards, pages of a probe.
SMALL_RANGE = 20
_TABLES = (cst.Tuple, cst.List, cst.Set, cst.Dict)
_VIEWS = frozenset({"items", "keys", "values"})
_LEAVING = (cst.Return, cst.Raise, cst.Break)
# Nested code whose ``continue`` is not a second pass of a loop that succeeded: its own
# loop's, code that runs later, or an exception handler's (a retry after a failure).
_OWN_SCOPES = (cst.For, cst.While, cst.ExceptHandler, cst.ExceptStarHandler, *DEFINITIONS)
# Operators that divide a number: a loop that applies one to its counter runs per digit.
_DIVIDING = (cst.FloorDivide, cst.Divide, cst.RightShift)
_DIVIDING_AUG = (cst.FloorDivideAssign, cst.DivideAssign, cst.RightShiftAssign)

# What a name is bound to, when known: the node that bound it (an ``Assign`` for a constant).
BoundNode = Callable[[str], "cst.CSTNode | None"]


def is_hot(loop: cst.CSTNode, bound_node: BoundNode) -> bool:
    """Can `loop` (a ``For``, ``While`` or comprehension) run its body many times?"""
    if isinstance(loop, cst.For):
        return not (
            _small_iterable(loop.iter, bound_node)
            or _leaves_on_first_pass(loop.body)
            or _retrying_attempts(loop)
        )
    if isinstance(loop, COMPREHENSIONS):
        return not all(_small_iterable(f.iter, bound_node) for f in comprehension_fors(loop))
    if isinstance(loop, cst.While):
        return not _shrinks_geometrically(loop)
    return True


def _shrinks_geometrically(loop: cst.While) -> bool:
    """``while n: n, r = divmod(n, 62)``, ``while x > 0: x //= 10``: the tested number is
    divided on every pass, so the loop runs once per digit (logarithmically many times)."""
    test = loop.test
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        test = test.left
    if not isinstance(test, cst.Name):
        return False
    name = test.value
    return any(_divides(node, name) for node in _own_nodes(loop.body))


def _divides(node: cst.CSTNode, name: str) -> bool:
    """Is `node` a statement that divides `name` (``n //= b``, ``n = n >> 1``,
    ``n, r = divmod(n, b)``, ``n = int(n / b)``)?"""
    if isinstance(node, cst.AugAssign):
        return _is_name(node.target, name) and isinstance(node.operator, _DIVIDING_AUG)
    if not isinstance(node, cst.Assign) or len(node.targets) != 1:
        return False
    target, value = node.targets[0].target, node.value
    if isinstance(target, cst.Tuple) and isinstance(value, cst.Call):
        first = target.elements[0].value if target.elements else None
        return _is_name(first, name) and _calls(value, "divmod", name)
    if not _is_name(target, name):
        return False
    if isinstance(value, cst.Call) and _calls(value, "int", None) and value.args:
        value = value.args[0].value
    return (
        isinstance(value, cst.BinaryOperation)
        and isinstance(value.operator, _DIVIDING)
        and _is_name(value.left, name)
    )


def _calls(call: cst.Call, function: str, first_argument: str | None) -> bool:
    if not _is_name(call.func, function) or not call.args:
        return False
    return first_argument is None or _is_name(call.args[0].value, first_argument)


def _is_name(expr: cst.CSTNode | None, name: str) -> bool:
    return isinstance(expr, cst.Name) and expr.value == name


def _own_nodes(body: cst.BaseSuite) -> list[cst.CSTNode]:
    """The nodes of a loop body, not those of loops or definitions nested in it."""
    found: list[cst.CSTNode] = []
    pending: list[cst.CSTNode] = [body]
    while pending:
        node = pending.pop()
        found.append(node)
        if not isinstance(node, _OWN_SCOPES) or node is body:
            pending.extend(children(node))
    return found


def _small_iterable(iterable: cst.BaseExpression, bound_node: BoundNode) -> bool:
    if isinstance(iterable, cst.Name):
        node = bound_node(iterable.value)
        single = isinstance(node, cst.Assign) and len(node.targets) == 1
        if not (single or isinstance(node, cst.AnnAssign)):
            return False
        value = node.value
        # an empty literal bound to a name is an accumulator the code fills later
        return isinstance(value, _TABLES) and bool(value.elements) and _small_table(value)
    if isinstance(iterable, _TABLES):
        return _small_table(iterable)
    if isinstance(iterable, cst.Call) and isinstance(iterable.func, cst.Attribute):
        if iterable.func.attr.value in _VIEWS and not iterable.args:
            return _small_iterable(iterable.func.value, bound_node)  # {...}.items()
        return False
    if isinstance(iterable, cst.Call) and isinstance(iterable.func, cst.Name):
        if iterable.func.value == "range":
            return _small_range(iterable, bound_node)
        if iterable.func.value in ("enumerate", "reversed", "sorted") and iterable.args:
            return _small_iterable(iterable.args[0].value, bound_node)
    return False


def _small_table(table: cst.BaseExpression) -> bool:
    elements = table.elements
    if any(isinstance(e, (cst.StarredElement, cst.StarredDictElement)) for e in elements):
        return False
    if len(elements) <= SMALL_TABLE:
        return True
    if isinstance(table, cst.Dict):
        return all(_constant(e.key) and _constant(e.value) for e in elements)
    return all(_constant(e.value) for e in elements)


def _constant(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, _CONSTANTS) or (
        isinstance(expr, cst.Name) and expr.value in ("True", "False", "None")
    )


def _small_range(call: cst.Call, bound_node: BoundNode) -> bool:
    if not 1 <= len(call.args) <= 2 or any(arg.keyword or arg.star for arg in call.args):
        return False
    bounds = [_constant_int(arg.value, bound_node) for arg in call.args]
    if any(bound is None for bound in bounds):
        return False
    start, stop = (0, bounds[0]) if len(bounds) == 1 else bounds
    return stop - start <= SMALL_RANGE  # type: ignore[operator]


def _constant_int(expr: cst.BaseExpression, bound_node: BoundNode) -> int | None:
    """A literal integer, or a name assigned one (``RETRIES = 3``)."""
    if isinstance(expr, cst.Integer):
        return int(expr.value, 0)
    if isinstance(expr, cst.Name):
        node = bound_node(expr.value)
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Integer):
            return int(node.value.value, 0)
    return None


def _leaves_on_first_pass(body: cst.BaseSuite) -> bool:
    """Does every pass that raises nothing end in ``return``/``raise``/``break``, with no
    ``continue`` that could start another (but an exception handler's: a retry)?"""
    return _ends_by_leaving(body) and not _continues(body)


def _ends_by_leaving(suite: cst.BaseSuite) -> bool:
    """Does a block that raises nothing end by leaving the loop: its last statement a
    ``return``/``raise``/``break``, or a ``with``, ``try`` or ``if``/``else`` ending so?"""
    if isinstance(suite, cst.SimpleStatementSuite):
        return bool(suite.body) and isinstance(suite.body[-1], _LEAVING)
    if not suite.body:
        return False
    last = suite.body[-1]
    if isinstance(last, cst.SimpleStatementLine):
        return bool(last.body) and isinstance(last.body[-1], _LEAVING)
    if isinstance(last, cst.With):
        return _ends_by_leaving(last.body)
    if isinstance(last, cst.Try):
        return _ends_by_leaving(last.body) or (
            last.orelse is not None and _ends_by_leaving(last.orelse.body)
        )
    if isinstance(last, cst.If):
        return _branches_leave(last)
    return False


def _branches_leave(statement: cst.If) -> bool:
    """Do the ``if`` and every ``elif``/``else`` of it end by leaving the loop?"""
    if not _ends_by_leaving(statement.body):
        return False
    if isinstance(statement.orelse, cst.If):
        return _branches_leave(statement.orelse)
    return statement.orelse is not None and _ends_by_leaving(statement.orelse.body)


def _retrying_attempts(loop: cst.For) -> bool:
    """tenacity's idiom, ``for attempt in Retrying(...): with attempt: ...``: the body
    runs again only when an attempt failed."""
    target, statements = loop.target, loop.body.body
    if not (isinstance(target, cst.Name) and statements and isinstance(statements[0], cst.With)):
        return False
    return any(
        isinstance(item.item, cst.Name) and item.item.value == target.value
        for item in statements[0].items
    )


def _continues(body: cst.BaseSuite) -> bool:
    """A ``continue`` of this loop: not one inside a nested loop, a definition or an
    exception handler."""
    pending: list[cst.CSTNode] = [body]
    while pending:
        node = pending.pop()
        if isinstance(node, cst.Continue):
            return True
        if not isinstance(node, _OWN_SCOPES):
            pending.extend(children(node))
    return False
