"""PFL502 list-membership-in-loop: ``x in L``, ``L.index(x)`` or ``L.count(x)`` inside a
hot loop, where ``L`` is a list of stored data (query rows, file lines) built outside it."""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.pytypes import (
    LIST_CHANGING_METHODS,
    LIST_GROWING_METHODS,
    LIST_SCANNING_METHODS,
)
from perflint.nodes import STRING_LITERALS, comprehension_fors, dotted_name
from perflint.resolve import Binding
from perflint.rule import Rule
from perflint.rules.db._django import DjangoValues
from perflint.rules.python._data import StoredData
from perflint.rules.python._hashable import Hashability
from perflint.rules.python._loops import awaits_each_pass

# A short constant list scanned per iteration costs a few comparisons, not a quadratic.
_SMALL_LITERAL = 8
# A constant tested against the list gives the same answer on every pass: hoist the test.
_CONSTANTS = (*STRING_LITERALS, cst.Integer, cst.Float)


def _short(node_code: str, limit: int = 30) -> str:
    return node_code if len(node_code) <= limit else "..."


def _is_small_literal(binding: Binding) -> bool:
    node = binding.node
    value = node.value if isinstance(node, (cst.Assign, cst.AnnAssign)) else None
    return (
        isinstance(value, cst.List)
        and 0 < len(value.elements) <= _SMALL_LITERAL
        and not any(isinstance(e, cst.StarredElement) for e in value.elements)
    )


def _is_closure_variable(ctx: FileContext, name: str) -> bool:
    """Is `name` bound in an enclosing function rather than this one (or the module)?"""
    current = ctx.function_scope()
    scope = ctx.scope
    while scope is not None:
        if name in scope.names:
            return scope.kind in ("function", "lambda") and scope is not current
        scope = scope.parent
    return False


def _outermost_new_loop(loops: list[cst.CSTNode], binding: Binding) -> cst.CSTNode | None:
    """The outermost running loop that started after `binding` was made, or None."""
    new = [loop for loop in loops if not any(loop is bound_in for bound_in in binding.loops)]
    return new[-1] if new else None


