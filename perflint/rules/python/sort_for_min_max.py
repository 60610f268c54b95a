"""PFL509 sort-for-min-max: ``sorted(x)[0]`` or ``sorted(x)[-1]`` where min()/max() is meant."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.fixes.transforms.sort_for_min_max import SortForMinMaxFix
from perflint.nodes import is_int
from perflint.rule import Rule

_MAX_FIX = 60


class SortForMinMax(Rule):
    """Sorts a whole sequence to take its smallest or largest element."""

    code = "PFL509"
    name = "sort-for-min-max"
    impact = "low"
    preview = "its one finding on real code was not worth acting on (rounds before and after)"
    summary = "`sorted(x)[0]`, `sorted(x)[-1]`: use min()/max() (O(n) instead of O(n log n))"
    message = (
        "`{code}` sorts every item to take one (O(n log n)): use `{fix}` (O(n); ~10x faster "
        "at 100,000 items, nothing to gain on a handful)"
    )
    fix = SortForMinMaxFix()
    INVALID = (
        dedent("""\
            cheapest = sorted(prices)[0]
        """),
        dedent("""\
            newest = sorted(posts, key=lambda p: p.created, reverse=True)[0]
        """),
    )
    VALID = (
        dedent("""\
            cheapest = min(prices)
        """),
        dedent("""\
            top3 = sorted(prices)[:3]
        """),
        dedent("""\
            second = sorted(prices)[1]
        """),
    )

    def visit_Subscript(self, node: cst.Subscript) -> None:
        call = node.value
        if not isinstance(call, cst.Call) or len(node.slice) != 1:
            return
        index = node.slice[0].slice
        if not isinstance(index, cst.Index):
            return
        if is_int(index.value, 0):
            smallest = True
        elif is_int(index.value, -1):
            smallest = False
        else:
            return
        if self.ctx.callee(call) != "builtins.sorted":
            return
        positional = [arg for arg in call.args if arg.keyword is None]
        if len(positional) != 1 or positional[0].star:
            return
        options = self._options(call)
        if options is None:
            return
        key, reverse = options
        fix = self._fix("max" if smallest == reverse else "min", positional[0].value, key)
        code = f"sorted(...)[{self.ctx.code_for(index.value)}]"
        self.report(node, code=code, fix=fix)

    def _options(self, call: cst.Call) -> tuple[cst.Arg | None, bool] | None:
        """(``key=`` argument, ``reverse``) when they are the only keywords and ``reverse``
        is a literal; else None."""
        key, reverse = None, False
        for arg in call.args:
            if arg.keyword is None:
                continue
            if arg.keyword.value == "key":
                key = arg
            elif arg.keyword.value == "reverse" and isinstance(arg.value, cst.Name):
                if arg.value.value not in ("True", "False"):
                    return None
                reverse = arg.value.value == "True"
            else:
                return None
        return key, reverse

    def _fix(self, function: str, items: cst.BaseExpression, key: cst.Arg | None) -> str:
        args = self.ctx.code_for(items)
        if isinstance(items, cst.GeneratorExp) and len(items.lpar) == 1:
            args = args[1:-1]  # min(x for x in xs), not min((x for x in xs))
        if key is not None:
            args += f", key={self.ctx.code_for(key.value)}"
        fix = f"{function}({args})"
        if len(fix) > _MAX_FIX:
            fix = f"{function}(...{', key=...' if key is not None else ''})"
        return fix
