"""Functions memoized by hand: the body returns a kept result when it has one, so what
follows runs once, not on every call.

```python
def load_registry():
    global _registry
    if _registry is not None:
        return _registry
    with open(PATH) as f:
        _registry = json.load(f)
    return _registry
```

The kept result is a name the function declares ``global`` (or ``nonlocal``), or an
attribute of ``self``/``cls``, that the function assigns; the guard is an ``if`` among its
top-level statements whose body returns.
"""

from __future__ import annotations

import libcst as cst

from perflint.nodes import dotted_name, walk


def memoized_by_hand(function: cst.FunctionDef, self_name: str | None) -> bool:
    """Does `function` return early with a result it keeps between calls?"""
    body = function.body
    if not isinstance(body, cst.IndentedBlock):
        return False
    kept = _kept_names(body, self_name)
    if not kept:
        return False
    return any(_guard(statement, kept) for statement in body.body)


def _kept_names(body: cst.IndentedBlock, self_name: str | None) -> set[str]:
    """The globals and ``self.`` attributes the function assigns."""
    declared: set[str] = set()
    assigned: set[str] = set()
    for node in walk(body, into_definitions=False):
        if isinstance(node, (cst.Global, cst.Nonlocal)):
            declared.update(item.name.value for item in node.names)
        elif isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign)):
            assigned.add(dotted_name(node.target))
    prefix = f"{self_name}." if self_name else None
    return {
        name
        for name in assigned
        if name in declared or (prefix is not None and name.startswith(prefix))
    }


def _guard(statement: cst.BaseStatement, kept: set[str]) -> bool:
    """``if _registry is not None: return _registry``: a test of a kept name, a return."""
    if not isinstance(statement, cst.If) or statement.orelse is not None:
        return False
    tested = {dotted_name(node) for node in walk(statement.test)}
    if not tested & kept:
        return False
    last = statement.body.body[-1] if statement.body.body else None
    if isinstance(last, cst.SimpleStatementLine):
        return bool(last.body) and isinstance(last.body[-1], cst.Return)
    return False
