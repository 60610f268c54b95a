"""PFL503 list-front-op: ``L.pop(0)`` or ``L.insert(0, x)`` on a local list inside a hot
loop, where the list is a work queue or holds stored data and a deque can replace it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.pytypes import (
    DEQUE_METHODS,
    ITERABLE_BUILTINS,
    LIST_FRONT_METHODS,
    LIST_GROWING_METHODS,
)
from perflint.nodes import (
    DEFINITIONS,
    children,
    comprehension_fors,
    identifiers,
    is_int,
    method_call,
    positional_args,
)
from perflint.resolve import Scope
from perflint.rule import Rule
from perflint.rules.db._django import DjangoValues
from perflint.rules.python._data import StoredData
from perflint.rules.python._loops import awaits_each_pass

# Where the list may sit and stay a local deque: rebound, grown with `+=`, deleted from,
# tested for truth (searched with `in` is checked apart).
_KEEPING_IT_HERE = (
    cst.AssignTarget,
    cst.AugAssign,
    cst.Del,
    cst.If,
    cst.While,
    cst.IfExp,
    cst.UnaryOperation,
    cst.BooleanOperation,
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    scope: Scope
    name: str
    node: cst.Call
    loop: cst.CSTNode
    popping: bool
    holds_rows: bool  # the list, or the loop filling it from the front, holds stored data


class ListFrontOp(Rule):
    """Removes or inserts at the front of a local list inside a hot loop: each call shifts
    it all.

    Reported when the list is a work queue (the loop that drains it also grows it: a
    breadth-first walk) or holds stored data (query rows, file lines), and when a
    ``collections.deque`` can replace it: the list is a local of the function, never
    returned, stored or handed to other code, never sliced or sorted.
    """

    code = "PFL503"
    name = "list-front-op"
    impact = "medium"
    summary = (
        "`L.pop(0)` / `L.insert(0, x)` on a work queue or rows in a loop: use collections.deque"
    )
    message = (
        "`{call}` shifts every element of the list on each call: "
        "use collections.deque and popleft()"
    )
    variants = {
        "insert": (
            "`{call}` shifts every element of the list on each call: "
            "use collections.deque and appendleft(x)"
        ),
    }
    uses = (DjangoValues,)
    INVALID = (
        dedent("""\
            def walk(root):
                queue = [root]
                while queue:
                    node = queue.pop(0)
                    queue.extend(node.children)
        """),
        dedent("""\
            def newest_first(cur):
                timeline = []
                for row in cur.fetchall():
                    timeline.insert(0, row)
                print(len(timeline))
        """),
    )
    VALID = (
        dedent("""\
            from collections import deque
            def walk(root):
                queue = deque([root])
                while queue:
                    node = queue.popleft()
                    queue.extend(node.children)
        """),
        dedent("""\
            for line in lines:
                parts = line.split()
                head = parts.pop(0)
        """),
        dedent("""\
            def latest_first(events):
                out = []
                for e in events:
                    out.insert(0, e)
                return out
        """),
        dedent("""\
            options = {}
            for key in keys:
                options.pop(0)
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.data = StoredData(ctx)
        self._candidates: list[_Candidate] = []
        self._grown_in: set[tuple[int, str]] = set()  # (loop, name) the loop grows

    def visit_Call(self, node: cst.Call) -> None:
        self._check(node)
        func = method_call(node, LIST_GROWING_METHODS)
        if func is not None and isinstance(func.value, cst.Name):
            self._note_growth(func.value.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            self._note_growth(node.target.value)

    def _note_growth(self, name: str) -> None:
        for loop in self.ctx.loops():
            self._grown_in.add((id(loop), name))

    def _check(self, node: cst.Call) -> None:
        func = method_call(node, LIST_FRONT_METHODS)
        if func is None or not isinstance(func.value, cst.Name):
            return  # an attribute (`self.queue`, `sys.path`) is shared with other code
        receiver = func.value
        args = positional_args(node)
        popping = func.attr.value == "pop"
        if args is None or len(args) != (1 if popping else 2) or not is_int(args[0], 0):
            return
        loops = self.ctx.hot_loops()
        if not loops or awaits_each_pass(loops[0]):
            return  # not repeated, or each pass awaits I/O that dwarfs the shift
        receiver_type = self.ctx.type_of(receiver)
        if receiver_type not in (None, "builtins.list"):
            return  # a dict's pop(0) is a key lookup; a deque is already the fix
        scope = self.ctx.function_scope()
        binding = scope.names.get(receiver.value) if scope is not None else None
        if scope is None or binding is None or binding is not self.ctx.lookup(receiver.value):
            return  # not a local of this function: other code owns the list
        if isinstance(binding.node, (cst.Param, cst.For, cst.CompFor)):
            return  # the caller's list, or a different list on every pass
        loop = loops[0]
        if any(loop is bound_in for bound_in in binding.loops):
            return  # a fresh list each iteration: one shift, not a quadratic drain
        holds_rows = self.data.holds_rows(receiver) or (not popping and self._iterates_rows(loop))
        self._candidates.append(_Candidate(scope, receiver.value, node, loop, popping, holds_rows))

    def _iterates_rows(self, loop: cst.CSTNode) -> bool:
        if isinstance(loop, cst.For):
            return self.data.holds_rows(loop.iter)
        fors = comprehension_fors(loop)
        return bool(fors) and self.data.holds_rows(fors[0].iter)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        scope = self.ctx.scope
        keep = []
        for candidate in self._candidates:
            if candidate.scope is not scope:
                keep.append(candidate)
            elif self._worth_a_deque(candidate, node):
                call = f"{candidate.name}.{'pop(0)' if candidate.popping else 'insert(0, ...)'}"
                variant = "main" if candidate.popping else "insert"
                self.report(candidate.node, variant=variant, call=call)
        self._candidates = keep

    def _worth_a_deque(self, candidate: _Candidate, function: cst.FunctionDef) -> bool:
        work_queue = (id(candidate.loop), candidate.name) in self._grown_in
        if not (candidate.holds_rows or (candidate.popping and work_queue)):
            return False  # a drain of a list whose length the code does not show
        return all(self._deque_can_do(*use) for use in _uses(function, candidate.name))

    def _deque_can_do(self, name: cst.Name, parent: cst.CSTNode, grandparent: cst.CSTNode) -> bool:
        """Would this use of the list work on a deque, and keep the list to this function?"""
        if isinstance(parent, cst.Attribute) and parent.value is name:
            return parent.attr.value in DEQUE_METHODS
        if isinstance(parent, cst.Subscript):
            return all(_end_index(item.slice) for item in parent.slice)
        if isinstance(parent, cst.Arg) and isinstance(grandparent, cst.Call):
            return self._reads_an_iterable(grandparent)
        if isinstance(parent, (cst.For, cst.CompFor)):
            return parent.iter is name
        if isinstance(parent, cst.ComparisonTarget):
            return isinstance(parent.operator, (cst.In, cst.NotIn))
        return isinstance(parent, _KEEPING_IT_HERE)

    def _reads_an_iterable(self, call: cst.Call) -> bool:
        """``len(q)``, ``sorted(q)``, ``"".join(q)``: builtins that only read an iterable."""
        func = call.func
        if isinstance(func, cst.Attribute):
            return func.attr.value == "join"
        return self.ctx.callee(call) in ITERABLE_BUILTINS


def _end_index(index: cst.BaseSlice) -> bool:
    """``q[0]`` or ``q[-1]``: a deque reaches its ends in O(1), its middle in O(n), and has
    no slices."""
    return isinstance(index, cst.Index) and (is_int(index.value, 0) or is_int(index.value, -1))


def _uses(
    function: cst.FunctionDef, name: str
) -> Iterator[tuple[cst.Name, cst.CSTNode, cst.CSTNode]]:
    """Each read or write of `name` in the function, with its parent and grandparent; a
    use inside a nested definition comes with that definition as its parent (other code
    may keep the list then)."""
    pending: list[tuple[cst.CSTNode, cst.CSTNode, cst.CSTNode]] = [
        (child, function.body, function) for child in children(function.body)
    ]
    while pending:
        node, parent, grandparent = pending.pop()
        if isinstance(node, cst.Name) and node.value == name:
            yield node, parent, grandparent
        elif isinstance(node, DEFINITIONS):
            if name in identifiers(node):
                yield cst.Name(name), node, parent
        else:
            pending.extend((child, node, parent) for child in children(node))