class ListMembershipInLoop(Rule):
    """Scans a list of stored data built outside the loop once per iteration: O(n*m).

    Only where the code shows the list grows with stored data: it is built from query
    rows, file lines or a directory listing, or this loop fills it while iterating them.
    A list of options, columns or configured names is short, and so is any list whose
    length the code does not show (a parameter, an attribute, an unknown call).
    """

    code = "PFL502"
    name = "list-membership-in-loop"
    impact = "medium"
    summary = (
        "`x in L`, `L.index(x)`, `L.count(x)` in a hot loop over a list of query rows or "
        "file lines built outside it"
    )
    message = (
        "`{what}` scans the list `{name}` on every iteration: build a set once before the "
        "loop: `{base}_set = set({name})`"
    )
    variants = {
        "index": (
            "`{what}` scans the list `{name}` on every iteration: build a dict of positions "
            "once before the loop: `{base}_pos = {{v: i for i, v in "
            "reversed(list(enumerate({name})))}}`"
        ),
        "count": (
            "`{what}` scans the list `{name}` on every iteration: count once before the loop: "
            "`{base}_counts = collections.Counter({name})`"
        ),
        "growing": (
            "`{what}` scans the list `{name}`, which this loop also grows (quadratic): keep a "
            "set beside it (`{base}_set.add(...)` next to each append) and test that, or "
            "dedupe in order with `list(dict.fromkeys(...))`"
        ),
    }
    uses = (DjangoValues,)
    INVALID = (
        dedent("""\
            def unshipped(cur, orders):
                shipped = [row[0] for row in cur.fetchall()]
                return [o for o in orders if o.id not in shipped]
        """),
        dedent("""\
            def first_lines(path, wanted):
                with open(path) as f:
                    lines = f.readlines()
                for word in wanted:
                    print(lines.index(word))
        """),
        dedent("""\
            def distinct_users(cur):
                users = []
                for row in cur.fetchall():
                    if row[1] not in users:
                        users.append(row[1])
                return users
        """),
    )
    VALID = (
        dedent("""\
            def unshipped(cur, orders):
                shipped = {row[0] for row in cur.fetchall()}
                return [o for o in orders if o.id not in shipped]
        """),
        dedent("""\
            def active(orders, banned: list):
                return [o for o in orders if o.user not in banned]
        """),
        dedent("""\
            for u in requests:
                if u.role in ("admin", "staff"):
                    serve(u)
        """),
        dedent("""\
            for row in rows:
                cols = row.split()
                if 'x' in cols:
                    print(row)
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.data = StoredData(ctx)
        self.hashability = Hashability(ctx)
        # loop -> (list name, node, variant, message parameters, evidence)
        self._pending: dict[int, list[tuple[str, cst.CSTNode, str, dict[str, str], _Size]]] = {}
        self._grown: dict[int, set[str]] = {}
        self._changed: dict[int, set[str]] = {}
        self._filled_from_rows: set[tuple[int, str]] = set()  # (scope, name)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        left = node.left
        for target in node.comparisons:
            if isinstance(target.operator, (cst.In, cst.NotIn)):
                operator = "in" if isinstance(target.operator, cst.In) else "not in"
                self._check(node, target.comparator, f"{{left}} {operator} {{name}}", left)
            left = target.comparator

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        if method in LIST_GROWING_METHODS:
            self._grows(func.value)
        elif method in LIST_CHANGING_METHODS:
            self._changes(func.value)
        elif method in LIST_SCANNING_METHODS and len(node.args) == 1:
            self._check(node, func.value, f"{{name}}.{method}({{left}})", node.args[0].value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.operator, cst.AddAssign):
            self._grows(node.target)
        else:
            self._changes(node.target)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            inner = target.target
            self._changes(inner.value if isinstance(inner, cst.Subscript) else inner)

    def visit_Del(self, node: cst.Del) -> None:
        target = node.target
        self._changes(target.value if isinstance(target, cst.Subscript) else target)

    def _grows(self, receiver: cst.BaseExpression) -> None:
        self._mark(self._grown, receiver)
        loop = self.ctx.hot_loop()
        if loop is not None and isinstance(receiver, cst.Name) and self._iterates_rows(loop):
            self._filled_from_rows.add((id(self.ctx.variable_scope()), receiver.value))

    def _changes(self, receiver: cst.BaseExpression) -> None:
        """Removed from, reordered or rebound in the loop: a set built once would go stale."""
        self._mark(self._changed, receiver)

    def _mark(self, table: dict[int, set[str]], receiver: cst.BaseExpression) -> None:
        if isinstance(receiver, (cst.Name, cst.Attribute)):
            name = dotted_name(receiver)
            for loop in self.ctx.loops():
                table.setdefault(id(loop), set()).add(name)

    def _check(
        self, node: cst.CSTNode, haystack: cst.BaseExpression, shape: str, left: cst.BaseExpression
    ) -> None:
        if not isinstance(haystack, (cst.Name, cst.Attribute)) or isinstance(left, _CONSTANTS):
            return
        loops = self.ctx.hot_loops()
        if not loops or awaits_each_pass(loops[0]):
            return  # not repeated, or each pass awaits I/O that dwarfs the scan
        binding = self.ctx.binding_of(haystack)
        if binding is None or binding.type != "builtins.list" or _is_small_literal(binding):
            return
        if isinstance(haystack, cst.Name) and _is_closure_variable(self.ctx, haystack.value):
            return  # an enclosing function's list: calls in the loop may change it
        loop = _outermost_new_loop(loops, binding)
        if loop is None:
            return  # rebuilt on every iteration: there is nothing to hoist
        if self.hashability.unhashable(left) or self.hashability.items_unhashable(haystack):
            return  # a set (or dict, or Counter) of these items raises TypeError
        inner = loops[: next(i for i, found in enumerate(loops) if found is loop) + 1]
        size = _Size(
            holds_rows=self._holds_rows(haystack),
            loop_iterates_rows=any(self._iterates_rows(each) for each in inner),
        )
        name = dotted_name(haystack)
        what = shape.format(left=_short(self.ctx.code_for(left)), name=name)
        variant = "index" if "index(" in shape else "count" if "count(" in shape else "main"
        params = {"what": what, "name": name, "base": name.rpartition(".")[2]}
        self._pending.setdefault(id(loop), []).append((name, node, variant, params, size))

    def _holds_rows(self, haystack: cst.Name | cst.Attribute) -> bool:
        if isinstance(haystack, cst.Name):
            scope = id(self.ctx.variable_scope())
            if (scope, haystack.value) in self._filled_from_rows:
                return True
        return self.data.holds_rows(haystack)

    def _iterates_rows(self, loop: cst.CSTNode) -> bool:
        if isinstance(loop, cst.For):
            return self.data.holds_rows(loop.iter)
        fors = comprehension_fors(loop)
        return bool(fors) and self.data.holds_rows(fors[0].iter)

    def _leave_loop(self, loop: cst.CSTNode) -> None:
        grown = self._grown.pop(id(loop), set())
        changed = self._changed.pop(id(loop), set())
        for name, node, variant, params, size in self._pending.pop(id(loop), []):
            if name in changed:
                continue
            if name in grown and (size.holds_rows or size.loop_iterates_rows):
                self.report(node, variant="growing", **params)
            elif name not in grown and size.holds_rows:
                self.report(node, variant=variant, **params)

    leave_For = leave_While = leave_ListComp = leave_SetComp = _leave_loop
    leave_DictComp = leave_GeneratorExp = _leave_loop


@dataclass(frozen=True, slots=True)
class _Size:
    """What the code shows about the list's length: built from stored data, or scanned in
    a loop over stored data (which matters when that loop also grows it)."""

    holds_rows: bool
    loop_iterates_rows: bool
