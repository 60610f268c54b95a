"""PFL508 cache-on-method: ``functools.lru_cache``/``cache`` on an instance method."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.knowledge.pytypes import MEMOIZE, NOT_INSTANCE_METHOD_DECORATORS
from perflint.nodes import dotted_name, is_name
from perflint.rule import Rule

# ``classmethod``/``staticmethod`` by the bare names a class body calls them with.
_CLASS_LEVEL_WRAPPERS = frozenset(
    name.rpartition(".")[2] for name in NOT_INSTANCE_METHOD_DECORATORS
)


def _rebound_as_class_level(owner: cst.ClassDef, name: str) -> bool:
    """Does the class body rebind the method, ``name = classmethod(name)`` (or
    ``staticmethod``)? Then its first parameter is the class, or nothing."""
    for statement in owner.body.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not (isinstance(small, cst.Assign) and isinstance(small.value, cst.Call)):
                continue
            call = small.value
            wrapped = call.args[0].value if len(call.args) == 1 else None
            if (
                dotted_name(call.func) in _CLASS_LEVEL_WRAPPERS
                and is_name(wrapped, name)
                and any(is_name(target.target, name) for target in small.targets)
            ):
                return True
    return False


class CacheOnMethod(Rule):
    """``functools.lru_cache``/``cache`` on an instance method."""

    code = "PFL508"
    name = "cache-on-method"
    impact = "medium"
    summary = "`functools.lru_cache`/`cache` on an instance method: keeps every `self` alive"
    message = (
        "`@{decorator}` on the method `{method}` keeps every `self` it saw alive in one "
        "class-wide cache (memory leak, shared across instances): use "
        "`functools.cached_property`, a per-instance cache, or a module-level cached function"
    )
    INVALID = (
        dedent("""\
            import functools
            class Rates:
                @functools.lru_cache(maxsize=None)
                def convert(self, amount):
                    return amount * self.rate
        """),
        dedent("""\
            from functools import cache
            class Rates:
                @property
                @cache
                def table(self):
                    return load(self.path)
        """),
    )
    VALID = (
        dedent("""\
            import functools
            class Rates:
                @staticmethod
                @functools.cache
                def convert(amount):
                    return amount * 2
        """),
        dedent("""\
            import functools
            @functools.cache
            def convert(amount):
                return amount * 2
        """),
        dedent("""\
            import functools
            class Rates:
                @functools.cached_property
                def table(self):
                    return load(self.path)
        """),
    )

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        owner = self.ctx.parent(2)
        if not node.decorators or not isinstance(owner, cst.ClassDef):
            return
        params = node.params
        positional = [*params.posonly_params, *params.params]
        if not positional or positional[0].name.value == "cls":
            return  # no `self`: nothing per instance is captured
        if _rebound_as_class_level(owner, node.name.value):
            return
        memoizer = None
        for decorator in node.decorators:
            expr = decorator.decorator
            expr = expr.func if isinstance(expr, cst.Call) else expr
            qualname = self.ctx.qualified_name(expr)
            if qualname in NOT_INSTANCE_METHOD_DECORATORS:
                return
            if memoizer is None and self.ctx.knowledge.has_effect(qualname, MEMOIZE):
                memoizer = decorator
        if memoizer is not None:
            decorator_code = self.ctx.code_for(memoizer.decorator).strip()
            self.report(memoizer, decorator=decorator_code, method=node.name.value)
