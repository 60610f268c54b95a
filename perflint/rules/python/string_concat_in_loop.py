"""PFL501 string-concat-in-loop: a ``bytes`` accumulator, or a ``str`` one CPython cannot
extend in place, grown with ``+=`` or ``s = s + ...`` inside a loop."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.nodes import dotted_name, identifiers, own_nodes, walk
from perflint.resolve import STRING_TYPES
from perflint.rules.python._growth import GrowthInLoop, leftmost_operand, same_name


def self_concatenation(node: cst.Assign) -> cst.BaseExpression | None:
    """The target of ``s = s + ...`` or ``s = ... + s``, else None."""
    if len(node.targets) != 1:
        return None
    target, value = node.targets[0].target, node.value
    if not (isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add)):
        return None
    if same_name(leftmost_operand(value), target) or same_name(value.right, target):
        return target
    return None


def _growth_operands(node: cst.CSTNode) -> list[cst.BaseExpression]:
    """The occurrences of the accumulator that a ``+=`` or ``s = s + x`` is made of."""
    if isinstance(node, cst.AugAssign) and isinstance(node.operator, cst.AddAssign):
        return [node.target]
    if isinstance(node, cst.Assign) and (target := self_concatenation(node)) is not None:
        value = node.value
        operand = value.right if same_name(value.right, target) else leftmost_operand(value)
        return [target, operand]
    return []


def read_in_loop(loop: cst.CSTNode, name: str) -> bool:
    """Does the loop use the accumulator other than to grow it (a search, a slice, a
    ``len``)? Then its growing content is needed on every pass."""
    if isinstance(loop, cst.For):
        parts: list[cst.CSTNode] = [loop.body]
    elif isinstance(loop, cst.While):
        parts = [loop.test, loop.body]
    else:
        return True
    nodes = [node for part in parts for node in walk(part, into_definitions=False)]
    growing = {id(operand) for node in nodes for operand in _growth_operands(node)}
    return any(
        isinstance(node, (cst.Name, cst.Attribute))
        and id(node) not in growing
        and dotted_name(node) == name
        for node in nodes
    )


class StringConcatInLoop(GrowthInLoop):
    """Grows a ``bytes`` accumulator, or a ``str`` one that CPython cannot extend in place
    (an attribute, a module-level or global name, a variable a nested function uses),
    inside a loop: each step copies it whole.

    CPython extends a ``str`` held only by a plain local variable in place, so a local
    ``s += part`` (or ``s = s + part``) is linear and not reported; ``s = s + a + b`` and
    ``s = part + s`` copy it whatever it is.
    """

    code = "PFL501"
    name = "string-concat-in-loop"
    impact = "medium"
    summary = (
        "a bytes accumulator, or a str one CPython cannot extend in place (attribute, "
        "global, closure), grown inside a loop (quadratic)"
    )
    message = (
        "`{name}` ({place}) is a str grown inside a loop: each step copies it whole "
        "(quadratic; CPython extends in place only a plain local variable): append the "
        'parts to a list and `"".join(parts)` once after the loop'
    )
    variants = {
        "read": (
            "`{name}` ({place}) is a str grown inside a loop and read on each pass: each "
            "step copies it whole (quadratic; CPython extends in place only a plain local "
            "variable): grow a local variable of a function while the loop runs and store "
            "it in `{name}` after it"
        ),
        "rebuilt": (
            "`{name} = {name} + ...` adds to a copy of `{name}` before storing it, so each "
            "step copies the whole str (quadratic): write `{name} += ...`, which CPython "
            'extends in place, or join a list of the parts (`"".join(parts)`) after the loop'
        ),
        "prepend": (
            "`{name} = ... + {name}` puts each part in front, copying the whole str on every "
            "step (quadratic): append the parts to a list and join them once after the loop, "
            '`"".join(reversed(parts))`'
        ),
        "bytes": (
            "`{name}` is a bytes object grown inside a loop: each step copies it whole "
            "(quadratic: bytes are never extended in place): append the parts to a list and "
            '`b"".join(parts)` once after the loop'
        ),
        "bytes_buffer": (
            "`{name}` is a bytes buffer grown inside a loop and read on each pass: each step "
            "copies it whole (quadratic: bytes are never extended in place): make it a "
            "`bytearray`, which grows in place and supports the same searches and slices"
        ),
    }
    INVALID = (
        dedent("""\
            html = ""
            for row in rows:
                html += f"<td>{row}</td>"
        """),
        dedent("""\
            class Page:
                def __init__(self):
                    self.body = ""
                def render(self, items: list) -> None:
                    for item in items:
                        self.body += str(item)
        """),
        dedent("""\
            data = b""
            while chunk := sock.recv(4096):
                data += chunk
        """),
    )
    VALID = (
        dedent("""\
            html = "".join(f"<td>{row}</td>" for row in rows)
        """),
        dedent("""\
            def render(items: list) -> str:
                out = ""
                for item in items:
                    out += str(item)
                return out
        """),
        dedent("""\
            total = 0
            for n in numbers:
                total += n
        """),
        dedent("""\
            for row in rows:
                line = ""
                line += str(row)
                print(line)
        """),
        dedent("""\
            buf = b""
            for part in parts:
                buf += part
                if len(buf) > 4096:
                    flush(buf)
                    buf = b""
        """),
    )

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.operator, cst.AddAssign):
            self._check(node, node.target)

    def visit_Assign(self, node: cst.Assign) -> None:
        target = self_concatenation(node)
        if target is None:
            self.note_reset(node)
        else:
            self._check(node, target)

    def _check(self, node: cst.AugAssign | cst.Assign, target: cst.BaseExpression) -> None:
        found = self.grown_in_loop(target, STRING_TYPES)
        if found is None:
            return
        loop, name, held = found
        if held == "builtins.bytes":
            self.defer(loop, name, node, "bytes", {"name": name})
            return
        shape = _rebuilding_shape(node, target)
        if shape is not None:
            self.defer(loop, name, node, shape, {"name": name})
            return
        place = self._place(target)
        if place is not None:
            self.defer(loop, name, node, "main", {"name": name, "place": place})

    def _place(self, target: cst.BaseExpression) -> str | None:
        """Where a str lives when CPython cannot extend it in place; None for a plain
        local variable of the function (its ``+=`` is linear)."""
        if isinstance(target, cst.Attribute):
            return "an attribute"
        if not isinstance(target, cst.Name):
            return "not a plain variable"
        kind = self.ctx.scope.kind
        if kind != "function":
            return "a module-level variable" if kind == "module" else "a class-level variable"
        function = self.ctx.function()
        if function is None:
            return None
        name = target.value
        for node in own_nodes(function):
            if isinstance(node, (cst.Global, cst.Nonlocal)) and any(
                item.name.value == name for item in node.names
            ):
                return "a global" if isinstance(node, cst.Global) else "a nonlocal variable"
            if isinstance(node, (cst.FunctionDef, cst.Lambda)) and _uses(node, name):
                return "a variable a nested function uses"
        return None

    def report_growth(
        self,
        loop: cst.CSTNode,
        node: cst.CSTNode,
        variant: str,
        params: dict[str, object],
        related: tuple[tuple[cst.CSTNode, str], ...],
    ) -> None:
        if variant in ("main", "bytes") and read_in_loop(loop, str(params["name"])):
            variant = "read" if variant == "main" else "bytes_buffer"
        self.report(node, variant=variant, related=related, **params)


def _rebuilding_shape(node: cst.AugAssign | cst.Assign, target: cst.BaseExpression) -> str | None:
    """``"prepend"`` for ``s = x + s``, ``"rebuilt"`` for ``s = s + a + b``: forms that copy
    the str wherever it lives; None for ``s += x`` and ``s = s + x``."""
    if not isinstance(node, cst.Assign):
        return None
    value = node.value
    if not isinstance(value, cst.BinaryOperation):
        return None
    if not same_name(leftmost_operand(value), target):
        return "prepend"
    return None if same_name(value.left, target) else "rebuilt"


def _uses(definition: cst.FunctionDef | cst.Lambda, name: str) -> bool:
    """Does a nested function or lambda read `name` from the enclosing one (making it a
    cell, which CPython does not extend in place)?"""
    params = definition.params
    own = {
        param.name.value
        for param in (*params.posonly_params, *params.params, *params.kwonly_params)
    }
    return name not in own and name in identifiers(definition.body)
