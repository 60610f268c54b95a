"""What one pass of a loop costs besides the work a rule looks at."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.iterations import is_hot
from perflint.nodes import COMPREHENSIONS, comprehension_fors, walk


def runs_many_times(ctx: FileContext, loop: cst.CSTNode) -> bool:
    """Can `loop` itself run its body many times (perflint.iterations), as seen from the
    node being visited (a rule asks this while visiting the loop, not its body)?"""

    def bound_node(name: str) -> cst.CSTNode | None:
        binding = ctx.lookup(name)
        return binding.node if binding is not None else None

    return is_hot(loop, bound_node)


def awaits_each_pass(loop: cst.CSTNode) -> bool:
    """Does the loop's repeating part await (network or database I/O on its passes)?

    An await costs tens of microseconds at least: next to it, scanning or shifting a list
    of a few thousand pointers is noise, so the list rules stay quiet in such loops.
    """
    if isinstance(loop, cst.For):
        parts: list[cst.CSTNode] = [loop.body]
    elif isinstance(loop, cst.While):
        parts = [loop.test, loop.body]
    elif isinstance(loop, COMPREHENSIONS):
        fors = comprehension_fors(loop)
        parts = [*(f.iter for f in fors[1:]), *(i for f in fors for i in f.ifs)]
        parts += [loop.key, loop.value] if isinstance(loop, cst.DictComp) else [loop.elt]
    else:
        return False
    return any(
        isinstance(node, cst.Await) for part in parts for node in walk(part, into_definitions=False)
    )
