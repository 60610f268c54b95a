"""What a loop body carries from one iteration to the next: the dotted paths each
statement reads and binds, in execution order (for `sequential_await_in_loop`)."""

from __future__ import annotations

import libcst as cst

from perflint.knowledge.pytypes import MUTATING_METHODS
from perflint.nodes import DEFINITIONS, dotted_name, method_call


class LoopBodyFacts(cst.CSTVisitor):
    """Assignments, mutations, exits and positions inside one loop body, in execution order.

    Values are tracked by dotted path (``page``, ``self.results``), so appending to
    ``self.results`` does not make ``self.client`` look changed. Positions count visits and
    leaves, so an assignment (recorded on leave) comes after the await in its own value,
    and before an await in a later statement.
    """

    def __init__(self, watched: set[int], targets: frozenset[str]) -> None:
        self.order = 0
        self.targets = targets  # rebound every iteration: mutating them carries nothing over
        self.watched = watched
        self.positions: dict[int, int] = {}
        # path -> [(position, paths read by the new value, or None when carried/unknown)]
        self.assigned: dict[str, list[tuple[int, frozenset[str] | None]]] = {}
        self.exits = False
        self._depth_loops = 0
        self._depth_defs = 0

    def _bind(self, target: cst.BaseExpression, reads: frozenset[str] | None) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, reads)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, reads)
        elif isinstance(target, cst.Subscript):
            self._mutate(target.value)
        else:
            path = dotted_name(target)
            if path and path.split(".", 1)[0] not in self.targets - {path}:
                self.assigned.setdefault(path, []).append((self.order, reads))

    def _mutate(self, obj: cst.BaseExpression) -> None:
        """An object changed in place keeps the change into the next iteration."""
        while isinstance(obj, cst.Subscript):
            obj = obj.value
        path = dotted_name(obj)
        if path and path.split(".", 1)[0] not in self.targets:
            self.assigned.setdefault(path, []).append((self.order, None))

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.order += 1
        if id(node) in self.watched:
            self.positions[id(node)] = self.order
        if isinstance(node, DEFINITIONS):
            self._depth_defs += 1
        elif isinstance(node, (cst.For, cst.While)):
            self._depth_loops += 1
        elif isinstance(node, (cst.Return, cst.Break)) and not self._depth_defs:
            # ``return`` leaves every loop; ``break`` only the loop it is directly in
            self.exits = self.exits or isinstance(node, cst.Return) or not self._depth_loops
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.order += 1
        node = original_node
        if isinstance(node, DEFINITIONS):
            self._depth_defs -= 1
        elif isinstance(node, (cst.For, cst.While)):
            self._depth_loops -= 1
            if isinstance(node, cst.For):
                self._bind(node.target, None)
        if not self._depth_defs:
            self._record(node)

    def _record(self, node: cst.CSTNode) -> None:
        """The bindings and in-place changes a node makes when it completes."""
        if isinstance(node, cst.Assign):
            reads = paths_in(node.value)
            for target in node.targets:
                self._bind(target.target, reads)
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            self._bind(node.target, paths_in(node.value))
        elif isinstance(node, (cst.AugAssign, cst.NamedExpr)):
            self._bind(node.target, None)
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            self._bind(node.asname.name, paths_in(node.item))
        else:
            method = method_call(node, MUTATING_METHODS)
            if method is not None:
                self._mutate(method.value)

    def bindings_touching(self, path: str) -> list[tuple[int, frozenset[str] | None]]:
        """Assignments to `path`, to an object it lies in, or to a part of it."""
        found = []
        for bound, entries in self.assigned.items():
            if _overlaps(bound, path):
                found.extend(entries)
        return found

    def independent(self, path: str, position: int, seen: frozenset[str] = frozenset()) -> bool:
        """Does `path`, read at `position`, hold a value from this iteration only?"""
        if path in seen:
            return False
        seen = seen | {path}
        for bound_at, reads in self.bindings_touching(path):
            if reads is None or bound_at > position:
                return False  # accumulated, mutated, or fed from the previous iteration
            if not all(self.independent(p, bound_at, seen) for p in reads):
                return False
        return True  # the loop target, a name derived from it, or loop-invariant


def _overlaps(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def paths_in(node: cst.CSTNode) -> frozenset[str]:
    """The dotted paths an expression reads (``self.client.get``, ``url``): a chain of
    names and attributes counts as a whole, an argument's keyword not at all."""
    found: set[str] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, cst.Attribute):
            path = dotted_name(current)
            if path:
                found.add(path)
            else:
                pending.append(current.value)
        elif isinstance(current, cst.Arg):
            pending.append(current.value)
        elif isinstance(current, cst.Name):
            found.add(current.value)
        else:
            pending.extend(current.children)
    return frozenset(found)
