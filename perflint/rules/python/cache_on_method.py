"""PFL508 cache-on-method: ``functools.lru_cache``/``cache`` on an instance method."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.knowledge.pytypes import MEMOIZE, NOT_INSTANCE_METHOD_DECORATORS
from perflint.rule import Rule


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
        if not node.decorators or not isinstance(self.ctx.parent(2), cst.ClassDef):
            return
        params = node.params
        if not (params.posonly_params or params.params):
            return  # no `self`: nothing per instance is captured
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
