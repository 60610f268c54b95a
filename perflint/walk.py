"""One traversal of a module that hands each node to the hooks of every participant
(the scope tracker, the analyses, the rules), keeping the path from the root."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

from perflint.nodes import children

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


class HookFailed(Exception):
    """A participant's hook raised: the hook and what it raised (a bug in perflint)."""

    def __init__(self, hook: Hook, error: Exception) -> None:
        super().__init__(f"{getattr(hook, '__qualname__', hook)} raised {error!r}")
        self.hook = hook
        self.error = error


_LEAVE = object()  # marks, on the walk's to-do list, the point where a node is left


def walk_tree(
    root: cst.CSTNode,
    stack: list[cst.CSTNode],
    visit: dict[type, list[Hook]],
    leave: dict[type, list[Hook]],
) -> None:
    """Visit every node depth-first in lexical order, calling its visit hooks on the way
    in and its leave hooks on the way out; `stack` holds the path from `root` to it."""
    todo: list[object] = [root]
    while todo:
        item = todo.pop()
        if item is _LEAVE:
            node = stack[-1]
            hooks = leave.get(type(node))
            if hooks:
                _call(hooks, node)
            stack.pop()
            continue
        node = item  # type: ignore[assignment]
        stack.append(node)
        hooks = visit.get(type(node))
        if hooks:
            _call(hooks, node)
        todo.append(_LEAVE)
        todo.extend(reversed(children(node)))


def _call(hooks: list[Hook], node: cst.CSTNode) -> None:
    hook = hooks[0]
    try:
        for hook in hooks:
            hook(node)
    except RecursionError:
        raise  # a file nested too deeply: the engine reports it as such
    except Exception as error:
        raise HookFailed(hook, error) from error
