"""The function or class each reported node is written in, as a dotted name
(``Repo.fetch_all``; a def nested in a def is ``outer.inner``).

Found during the same lean code generation that places the reported nodes, so it costs
no extra walk: the names of the ``def``s and ``class``es being generated form a stack.
A reported ``def`` or ``class`` is in its own scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress

import libcst as cst

from perflint.positions import Span, _AllPlaced, _Locator

_SCOPES = (cst.FunctionDef, cst.ClassDef)


class _ScopedLocator(_Locator):
    def __init__(self, module: cst.Module, wanted: Iterable[cst.CSTNode]) -> None:
        super().__init__(module, wanted)
        self.names: list[str] = []
        self.scopes: dict[int, str] = {}

    def before_codegen(self, node: cst.CSTNode) -> None:
        super().before_codegen(node)
        if isinstance(node, _SCOPES):
            self.names.append(node.name.value)
        if id(node) in self.wanted:
            self.scopes.setdefault(id(node), ".".join(self.names))

    def after_codegen(self, node: cst.CSTNode) -> None:
        if isinstance(node, _SCOPES):
            self.names.pop()
        super().after_codegen(node)


def locate_in_scopes(
    module: cst.Module, nodes: Iterable[cst.CSTNode]
) -> tuple[dict[int, Span], dict[int, str]]:
    """Spans of `nodes` (as ``positions.locate``) and their enclosing dotted scope names
    ("" at module level), both keyed by ``id(node)``."""
    nodes = list(nodes)
    locator = _ScopedLocator(module, nodes)
    with suppress(_AllPlaced):
        module._codegen(locator)
    spans = {id(node): locator.spans[id(node)] for node in nodes if id(node) in locator.spans}
    return spans, locator.scopes
