"""One traversal of a module that hands each node to the hooks of every participant
(the scope tracker, the analyses, the rules), keeping the path from the root."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

Hook = Callable[[cst.CSTNode], None]

_HOOKS: dict[type, list[tuple[str, type[cst.CSTNode], str]]] = {}


def hook_methods(cls: type) -> list[tuple[str, type[cst.CSTNode], str]]:
    """(``"visit"``/``"leave"``, node class, method name) for each hook `cls` defines."""
    found = _HOOKS.get(cls)
    if found is None:
        found = []
        for attr in dir(cls):
            kind, _, node_name = attr.partition("_")
            if kind in ("visit", "leave") and node_name:
                node_type = getattr(cst, node_name, None)
                if isinstance(node_type, type) and issubclass(node_type, cst.CSTNode):
                    found.append((kind, node_type, attr))
        _HOOKS[cls] = found
    return found


def hook_tables(
    visit_order: Sequence[object], leave_order: Sequence[object]
) -> tuple[dict[type, list[Hook]], dict[type, list[Hook]]]:
    """Each node type's visit hooks in `visit_order`, its leave hooks in `leave_order`."""
    return _table(visit_order, "visit"), _table(leave_order, "leave")


def _table(owners: Sequence[object], wanted: str) -> dict[type, list[Hook]]:
    table: dict[type, list[Hook]] = {}
    for owner in owners:
        for kind, node_type, attr in hook_methods(type(owner)):
            if kind == wanted:
                table.setdefault(node_type, []).append(getattr(owner, attr))
    return table


class Walker(cst.CSTVisitor):
    """Dispatches each node to the hooks registered for its type, keeping the stack."""

    def __init__(
        self,
        stack: list[cst.CSTNode],
        visit: dict[type, list[Hook]],
        leave: dict[type, list[Hook]],
    ) -> None:
        self.stack = stack
        self.visit_hooks = visit
        self.leave_hooks = leave

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.stack.append(node)
        hooks = self.visit_hooks.get(type(node))
        if hooks:
            for hook in hooks:
                hook(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        hooks = self.leave_hooks.get(type(original_node))
        if hooks:
            for hook in hooks:
                hook(original_node)
        self.stack.pop()

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None
