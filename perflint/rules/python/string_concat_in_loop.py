"""PFL501 string-concat-in-loop: a str/bytes accumulator grown with ``+=`` or ``s = s + ...``
inside a loop."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

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


class StringConcatInLoop(GrowthInLoop):
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
        dedent("""\
            html = ""
            for row in rows:
                html += f"<td>{row}</td>"
        """),
        dedent("""\
            def render(items: list) -> str:
                out = ""
                for item in items:
                    out = out + str(item)
                return out
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
            buf = ""
            for part in parts:
                buf += part
                if len(buf) > 4096:
                    flush(buf)
                    buf = ""
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

    def _check(self, node: cst.CSTNode, target: cst.BaseExpression) -> None:
        found = self.grown_in_loop(target, STRING_TYPES)
        if found is None:
            return
        loop, name, held = found
        kind, join = (
            ("str", '"".join(parts)') if held == "builtins.str" else ("bytes", 'b"".join(parts)')
        )
        self.defer(loop, name, node, "main", {"name": name, "kind": kind, "join": join})
