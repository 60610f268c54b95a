"""PFL505 quadratic-list-concat: ``L = L + [...]`` inside a loop, or ``sum(lists, [])``."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.fixes.transforms.quadratic_list_concat import SumOfListsFix
from perflint.rules.python._growth import GrowthInLoop, leftmost_operand, same_name
from perflint.rules.python._loops import awaits_each_pass

_LIST_TYPE = frozenset({"builtins.list"})


def self_extension(node: cst.Assign) -> cst.BaseExpression | None:
    """The target of ``L = L + ...``, else None."""
    if len(node.targets) != 1:
        return None
    target, value = node.targets[0].target, node.value
    if (
        isinstance(value, cst.BinaryOperation)
        and isinstance(value.operator, cst.Add)
        and same_name(leftmost_operand(value), target)
    ):
        return target
    return None


class QuadraticListConcat(GrowthInLoop):
    """Rebuilds a list from itself inside a loop, or flattens with ``sum(lists, [])``."""

    code = "PFL505"
    name = "quadratic-list-concat"
    impact = "medium"
    fix = SumOfListsFix()
    summary = "`L = L + [...]` inside a loop, `sum(lists, [])`: use append/extend/itertools.chain"
    message = (
        "`{name} = {name} + ...` copies the whole list on every iteration (quadratic): "
        "`{name}.extend(...)` (or `{name} += ...`) instead"
    )
    variants = {
        "append": (
            "`{name} = {name} + ...` copies the whole list on every iteration (quadratic): "
            "`{name}.append(...)` instead"
        ),
        "sum": (
            "`sum(..., {empty})` copies the running {kind} at every step (quadratic): use "
            "`list(itertools.chain.from_iterable(...))` or a nested comprehension"
        ),
    }
    INVALID = (
        dedent("""\
            def flatten(groups):
                out = []
                for g in groups:
                    out = out + g
                return out
        """),
        dedent("""\
            rows = sum(pages, [])
        """),
    )
    VALID = (
        dedent("""\
            out = []
            for g in groups:
                out.extend(g)
        """),
        dedent("""\
            import itertools
            rows = list(itertools.chain.from_iterable(pages))
        """),
        dedent("""\
            total = sum(prices, 0)
        """),
        dedent("""\
            for g in groups:
                batch = []
                batch = batch + g
        """),
    )

    def visit_Assign(self, node: cst.Assign) -> None:
        target = self_extension(node)
        if target is None:
            self.note_reset(node)
            return
        found = self.grown_in_loop(target, _LIST_TYPE)
        if found is None:
            return
        loop, name, _ = found
        if awaits_each_pass(loop):
            return  # each pass awaits I/O that dwarfs copying a list of pointers
        added = node.value.right if isinstance(node.value, cst.BinaryOperation) else None
        one_item = isinstance(added, cst.List) and len(added.elements) == 1
        self.defer(loop, name, node, "append" if one_item else "main", {"name": name})

    def visit_Call(self, node: cst.Call) -> None:
        if len(node.args) != 2 or self.ctx.callee(node) != "builtins.sum":
            return
        start = node.args[1]
        if start.keyword is not None and start.keyword.value != "start":
            return
        value = start.value
        if isinstance(value, cst.List) and not value.elements:
            self.report(node, variant="sum", empty="[]", kind="list")
        elif isinstance(value, cst.Tuple) and not value.elements:
            self.report(node, variant="sum", empty="()", kind="tuple")
