"""Does the code take a query's rows whole? It does when the sink maps every column onto
objects (Django's ``raw()``, a pandas DataFrame), when the result becomes a frame
(``.fetchdf()``), when the code reads the column names (``cursor.description``,
``result.keys()``: generic code that handles whatever columns come), or when it unpacks
each row into names (``for a, b, c in cur``: perflint cannot tell whether those are all
the columns). A star is then the columns the code wants, or nothing says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import libcst as cst

from perflint.knowledge.sql import (
    COLUMN_NAME_ATTRIBUTES,
    FRAME_RESULT_METHODS,
    ROW_FETCH_METHODS,
    ROWS_FETCH_METHODS,
    WHOLE_ROW_SINK_METHODS,
    WHOLE_ROW_SINKS,
)
from perflint.nodes import own_nodes, walk
from perflint.rules.sql._candidates import Candidate

_FETCHES = ROW_FETCH_METHODS | ROWS_FETCH_METHODS


def takes_rows_whole(candidate: Candidate, stack: Sequence[cst.CSTNode]) -> bool:
    """`stack` is the walk's path to the candidate's sink call."""
    sink = candidate.sink
    if sink in WHOLE_ROW_SINKS or sink.startswith(".") and sink[1:] in WHOLE_ROW_SINK_METHODS:
        return True
    if candidate.call is None or not stack or stack[-1] is not candidate.call:
        return False
    result, names = _result_of(stack)
    if result is _WHOLE:
        return True
    receiver = candidate.call.func
    if isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Name):
        names.add(receiver.value.value)  # cur.execute(...): the rows come from cur
    scope = next((n for n in reversed(stack) if isinstance(n, cst.FunctionDef)), None)
    nodes: Iterable[cst.CSTNode] = own_nodes(scope) if scope is not None else walk(stack[0])
    return bool(names) and any(_whole_use(node, names) for node in nodes)


_WHOLE = object()  # marks a result taken whole where it is produced


def _result_of(stack: Sequence[cst.CSTNode]) -> tuple[object, set[str]]:
    """Follow the sink's value up the expression that consumes it: through the call it is
    an argument of (``conn.execute(text(...))``), ``await`` and row fetches, to a frame
    (whole), an unpacking (whole) or the name it is assigned to."""
    i = len(stack) - 1
    while i > 0:
        node, parent = stack[i], stack[i - 1]
        if isinstance(parent, cst.Arg) and i > 1 and isinstance(stack[i - 2], cst.Call):
            i -= 2  # the call that takes the SQL object runs it
        elif isinstance(parent, cst.Await):
            i -= 1
        elif isinstance(parent, cst.Attribute) and parent.value is node:
            method = parent.attr.value
            if method in FRAME_RESULT_METHODS or method in COLUMN_NAME_ATTRIBUTES:
                return _WHOLE, set()
            if method not in _FETCHES:
                return None, set()
            called = i > 1 and isinstance(stack[i - 2], cst.Call)
            i -= 2 if called else 1  # cur.fetchall() or result.rows
        else:
            return _bound(node, parent)
    return None, set()


def _bound(value: cst.CSTNode, parent: cst.CSTNode) -> tuple[object, set[str]]:
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
        target = parent.targets[0].target
        if isinstance(target, (cst.Tuple, cst.List)):
            return _WHOLE, set()
        if isinstance(target, cst.Name):
            return None, {target.value}
    if (
        isinstance(parent, cst.For)
        and parent.iter is value
        and isinstance(parent.target, (cst.Tuple, cst.List))
    ):
        return _WHOLE, set()
    return None, set()


def _whole_use(node: cst.CSTNode, names: set[str]) -> bool:
    """`node` reads the column names of, or unpacks the rows of, one of `names`."""
    if isinstance(node, cst.Attribute):
        return node.attr.value in COLUMN_NAME_ATTRIBUTES | FRAME_RESULT_METHODS and _is_one_of(
            node.value, names
        )
    if isinstance(node, cst.For) and isinstance(node.target, (cst.Tuple, cst.List)):
        return _rows_of(node.iter, names)
    if isinstance(node, cst.Assign) and len(node.targets) == 1:
        target = node.targets[0].target
        return isinstance(target, (cst.Tuple, cst.List)) and _rows_of(node.value, names)
    return False


def _rows_of(expr: cst.BaseExpression, names: set[str]) -> bool:
    """`expr` is one of `names`, or a row fetch on one (``cur.fetchall()``)."""
    if isinstance(expr, cst.Await):
        expr = expr.expression
    if isinstance(expr, cst.Call):
        expr = expr.func
    if isinstance(expr, cst.Attribute) and expr.attr.value in _FETCHES:
        expr = expr.value
    return _is_one_of(expr, names)


def _is_one_of(expr: cst.BaseExpression, names: set[str]) -> bool:
    return isinstance(expr, cst.Name) and expr.value in names
