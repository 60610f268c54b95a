"""PFL507 manual-comprehension: a ``for`` loop whose whole body appends to a list, adds to a
set or assigns into a dict, where a comprehension is faster."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.fixes.transforms.manual_comprehension import ManualComprehensionFix
from perflint.knowledge.pytypes import EMPTY_CONTAINER_CALLS, FILLING_METHODS
from perflint.nodes import contains, identifiers, only_statement, own_nodes, target_names
from perflint.rules.python._loops import runs_many_times
from perflint.rules.python._read_after_loop import ReadAfterLoop

# Expressions a comprehension cannot hold, or whose meaning a comprehension would change.
_INEXPRESSIBLE = (cst.Yield, cst.Await, cst.NamedExpr)
_MAX_SNIPPET = 90
# The comprehension of each container type: (opening, closing, placeholder, label)
_COMPREHENSION_SHAPES = {
    "builtins.dict": ("{", "}", "{k: v for ...}", "dict"),
    "builtins.set": ("{", "}", "{... for ...}", "set"),
    "builtins.list": ("[", "]", "[... for ...]", "list"),
}


def _filling(
    statement: cst.CSTNode | None,
) -> tuple[cst.Name, str, tuple[cst.BaseExpression, ...]] | None:
    """(accumulator, its type, the filled-in expressions) of ``acc.append(e)``,
    ``acc.add(e)`` or ``acc[k] = v``."""
    if isinstance(statement, cst.Expr):
        call = statement.value
        if not (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and isinstance(call.func.value, cst.Name)
            and call.func.attr.value in FILLING_METHODS
            and len(call.args) == 1
            and call.args[0].keyword is None
            and not call.args[0].star
        ):
            return None
        return call.func.value, FILLING_METHODS[call.func.attr.value], (call.args[0].value,)
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


class ManualComprehension(ReadAfterLoop):
    """A ``for`` loop whose whole body appends to a list, adds to a set or sets a dict key."""

    code = "PFL507"
    name = "manual-comprehension"
    impact = "low"
    preview = (
        "0 of 27 judged findings on real code were worth acting on (round after; 0 of 22 "
        "before): a faster loop only on long inputs"
    )
    fix = ManualComprehensionFix()
    summary = (
        "a `for` loop that only appends/adds/assigns into a fresh container: use a comprehension"
    )
    message = (
        "`{name}` is filled by a loop that does nothing else: a {label} comprehension says "
        "it in one expression, `{name} = {snippet}` (a small gain: about the same speed on "
        "CPython 3.11, ~20% faster on 3.12+)"
    )
    variants = {
        "copy": (
            "`{name}` is filled by a loop that only copies: copy it in one call, `{copy}` "
            "(about 6x faster)"
        ),
    }
    INVALID = (
        dedent("""\
            def prices(items):
                out = []
                for item in items:
                    out.append(item.price * 1.2)
                return out
        """),
        dedent("""\
            def index(users):
                by_id = {}
                for user in users:
                    if user.active:
                        by_id[user.id] = user
                return by_id
        """),
        dedent("""\
            def copy(rows, out: list):
                for row in rows:
                    out.append(row)
        """),
    )
    VALID = (
        dedent("""\
            def prices(items):
                return [item.price * 1.2 for item in items]
        """),
        dedent("""\
            fib = [0, 1]
            for i in range(20):
                fib.append(fib[-1] + fib[-2])
        """),
        dedent("""\
            seen = []
            for x in items:
                if x not in seen:
                    seen.append(x)
        """),
        dedent("""\
            out = []
            for x in items:
                out.append(x)
                log(x)
        """),
        dedent("""\
            from collections import defaultdict
            groups = defaultdict(list)
            for x in items:
                groups[x.kind].append(x)
        """),
        dedent("""\
            out = []
            for x in items:
                out.append(x)
            print(x)
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # loop -> (names it binds, statement to report, variant, message parameters)
        self._found: dict[int, tuple[set[str], cst.CSTNode, str, dict[str, object]]] = {}

    def visit_For(self, node: cst.For) -> None:
        if node.asynchronous is not None or node.orelse is not None:
            return
        if not runs_many_times(self.ctx, node):
            return  # a few passes over a literal table: nothing to gain
        loop_names = target_names(node.target)
        if loop_names is None or self._declared_outer(loop_names):
            return  # a comprehension would no longer set the global (or nonlocal) name
        statement = only_statement(node.body)
        condition = None
        if isinstance(statement, cst.If):
            if statement.orelse is not None:
                return
            condition = statement.test
            statement = only_statement(statement.body)
        found = _filling(statement)
        if found is None:
            return
        accumulator, kind, parts = found
        if contains(condition, _INEXPRESSIBLE) or any(contains(p, _INEXPRESSIBLE) for p in parts):
            return
        if accumulator.value in identifiers(node.iter, condition, *parts):
            return  # each item depends on the container so far (e.g. dedup, fibonacci)
        if kind == "builtins.dict" and not loop_names & identifiers(parts[0]):
            return  # a constant key keeps only the last value: not a mapping being built
        binding = self.ctx.scope.names.get(accumulator.value)
        if binding is None or binding.type != kind:
            return
        fresh = self._created_just_before(node, binding.node)
        advice = self._advice(node, accumulator.value, kind, parts, condition, fresh)
        if advice is not None:
            self._found[id(node)] = (loop_names, statement, *advice)

    def leave_For(self, node: cst.For) -> None:
        found = self._found.pop(id(node), None)
        if found is not None:
            loop_names, statement, variant, params = found
            self.defer(loop_names, statement, variant, params)

    def _declared_outer(self, names: set[str]) -> bool:
        """Does the enclosing function declare one of `names` ``global`` or ``nonlocal``?"""
        function = self.ctx.function()
        if function is None:
            return False
        return any(
            isinstance(node, (cst.Global, cst.Nonlocal))
            and any(item.name.value in names for item in node.names)
            for node in own_nodes(function)
        )

    def _created_just_before(self, loop: cst.For, bound_by: cst.CSTNode | None) -> bool:
        """Was the accumulator bound to an empty container by the statement before the loop?"""
        value = getattr(bound_by, "value", None)
        empty = (isinstance(value, (cst.List, cst.Dict)) and not value.elements) or (
            isinstance(value, cst.Call)
            and not value.args
            and self.ctx.callee(value) in EMPTY_CONTAINER_CALLS
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

    def _advice(
        self,
        loop: cst.For,
        name: str,
        kind: str,
        parts: tuple[cst.BaseExpression, ...],
        condition: cst.BaseExpression | None,
        fresh: bool,
    ) -> tuple[str, dict[str, object]] | None:
        """(message variant, parameters), or None when no rewrite is faster."""
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
            copy = f"{name} = list({iterable})" if fresh else f"{name}.extend({iterable})"
            return "copy", {"name": name, "copy": copy}
        if not fresh:
            # extend()/update() with a comprehension measured no faster than the loop.
            return None
        if any(contains(part, (cst.Call,)) for part in (*parts, condition)):
            return None  # a call per item dwarfs the append a comprehension saves
        clause = f"for {code(loop.target)} in {iterable}"
        if condition is not None:
            clause += f" if {code(condition)}"
        opening, closing, placeholder, label = _COMPREHENSION_SHAPES[kind]
        element = (
            code(parts[0]) if kind != "builtins.dict" else f"{code(parts[0])}: {code(parts[1])}"
        )
        snippet = f"{opening}{element} {clause}{closing}"
        if len(snippet) > _MAX_SNIPPET or "\n" in snippet:
            snippet = placeholder
        return "main", {"name": name, "label": label, "snippet": snippet}
