"""A rule base for findings that are void when some names are read after their loop
(a rewrite into a comprehension or another iteration would drop those bindings)."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from perflint.context import FileContext
from perflint.resolve import Scope
from perflint.rule import Rule

# (scope the loop runs in, names it binds, node to report, message variant, parameters)
_Deferred = tuple[Scope, frozenset[str], cst.CSTNode, str, dict[str, object]]


def _is_store(ctx: FileContext, node: cst.Name) -> bool:
    """Is this name being (re)bound rather than read? (``for x in``, ``x = ...``)"""
    parent = ctx.parent()
    if isinstance(parent, cst.For) and parent.target is node:
        return True
    if isinstance(parent, cst.AssignTarget) and parent.target is node:
        return True
    if isinstance(parent, cst.Element):
        holder, owner = ctx.parent(2), ctx.parent(3)
        if isinstance(owner, cst.For) and owner.target is holder:
            return True
        if isinstance(owner, cst.AssignTarget) and owner.target is holder:
            return True
    return False


class ReadAfterLoop(Rule):
    """Keeps each finding (`defer`, called when leaving the loop) until the enclosing
    function (or file) ends; a later read of one of its names, in the same scope, drops it.
    """

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._deferred: list[_Deferred] = []

    def defer(
        self, names: set[str], node: cst.CSTNode, variant: str, params: dict[str, object]
    ) -> None:
        scope = self.ctx.variable_scope()
        self._deferred.append((scope, frozenset(names), node, variant, params))

    def visit_Name(self, node: cst.Name) -> None:
        if not self._deferred or _is_store(self.ctx, node):
            return
        scope = self.ctx.variable_scope()
        self._deferred = [
            entry for entry in self._deferred if not (entry[0] is scope and node.value in entry[1])
        ]

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        scope = self.ctx.scope
        self._flush(lambda entry: entry[0] is scope)

    def finish(self) -> None:
        self._flush(lambda entry: True)

    def _flush(self, select: Callable[[_Deferred], bool]) -> None:
        keep = []
        for entry in self._deferred:
            if select(entry):
                _, _, node, variant, params = entry
                self.report(node, variant=variant, **params)
            else:
                keep.append(entry)
        self._deferred = keep
