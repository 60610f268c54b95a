"""PFL106 connection-per-call: a database/cache connection opened per loop turn or per call."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.knowledge.db import (
    ONCE_DECORATORS,
    RUNS_ONCE_FUNCTIONS,
    STARTUP_HOOK_NAMES,
    STORING_METHODS,
)
from perflint.nodes import own_nodes, walk
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import call_label


class ConnectionPerCall(DbRule):
    code = "PFL106"
    name = "connection-per-call"
    impact = "high"
    summary = "a database/cache connection, engine or pool created in a loop or per call"
    message = "`{what}` {where}: {fix}"
    INVALID = (
        dedent("""\
            import psycopg2

            def get_user(user_id):
                conn = psycopg2.connect('dbname=app')
                with conn.cursor() as cur:
                    cur.execute('SELECT * FROM users WHERE id = %s', (user_id,))
                    return cur.fetchone()
        """),
    )
    VALID = (
        dedent("""\
            import psycopg2
            from functools import lru_cache

            @lru_cache(maxsize=1)
            def connection():
                return psycopg2.connect('dbname=app')
        """),
        dedent("""\
            import psycopg2

            def main():
                conn = psycopg2.connect('dbname=app')
                conn.close()
        """),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._candidates: list[tuple[str, cst.Call, str]] = []
        self._main_calls: set[str] = set()

    def visit_If(self, node: cst.If) -> None:
        if self.ctx.function() is None and _is_main_guard(node.test):
            for name in _called_names(node.body):
                self._main_calls.add(name)

    def visit_Call(self, node: cst.Call) -> None:
        found = self.db.classify(node)
        if found is None or found.kind != "connect":
            return
        what = call_label(self.ctx, node)
        if self.db.repeating_loops():
            self.report(
                node,
                self.message.format(
                    what=what,
                    where="opens a new connection on every loop iteration",
                    fix="open it once before the loop and reuse it",
                ),
            )
            return
        function = self.ctx.function()
        if function is None or found.local or self._runs_once(function):
            return
        if self._kept(node, function):
            return
        message = self.message.format(
            what=what,
            where="opens a new connection on every call",
            fix="create it once (module level, app startup or a cached factory) and reuse "
            "it or a pool",
        )
        self._candidates.append((function.name.value, node, message))

    def finish(self) -> None:
        for function_name, node, message in self._candidates:
            if function_name not in self._main_calls:
                self.report(node, message)

    def _runs_once(self, function: cst.FunctionDef) -> bool:
        if function.name.value in RUNS_ONCE_FUNCTIONS:
            return True
        for decorator in function.decorators:
            expr = decorator.decorator
            if isinstance(expr, cst.Call):
                expr = expr.func
            qualname = self.ctx.qualified_name(expr)
            if qualname in ONCE_DECORATORS:
                return True
            if isinstance(expr, cst.Attribute) and expr.attr.value in STARTUP_HOOK_NAMES:
                return True
        return _yields(function)

    def _kept(self, call: cst.Call, function: cst.FunctionDef) -> bool:
        """Returned, stored on an object or a global: a factory, not a per-call use."""
        stack = self.ctx.stack
        index = len(stack) - 1
        while index > 0 and isinstance(stack[index - 1], (cst.Await, cst.Arg)):
            index -= 1
        parent = stack[index - 1]
        if isinstance(parent, cst.Return):
            return True
        if isinstance(parent, cst.Assign):
            targets = [t.target for t in parent.targets]
            if any(not isinstance(t, cst.Name) for t in targets):
                return True  # self.pool = ..., app.state.db = ..., registry[key] = ...
            names = {t.value for t in targets if isinstance(t, cst.Name)}
            return bool(names & _globals(function)) or _escapes(function, names)
        if isinstance(parent, cst.AnnAssign):
            return not isinstance(parent.target, cst.Name) or _escapes(
                function, {parent.target.value}
            )
        return False


def _is_main_guard(test: cst.BaseExpression) -> bool:
    return (
        isinstance(test, cst.Comparison)
        and isinstance(test.left, cst.Name)
        and test.left.value == "__name__"
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, cst.Equal)
    )


def _called_names(node: cst.CSTNode) -> set[str]:
    return {
        n.func.value for n in walk(node) if isinstance(n, cst.Call) and isinstance(n.func, cst.Name)
    }


def _yields(function: cst.FunctionDef) -> bool:
    return any(isinstance(n, (cst.Yield,)) for n in own_nodes(function))


def _globals(function: cst.FunctionDef) -> set[str]:
    return {
        item.name.value
        for n in own_nodes(function)
        if isinstance(n, (cst.Global, cst.Nonlocal))
        for item in n.names
    }


def _escapes(function: cst.FunctionDef, names: set[str]) -> bool:
    """Is one of `names` returned or stored on an object inside the function?"""
    for node in own_nodes(function):
        if (
            isinstance(node, cst.Return)
            and isinstance(node.value, cst.Name)
            and node.value.value in names
        ):
            return True
        if (
            isinstance(node, cst.Assign)
            and isinstance(node.value, cst.Name)
            and node.value.value in names
            and any(not isinstance(t.target, cst.Name) for t in node.targets)
        ):
            return True
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in STORING_METHODS
            and any(isinstance(a.value, cst.Name) and a.value.value in names for a in node.args)
        ):
            return True  # registry.setdefault(alias, pool), pools.append(conn)
    return False
