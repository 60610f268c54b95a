"""PFL503 list-front-op: ``L.pop(0)`` or ``L.insert(0, x)`` inside a loop."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.knowledge.pytypes import LIST_FRONT_METHODS
from perflint.nodes import dotted_name, is_int, method_call, positional_args
from perflint.rule import Rule


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

    def visit_Call(self, node: cst.Call) -> None:
        func = method_call(node, LIST_FRONT_METHODS)
        if func is None or not isinstance(func.value, (cst.Name, cst.Attribute)):
            return
        receiver = func.value
        args = positional_args(node)
        popping = func.attr.value == "pop"
        if args is None or len(args) != (1 if popping else 2) or not is_int(args[0], 0):
            return
        loop = self.ctx.loop()
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
        call = f"{dotted_name(func.value)}.{func.attr.value}({arguments})"
        self.report(node, variant="main" if popping else "insert", call=call)
