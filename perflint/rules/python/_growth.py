"""A rule base for names regrown from themselves inside a loop (``s = s + x``), shared by
the string and list concatenation rules."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.nodes import dotted_name
from perflint.rule import Rule


def leftmost_operand(expr: cst.BaseExpression) -> cst.BaseExpression:
    """``a`` of ``a + b + c``."""
    while isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
        expr = expr.left
    return expr


def same_name(a: cst.BaseExpression, b: cst.BaseExpression) -> bool:
    """The same name or the same chain of attributes (``self.out``)."""
    if isinstance(a, cst.Name) and isinstance(b, cst.Name):
        return a.value == b.value
    if isinstance(a, cst.Attribute) and isinstance(b, cst.Attribute):
        return a.attr.value == b.attr.value and same_name(a.value, b.value)
    return False


def assigned_names(target: cst.BaseExpression) -> set[str]:
    """Names and attribute chains an assignment target rebinds, unpacking included
    (``line, buf = buf.split(...)`` rebinds ``buf``)."""
    if isinstance(target, (cst.Tuple, cst.List)):
        return {name for element in target.elements for name in assigned_names(element.value)}
    if isinstance(target, cst.StarredElement):
        return assigned_names(target.value)
    name = dotted_name(target)
    return {name} if name else set()


class GrowthInLoop(Rule):
    """A name bound before a loop and regrown from itself inside it.

    Decided when the loop ends: a name that is also rebound inside the loop (a buffer
    flushed and emptied, or drained with ``line, buf = buf.split(...)``) stays bounded, so
    it is not reported.
    """

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # loop -> (name, node, variant, message parameters)
        self._candidates: dict[int, list[tuple[str, cst.CSTNode, str, dict[str, object]]]] = {}
        self._reset_in_loop: dict[int, set[str]] = {}

    def note_reset(self, node: cst.Assign) -> None:
        names = {name for t in node.targets for name in assigned_names(t.target)}
        for loop in self.ctx.loops():
            self._reset_in_loop.setdefault(id(loop), set()).update(names)

    def grown_in_loop(
        self, target: cst.BaseExpression, types: frozenset[str]
    ) -> tuple[cst.CSTNode, str, str] | None:
        """(innermost loop, name, type) when `target` holds one of `types` and was
        bound outside that loop; else None."""
        loop = self.ctx.hot_loop()
        if loop is None:
            return None
        binding = self.ctx.binding_of(target)
        if binding is None or binding.type not in types:
            return None
        if any(loop is bound_in for bound_in in binding.loops):
            return None  # (re)initialised in this loop's body: it never grows past one step
        return loop, dotted_name(target), binding.type

    def defer(
        self,
        loop: cst.CSTNode,
        name: str,
        node: cst.CSTNode,
        variant: str,
        params: dict[str, object],
    ) -> None:
        self._candidates.setdefault(id(loop), []).append((name, node, variant, params))

    def report_growth(
        self,
        loop: cst.CSTNode,
        node: cst.CSTNode,
        variant: str,
        params: dict[str, object],
        related: tuple[tuple[cst.CSTNode, str], ...],
    ) -> None:
        """Report a name's first growth the loop never resets, its other growths as
        `related`; a rule may refine the variant here, when the whole loop has been seen."""
        self.report(node, variant=variant, related=related, **params)

    def _leave_loop(self, loop: cst.CSTNode) -> None:
        """One finding per name the loop grows and never resets, at its first growth; its
        other growths in the loop are that finding's related locations."""
        reset = self._reset_in_loop.pop(id(loop), set())
        growths: dict[str, list[tuple[cst.CSTNode, str, dict[str, object]]]] = {}
        for name, node, variant, params in self._candidates.pop(id(loop), []):
            if name not in reset:
                growths.setdefault(name, []).append((node, variant, params))
        for name, [(node, variant, params), *others] in growths.items():
            related = tuple((other, f"`{name}` grows here too") for other, _, _ in others)
            self.report_growth(loop, node, variant, params, related)

    def leave_For(self, node: cst.For) -> None:
        self._leave_loop(node)

    def leave_While(self, node: cst.While) -> None:
        self._leave_loop(node)
