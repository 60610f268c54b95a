"""PFL5xx: Python hot loops and data structures."""

from __future__ import annotations

import libcst as cst

from perflint.resolve import STRING_TYPES
from perflint.rule import Rule


def _leftmost_operand(expr: cst.BaseExpression) -> cst.BaseExpression:
    while isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
        expr = expr.left
    return expr


def _same_name(a: cst.BaseExpression, b: cst.BaseExpression) -> bool:
    if isinstance(a, cst.Name) and isinstance(b, cst.Name):
        return a.value == b.value
    if isinstance(a, cst.Attribute) and isinstance(b, cst.Attribute):
        return a.attr.value == b.attr.value and _same_name(a.value, b.value)
    return False


def _self_concatenation(node: cst.Assign) -> cst.BaseExpression | None:
    """The target of ``s = s + ...`` or ``s = ... + s``, else None."""
    if len(node.targets) != 1:
        return None
    target, value = node.targets[0].target, node.value
    if not (isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add)):
        return None
    if _same_name(_leftmost_operand(value), target) or _same_name(value.right, target):
        return target
    return None


def _accumulator_name(target: cst.BaseExpression) -> str:
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return f"{_accumulator_name(target.value)}.{target.attr.value}"
    return ""


class StringConcatInLoop(Rule):
    """Grows a ``str``/``bytes`` accumulator inside a loop; each step copies it whole."""

    code = "PFL501"
    name = "string-concat-in-loop"
    impact = "medium"
    summary = "`s += <str>` or `s = s + ...` on a str/bytes accumulator inside a loop (quadratic)"
    message = (
        "`{name}` is a {kind} grown inside a loop, copying it on every step (quadratic): "
        "append the parts to a list and {join} once after the loop"
    )
    INVALID = (
        'html = ""\nfor row in rows:\n    html += f"<td>{row}</td>"\n',
        'def render(items: list) -> str:\n    out = ""\n    for item in items:\n'
        "        out = out + str(item)\n    return out\n",
        'data = b""\nwhile chunk := sock.recv(4096):\n    data += chunk\n',
    )
    VALID = (
        'html = "".join(f"<td>{row}</td>" for row in rows)\n',
        "total = 0\nfor n in numbers:\n    total += n\n",
        'for row in rows:\n    line = ""\n    line += str(row)\n    print(line)\n',
        'buf = ""\nfor part in parts:\n    buf += part\n    if len(buf) > 4096:\n'
        '        flush(buf)\n        buf = ""\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        # Decided when the loop ends: a buffer reset inside the loop stays bounded.
        self._candidates: dict[int, list[tuple[str, cst.CSTNode, str]]] = {}
        self._reset_in_loop: dict[int, set[str]] = {}

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.operator, cst.AddAssign):
            self._check(node, node.target)

    def visit_Assign(self, node: cst.Assign) -> None:
        target = _self_concatenation(node)
        if target is not None:
            self._check(node, target)
            return
        names = {_accumulator_name(t.target) for t in node.targets}
        for loop in self.ctx.loops():
            self._reset_in_loop.setdefault(id(loop), set()).update(names)

    def _check(self, node: cst.CSTNode, target: cst.BaseExpression) -> None:
        loop = self.ctx.loop()
        if loop is None:
            return
        binding = self.ctx.resolver.binding_of(target)
        if binding is None or binding.type not in STRING_TYPES:
            return
        if any(loop is bound_in for bound_in in binding.loops):
            return  # (re)initialised in this loop's body: it never grows past one iteration
        name = _accumulator_name(target)
        kind, join = (
            ("str", '"".join(parts)')
            if binding.type == "builtins.str"
            else ("bytes", 'b"".join(parts)')
        )
        message = self.message.format(name=name, kind=kind, join=join)
        self._candidates.setdefault(id(loop), []).append((name, node, message))

    def _leave_loop(self, loop: cst.CSTNode) -> None:
        reset = self._reset_in_loop.pop(id(loop), set())
        for name, node, message in self._candidates.pop(id(loop), []):
            if name not in reset:
                self.report(node, message)

    def leave_For(self, node: cst.For) -> None:
        self._leave_loop(node)

    def leave_While(self, node: cst.While) -> None:
        self._leave_loop(node)
