"""PFL507: loops that only build a list, set or dict, where a comprehension is faster."""

from __future__ import annotations

import libcst as cst

from perflint.rules._loop_support import (
    ReadAfterLoop,
    contains,
    names_in,
    only_statement,
    target_names,
)

# What an accumulator of each type is filled with inside the loop.
_FILLERS = {"append": "builtins.list", "add": "builtins.set"}
_EMPTY_CALLS = frozenset({"builtins.list", "builtins.set", "builtins.dict"})
# Expressions a comprehension cannot hold, or whose meaning a comprehension would change.
_INEXPRESSIBLE = (cst.Yield, cst.Await, cst.NamedExpr)
_MAX_SNIPPET = 90


class ManualComprehension(ReadAfterLoop):
    """A ``for`` loop whose whole body appends to a list, adds to a set or sets a dict key."""

    code = "PFL507"
    name = "manual-comprehension"
    impact = "low"
    summary = (
        "a `for` loop that only appends/adds/assigns into a fresh container: use a comprehension"
    )
    message = "`{name}` is filled by a loop that does nothing else: {fix}"
    INVALID = (
        "def prices(items):\n    out = []\n    for item in items:\n"
        "        out.append(item.price * 1.2)\n    return out\n",
        "def index(users):\n    by_id = {}\n    for user in users:\n        if user.active:\n"
        "            by_id[user.id] = user\n    return by_id\n",
        "def copy(rows, out: list):\n    for row in rows:\n        out.append(row)\n",
    )
    VALID = (
        "def prices(items):\n    return [item.price * 1.2 for item in items]\n",
        "fib = [0, 1]\nfor i in range(20):\n    fib.append(fib[-1] + fib[-2])\n",
        "seen = []\nfor x in items:\n    if x not in seen:\n        seen.append(x)\n",
        "out = []\nfor x in items:\n    out.append(x)\n    log(x)\n",
        "from collections import defaultdict\ngroups = defaultdict(list)\nfor x in items:\n"
        "    groups[x.kind].append(x)\n",
        "out = []\nfor x in items:\n    out.append(x)\nprint(x)\n",
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._found: dict[int, tuple[set[str], cst.CSTNode, str]] = {}

    def visit_For(self, node: cst.For) -> None:
        if node.asynchronous is not None or node.orelse is not None:
            return
        loop_names = target_names(node.target)
        if loop_names is None:
            return
        statement = only_statement(node.body)
        condition = None
        if isinstance(statement, cst.If):
            if statement.orelse is not None:
                return
            condition = statement.test
            statement = only_statement(statement.body)
        found = self._filling(statement)
        if found is None:
            return
        accumulator, kind, parts = found
        if contains(condition, _INEXPRESSIBLE) or any(contains(p, _INEXPRESSIBLE) for p in parts):
            return
        if accumulator.value in names_in(node.iter, condition, *parts):
            return  # each item depends on the container so far (e.g. dedup, fibonacci)
        if kind == "builtins.dict" and not loop_names & names_in(parts[0]):
            return  # a constant key keeps only the last value: not a mapping being built
        binding = self.ctx.resolver.scope.names.get(accumulator.value)
        if binding is None or binding.type != kind:
            return
        fresh = self._created_just_before(node, binding.node)
        message = self._message(node, accumulator.value, kind, parts, condition, fresh)
        if message is not None:
            self._found[id(node)] = (loop_names, statement, message)

    def leave_For(self, node: cst.For) -> None:
        found = self._found.pop(id(node), None)
        if found is not None:
            loop_names, statement, message = found
            self.defer(loop_names, statement, message)

    def _filling(
        self, statement: cst.CSTNode | None
    ) -> tuple[cst.Name, str, tuple[cst.BaseExpression, ...]] | None:
        """(accumulator, its type, the filled-in expressions) of ``acc.append(e)``,
        ``acc.add(e)`` or ``acc[k] = v``."""
        if isinstance(statement, cst.Expr):
            call = statement.value
            if not (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and isinstance(call.func.value, cst.Name)
                and call.func.attr.value in _FILLERS
                and len(call.args) == 1
                and call.args[0].keyword is None
                and not call.args[0].star
            ):
                return None
            return call.func.value, _FILLERS[call.func.attr.value], (call.args[0].value,)
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            target = statement.targets[0].target
            if (
                isinstance(target, cst.Subscript)
                and isinstance(target.value, cst.Name)
                and len(target.slice) == 1
                and isinstance(target.slice[0].slice, cst.Index)
            ):
                key = target.slice[0].slice.value
                return target.value, "builtins.dict", (key, statement.value)
        return None

    def _created_just_before(self, loop: cst.For, bound_by: cst.CSTNode | None) -> bool:
        """Was the accumulator bound to an empty container by the statement before the loop?"""
        value = getattr(bound_by, "value", None)
        empty = (isinstance(value, (cst.List, cst.Dict)) and not value.elements) or (
            isinstance(value, cst.Call)
            and not value.args
            and self.ctx.callee(value) in _EMPTY_CALLS
        )
        if not empty:
            return False
        block = self.ctx.parent()
        body = getattr(block, "body", None)
        if not isinstance(body, (list, tuple)):
            return False
        index = next((i for i, statement in enumerate(body) if statement is loop), 0)
        previous = body[index - 1] if index > 0 else None
        return isinstance(previous, cst.SimpleStatementLine) and any(
            small is bound_by for small in previous.body
        )

    def _message(
        self,
        loop: cst.For,
        name: str,
        kind: str,
        parts: tuple[cst.BaseExpression, ...],
        condition: cst.BaseExpression | None,
        fresh: bool,
    ) -> str | None:
        code = self.ctx.code_for
        iterable = code(loop.iter)
        plain_copy = (
            condition is None
            and kind == "builtins.list"
            and isinstance(loop.target, cst.Name)
            and isinstance(parts[0], cst.Name)
            and parts[0].value == loop.target.value
        )
        if plain_copy:
            fix = f"`{name} = list({iterable})`" if fresh else f"`{name}.extend({iterable})`"
            return self.message.format(name=name, fix=f"copy it in one call, {fix}")
        if not fresh:
            # extend()/update() with a comprehension measured no faster than the loop.
            return None
        clause = f"for {code(loop.target)} in {iterable}"
        if condition is not None:
            clause += f" if {code(condition)}"
        if kind == "builtins.dict":
            snippet = f"{{{code(parts[0])}: {code(parts[1])} {clause}}}"
            short = "{k: v for ...}"
            label = "dict"
        elif kind == "builtins.set":
            snippet = f"{{{code(parts[0])} {clause}}}"
            short = "{... for ...}"
            label = "set"
        else:
            snippet = f"[{code(parts[0])} {clause}]"
            short = "[... for ...]"
            label = "list"
        if len(snippet) > _MAX_SNIPPET or "\n" in snippet:
            snippet = short
        return self.message.format(
            name=name, fix=f"build it with a {label} comprehension, `{name} = {snippet}`"
        )
