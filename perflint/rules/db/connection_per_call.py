"""PFL106 connection-per-call: a database/cache connection opened per loop turn or per call."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.db import (
    CLOSING_METHODS,
    ONCE_DECORATORS,
    PROBE_WORDS,
    RUNS_ONCE_FUNCTIONS,
    STARTUP_HOOK_NAMES,
    STORING_METHODS,
)
from perflint.nodes import dotted_name, own_nodes, walk
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import call_label


class ConnectionPerCall(DbRule):
    """A connection, engine or pool opened per loop turn or per call of a function that runs
    often, instead of once and reused."""

    code = "PFL106"
    name = "connection-per-call"
    impact = "high"
    summary = "a database/cache connection, engine or pool created in a loop or per call"
    message = (
        "`{what}` opens a new connection on every call: create it once (module level, app "
        "startup or a cached factory) and reuse it or a pool"
    )
    variants = {
        "loop": (
            "`{what}` opens a new connection on every loop iteration: open it once before the "
            "loop and reuse it"
        ),
    }
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

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # (function name, call, message parameters): reported unless a main guard calls it
        self._candidates: list[tuple[str, cst.Call, dict[str, str]]] = []
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
            self.report(node, variant="loop", what=what)
            return
        function = self.ctx.function()
        if function is None or found.local or self._runs_once(function):
            return
        if self._kept(function) or self._probe(function, node):
            return
        self._candidates.append((function.name.value, node, {"what": what}))

    def finish(self) -> None:
        for function_name, node, params in self._candidates:
            if function_name not in self._main_calls:
                self.report(node, **params)

    def _runs_once(self, function: cst.FunctionDef) -> bool:
        """Named or decorated as code that runs once (setup, startup, a cached factory),
        a method of a command class (Django's ``BaseCommand.handle``), or a generator (a
        fixture or lifespan that yields the connection)."""
        if function.name.value in RUNS_ONCE_FUNCTIONS or self._in_command_class():
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

    def _in_command_class(self) -> bool:
        """Inside a class whose base is a command (``class Command(BaseCommand)``): code
        that runs once per invocation of a management or CLI command."""
        for node in self.ctx.ancestors():
            if isinstance(node, cst.ClassDef):
                return any(
                    dotted_name(base.value).rpartition(".")[2].endswith("Command")
                    for base in node.bases
                )
        return False

    def _kept(self, function: cst.FunctionDef) -> bool:
        """Is the current call's result returned, or stored on an object or a global: a
        factory, not a per-call use?"""
        parent = next(
            (node for node in self.ctx.ancestors() if not isinstance(node, (cst.Await, cst.Arg))),
            None,
        )
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

    def _probe(self, function: cst.FunctionDef, call: cst.Call) -> bool:
        """A validation probe: a function named to check or test a connection that opens
        one, uses it and closes it (``with``, ``close()``, ``dispose()``): it runs when a
        user asks, and must not keep what it checked."""
        words = function.name.value.lower().split("_")
        if not any(word in PROBE_WORDS for word in words):
            return False
        parent = next(
            (node for node in self.ctx.ancestors() if not isinstance(node, (cst.Await, cst.Arg))),
            None,
        )
        if isinstance(parent, cst.WithItem):
            return True
        names = _assigned_names(parent)
        return any(
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in CLOSING_METHODS
            and isinstance(node.func.value, cst.Name)
            and node.func.value.value in names
            for node in own_nodes(function)
        )


def _assigned_names(statement: cst.CSTNode | None) -> set[str]:
    if isinstance(statement, cst.Assign):
        return {t.target.value for t in statement.targets if isinstance(t.target, cst.Name)}
    if isinstance(statement, cst.AnnAssign) and isinstance(statement.target, cst.Name):
        return {statement.target.value}
    return set()


def _is_main_guard(test: cst.BaseExpression) -> bool:
    """``if __name__ == ...``."""
    return (
        isinstance(test, cst.Comparison)
        and isinstance(test.left, cst.Name)
        and test.left.value == "__name__"
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, cst.Equal)
    )


def _called_names(node: cst.CSTNode) -> set[str]:
    """Names of the plain functions called in a subtree."""
    return {
        n.func.value for n in walk(node) if isinstance(n, cst.Call) and isinstance(n.func, cst.Name)
    }


def _yields(function: cst.FunctionDef) -> bool:
    return any(isinstance(n, cst.Yield) for n in own_nodes(function))


def _globals(function: cst.FunctionDef) -> set[str]:
    return {
        item.name.value
        for n in own_nodes(function)
        if isinstance(n, (cst.Global, cst.Nonlocal))
        for item in n.names
    }


def _escapes(function: cst.FunctionDef, names: set[str]) -> bool:
    """Is one of `names` returned or stored on an object inside the function, directly or
    bound into something that is (``return sessionmaker(bind=engine)``)?"""
    holders = set(names)
    changed = True
    while changed:  # names bound to a call given one of the names hold it too
        changed = False
        for node in own_nodes(function):
            if isinstance(node, cst.Assign) and _passes(node.value, holders):
                found = _assigned_names(node) - holders
                if found:
                    holders |= found
                    changed = True
    for node in own_nodes(function):
        if (
            isinstance(node, cst.Return)
            and node.value is not None
            and _is_held(node.value, holders)
        ):
            return True
        if (
            isinstance(node, cst.Assign)
            and _is_held(node.value, holders)
            and any(not isinstance(t.target, cst.Name) for t in node.targets)
        ):
            return True  # self.Session = sessionmaker(bind=engine)
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in STORING_METHODS
            and any(_is_held(a.value, holders) for a in node.args)
        ):
            return True  # registry.setdefault(alias, pool), pools.append(conn)
    return False


def _is_held(expr: cst.BaseExpression, holders: set[str]) -> bool:
    """`expr` is one of `holders`, or a call given one (``sessionmaker(bind=engine)``)."""
    if isinstance(expr, cst.Name):
        return expr.value in holders
    return _passes(expr, holders)


def _passes(expr: cst.BaseExpression, holders: set[str]) -> bool:
    return isinstance(expr, cst.Call) and any(
        isinstance(arg.value, cst.Name) and arg.value.value in holders for arg in expr.args
    )
