"""PFL508: memoizing decorators on instance methods."""

from __future__ import annotations

import libcst as cst

from perflint.rule import Rule

_NOT_INSTANCE_METHODS = frozenset({"builtins.staticmethod", "builtins.classmethod"})


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
        "import functools\nclass Rates:\n    @functools.lru_cache(maxsize=None)\n"
        "    def convert(self, amount):\n        return amount * self.rate\n",
        "from functools import cache\nclass Rates:\n    @property\n    @cache\n"
        "    def table(self):\n        return load(self.path)\n",
    )
    VALID = (
        "import functools\nclass Rates:\n    @staticmethod\n    @functools.cache\n"
        "    def convert(amount):\n        return amount * 2\n",
        "import functools\n@functools.cache\ndef convert(amount):\n    return amount * 2\n",
        "import functools\nclass Rates:\n    @functools.cached_property\n"
        "    def table(self):\n        return load(self.path)\n",
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
            if qualname in _NOT_INSTANCE_METHODS:
                return
            if memoizer is None and self.ctx.knowledge.has_effect(qualname, "py.memoize"):
                memoizer = decorator
        if memoizer is not None:
            self.report(
                memoizer,
                self.message.format(
                    decorator=self.ctx.code_for(memoizer.decorator).strip(),
                    method=node.name.value,
                ),
            )
