"""A loop that only fills a container -> a comprehension, or one call:

    out = []                          out = [x.price for x in xs if x.ok]
    for x in xs:               ->
        if x.ok:
            out.append(x.price)

``d[k] = v`` gives ``{k: v for ...}``, ``s.add(e)`` gives ``{e for ...}``; a loop that
appends its own items gives ``out = list(xs)`` (after ``out = []``) or ``out.extend(xs)``.
The loop's comments move above the new statement.

Unsafe: when the loop raises part way, the loop had filled the container partly and the
comprehension assigns nothing (this matters only if code that catches the error reads the
container); a dict comprehension computes each key before its value, the loop the value
first (this matters only if both have effects). Not offered in a class body, where a
comprehension cannot see the class's other names.
"""

from __future__ import annotations

import libcst as cst

from perflint.fixes.base import UNSAFE, Edit, Fix, FixSite, Replacement
from perflint.fixes.syntax import as_argument, as_clause, as_item, moved_comments, unshadowed
from perflint.knowledge.pytypes import EMPTY_CONTAINER_CALLS


def _filled(statement: cst.CSTNode) -> tuple[str, tuple[cst.BaseExpression, ...]] | None:
    """(method or ``"setitem"``, the filled-in expressions) of the loop's one statement."""
    if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call):
        call = statement.value
        if isinstance(call.func, cst.Attribute):
            return call.func.attr.value, (call.args[0].value,)
    if isinstance(statement, cst.Assign) and isinstance(statement.targets[0].target, cst.Subscript):
        index = statement.targets[0].target.slice[0].slice
        if isinstance(index, cst.Index):
            return "setitem", (index.value, statement.value)
    return None


def _loop_and_condition(site: FixSite) -> tuple[cst.For, cst.BaseExpression | None, cst.CSTNode]:
    """The loop around the statement, its ``if`` (or None) and the block holding the loop."""
    ancestors = list(site.ctx.ancestors())
    index = next(i for i, node in enumerate(ancestors) if isinstance(node, cst.For))
    loop = ancestors[index]
    condition = next((n.test for n in ancestors[:index] if isinstance(n, cst.If)), None)
    return loop, condition, ancestors[index + 1]


class ManualComprehensionFix(Fix):
    safety = {"main": UNSAFE, "copy": UNSAFE}

    def rewrite(self, site: FixSite) -> Edit | None:
        filled = _filled(site.node)
        if filled is None or site.ctx.scope.kind == "class":
            return None
        method, parts = filled
        loop, condition, block = _loop_and_condition(site)
        name = str(site.params["name"])
        init = self._fresh_init(site, block, loop, name)
        kept = (loop.target, loop.iter, condition, *parts)
        if site.variant == "copy":
            if init is None:
                return self._extend(loop, name, kept)
            if not unshadowed(site, "list"):
                return None
            value: cst.BaseExpression = cst.Call(
                cst.Name("list"), [cst.Arg(as_argument(loop.iter, sole=True))]
            )
        elif init is None:
            return None
        else:
            value = self._comprehension(loop, condition, method, parts)
        line, small = init
        moved = [*moved_comments(small.value, ()), *moved_comments(loop, kept)]
        new_line = line.with_changes(
            body=[small.with_changes(value=value)], leading_lines=[*line.leading_lines, *moved]
        )
        replacements: tuple[tuple[cst.CSTNode, Replacement], ...] = (
            (line, new_line),
            (loop, cst.RemoveFromParent()),
        )
        return Edit(replacements, "Build it with a comprehension")

    def _fresh_init(
        self, site: FixSite, block: cst.CSTNode, loop: cst.For, name: str
    ) -> tuple[cst.SimpleStatementLine, cst.Assign | cst.AnnAssign] | None:
        """The line just before the loop when it only binds `name` to an empty container."""
        body = list(getattr(block, "body", ()))
        index = next((i for i, statement in enumerate(body) if statement is loop), 0)
        line = body[index - 1] if index > 0 else None
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            return None
        small = line.body[0]
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target = small.targets[0].target
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            target = small.target
        else:
            return None
        value = small.value
        empty = (isinstance(value, (cst.List, cst.Dict)) and not value.elements) or (
            isinstance(value, cst.Call)
            and not value.args
            and site.ctx.callee(value) in EMPTY_CONTAINER_CALLS
        )
        if not empty or not (isinstance(target, cst.Name) and target.value == name):
            return None
        return line, small

    def _comprehension(
        self,
        loop: cst.For,
        condition: cst.BaseExpression | None,
        method: str,
        parts: tuple[cst.BaseExpression, ...],
    ) -> cst.BaseExpression:
        ifs = [cst.CompIf(as_clause(condition))] if condition is not None else []
        clause = cst.CompFor(loop.target, as_clause(loop.iter), ifs=ifs)
        elements = [as_item(part) for part in parts]
        if method == "setitem":
            return cst.DictComp(elements[0], elements[1], clause)
        if method == "add":
            return cst.SetComp(elements[0], clause)
        return cst.ListComp(elements[0], clause)

    def _extend(self, loop: cst.For, name: str, kept: tuple[cst.CSTNode | None, ...]) -> Edit:
        """``out.extend(xs)`` in place of the loop, for a container filled before."""
        extend = cst.Attribute(cst.Name(name), cst.Name("extend"))
        call = cst.Call(extend, [cst.Arg(as_argument(loop.iter, sole=True))])
        moved = moved_comments(loop.with_changes(leading_lines=()), kept)
        line = cst.SimpleStatementLine(
            [cst.Expr(call)], leading_lines=[*loop.leading_lines, *moved]
        )
        return Edit(((loop, line),), f"Use `{name}.extend(...)`")
