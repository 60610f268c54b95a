"""PFL503 list-front-op: ``L.pop(0)`` or ``L.insert(0, x)`` inside a loop."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.iterations import SMALL_TABLE
from perflint.knowledge.pytypes import LIST_FRONT_METHODS, LIST_GROWING_METHODS
from perflint.nodes import dotted_name, is_int, method_call, positional_args
from perflint.resolve import Binding, Scope
from perflint.rule import Rule


def _short_literal_list(binding: Binding) -> bool:
    """Bound to a list literal of one to `SMALL_TABLE` items."""
    node = binding.node
    value = node.value if isinstance(node, (cst.Assign, cst.AnnAssign)) else None
    return (
        isinstance(value, cst.List)
        and 0 < len(value.elements) <= SMALL_TABLE
        and not any(isinstance(e, cst.StarredElement) for e in value.elements)
    )


class ListFrontOp(Rule):
    """Removes or inserts at the front of a list inside a loop: each call shifts it all."""

    code = "PFL503"
    name = "list-front-op"
    impact = "medium"
    summary = "`L.pop(0)` / `L.insert(0, x)` inside a loop: use collections.deque"
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
    INVALID = (
        dedent("""\
            queue = list(jobs)
            while queue:
                job = queue.pop(0)
                run(job)
        """),
        dedent("""\
            def latest_first(events):
                out = []
                for e in events:
                    out.insert(0, e)
                return out
        """),
    )
    VALID = (
        dedent("""\
            from collections import deque
            queue = deque(jobs)
            while queue:
                run(queue.popleft())
        """),
        dedent("""\
            for line in lines:
                parts = line.split()
                head = parts.pop(0)
        """),
        dedent("""\
            while stack:
                node = stack.pop()
        """),
        dedent("""\
            options = {}
            for key in keys:
                options.pop(0)
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # pops of short local list literals, reported only if the function grows the list
        self._short_drains: list[tuple[Scope, str, cst.CSTNode, dict[str, str]]] = []
        self._grown: set[tuple[int, str]] = set()  # (scope, name) grown somewhere

    def _check(self, node: cst.Call) -> None:
        func = method_call(node, LIST_FRONT_METHODS)
        if func is None or not isinstance(func.value, (cst.Name, cst.Attribute)):
            return
        receiver = func.value
        args = positional_args(node)
        popping = func.attr.value == "pop"
        if args is None or len(args) != (1 if popping else 2) or not is_int(args[0], 0):
            return
        loop = self.ctx.hot_loop()
        if loop is None:
            return
        receiver_type = self.ctx.type_of(receiver)
        if receiver_type is None and isinstance(receiver, cst.Attribute):
            if self.ctx.binding_of(receiver) is None:
                return  # `sys.path`, `state.args`: not ours to turn into a deque
        elif receiver_type is not None and receiver_type != "builtins.list":
            return  # a dict's pop(0) is a key lookup; a deque is already the fix
        binding = self.ctx.binding_of(func.value)
        if binding is not None and any(loop is bound_in for bound_in in binding.loops):
            return  # a fresh list each iteration: one shift, not a quadratic drain
        arguments = "0" if len(args) == 1 else "0, ..."
        name = dotted_name(func.value)
        call = f"{name}.{func.attr.value}({arguments})"
        params = {"call": call}
        scope = self.ctx.variable_scope()
        if popping and self._short_local_literal(receiver, binding, scope):
            # decided when the function ends: a short literal drained in a few shifts is
            # fine, unless the function also grows it (a breadth-first queue)
            self._short_drains.append((scope, name, node, params))
            return
        self.report(node, variant="main" if popping else "insert", **params)

    def _short_local_literal(
        self, receiver: cst.BaseExpression, binding: Binding | None, scope: Scope
    ) -> bool:
        return (
            isinstance(receiver, cst.Name)
            and binding is not None
            and scope.names.get(receiver.value) is binding
            and _short_literal_list(binding)
        )

    def visit_Call(self, node: cst.Call) -> None:
        self._check(node)
        func = method_call(node, LIST_GROWING_METHODS)
        if func is not None and isinstance(func.value, cst.Name):
            self._grown.add((id(self.ctx.variable_scope()), func.value.value))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            self._grown.add((id(self.ctx.variable_scope()), node.target.value))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._flush(self.ctx.scope)

    def finish(self) -> None:
        self._flush(None)

    def _flush(self, scope: Scope | None) -> None:
        keep = []
        for entry in self._short_drains:
            drained_in, name, node, params = entry
            if scope is not None and drained_in is not scope:
                keep.append(entry)
            elif (id(drained_in), name) in self._grown:
                self.report(node, **params)
        self._short_drains = keep
