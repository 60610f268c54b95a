"""Statements of a function that run only when it did not return early with what it
already had: after ``if <value> is not None: return ...`` or ``if key in cache: return
...``, the rest is a fallback for a missing value (a hand-written memo, a backfill of a
legacy row), not what every call does.

```python
def load_registry():
    global _registry
    if _registry is not None:
        return _registry
    with open(PATH) as f:  # once
        _registry = json.load(f)
    return _registry
```

A guard that returns when something is missing (``if not ids: return []``) leaves the
usual path after it: what follows runs on (nearly) every call.
"""

from __future__ import annotations

import libcst as cst

_PRESENT = (cst.IsNot, cst.In)


def after_presence_guard(function: cst.FunctionDef) -> frozenset[int]:
    """The ids of `function`'s top-level statements that follow a presence guard."""
    body = function.body
    if not isinstance(body, cst.IndentedBlock):
        return frozenset()
    for position, statement in enumerate(body.body):
        if _presence_guard(statement):
            return frozenset(id(later) for later in body.body[position + 1 :])
    return frozenset()


def _presence_guard(statement: cst.BaseStatement) -> bool:
    if not isinstance(statement, cst.If) or statement.orelse is not None:
        return False
    test = statement.test
    if not (
        isinstance(test, cst.Comparison)
        and test.comparisons
        and all(isinstance(target.operator, _PRESENT) for target in test.comparisons)
    ):
        return False
    statements = statement.body.body
    last = statements[-1] if statements else None
    if isinstance(last, cst.SimpleStatementLine):
        return bool(last.body) and isinstance(last.body[-1], cst.Return)
    return isinstance(last, cst.Return)  # ``if x is not None: return x`` on one line
