"""PFL5xx: Python hot loops and data structures."""

from __future__ import annotations

import libcst as cst

from perflint.nodes import dotted_name
from perflint.resolve import STRING_TYPES, Binding, Resolver
from perflint.rule import Rule
from perflint.rules._loop_support import is_int, method_call, positional_args

_GROWING_METHODS = frozenset({"append", "extend", "insert"})
_CHANGING_METHODS = frozenset({"remove", "pop", "clear", "sort", "reverse"})
_SCANNING_METHODS = frozenset({"index", "count"})
_FRONT_METHODS = frozenset({"pop", "insert"})
# A short constant list scanned per iteration costs a few comparisons, not a quadratic.
_SMALL_LITERAL = 8
_LIST_TYPE = frozenset({"builtins.list"})


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


class _GrowthInLoop(Rule):
    """A name bound before a loop and regrown from itself inside it (``s = s + x``).

    Decided when the loop ends: a name that is also reset inside the loop (a buffer
    flushed and emptied) stays bounded, so it is not reported.
    """

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._candidates: dict[int, list[tuple[str, cst.CSTNode, str]]] = {}
        self._reset_in_loop: dict[int, set[str]] = {}

    def note_reset(self, node: cst.Assign) -> None:
        names = {dotted_name(t.target) for t in node.targets}
        for loop in self.ctx.loops():
            self._reset_in_loop.setdefault(id(loop), set()).update(names)

    def grown_in_loop(
        self, target: cst.BaseExpression, types: frozenset[str]
    ) -> tuple[cst.CSTNode, str, str] | None:
        """(innermost loop, name, type) when `target` holds one of `types` and was
        bound outside that loop; else None."""
        loop = self.ctx.loop()
        if loop is None:
            return None
        binding = self.ctx.resolver.binding_of(target)
        if binding is None or binding.type not in types:
            return None
        if any(loop is bound_in for bound_in in binding.loops):
            return None  # (re)initialised in this loop's body: it never grows past one step
        return loop, dotted_name(target), binding.type

    def defer(self, loop: cst.CSTNode, name: str, node: cst.CSTNode, message: str) -> None:
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


class StringConcatInLoop(_GrowthInLoop):
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

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.operator, cst.AddAssign):
            self._check(node, node.target)

    def visit_Assign(self, node: cst.Assign) -> None:
        target = _self_concatenation(node)
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
        self.defer(loop, name, node, self.message.format(name=name, kind=kind, join=join))


def _short(node_code: str, limit: int = 30) -> str:
    return node_code if len(node_code) <= limit else "..."


def _base_name(name: str) -> str:
    return name.rpartition(".")[2]


def _is_small_literal(binding: Binding) -> bool:
    node = binding.node
    value = node.value if isinstance(node, (cst.Assign, cst.AnnAssign)) else None
    return (
        isinstance(value, cst.List)
        and 0 < len(value.elements) <= _SMALL_LITERAL
        and not any(isinstance(e, cst.StarredElement) for e in value.elements)
    )


def _is_closure_variable(resolver: Resolver, name: str) -> bool:
    """Is `name` bound in an enclosing function rather than this one (or the module)?"""
    current = resolver.function_scope()
    scope = resolver.scope
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
    """Scans a list built outside the loop once per iteration: O(n*m)."""

    code = "PFL502"
    name = "list-membership-in-loop"
    impact = "medium"
    summary = "`x in L`, `L.index(x)`, `L.count(x)` in a loop over a list built outside it"
    message = (
        "`{what}` scans the list `{name}` on every iteration: build a set once before the "
        "loop: `{base}_set = set({name})`"
    )
    INVALID = (
        "def active(orders, banned: list):\n"
        "    return [o for o in orders if o.user not in banned]\n",
        "ids = []\nfor row in rows:\n    ids.append(row.id)\nfor event in events:\n"
        "    if event.id in ids:\n        handle(event)\n",
        "def find(line: str, words):\n    names = line.split()\n    for word in words:\n"
        "        print(names.index(word))\n",
    )
    VALID = (
        "allowed = set(users)\nfor u in requests:\n    if u in allowed:\n        serve(u)\n",
        'for u in requests:\n    if u.role in ("admin", "staff"):\n        serve(u)\n',
        "for row in rows:\n    cols = row.split()\n    if 'x' in cols:\n        print(row)\n",
        "if user in users:\n    serve(user)\n",
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._pending: dict[int, list[tuple[str, cst.CSTNode, str, str]]] = {}
        self._grown: dict[int, set[str]] = {}
        self._changed: dict[int, set[str]] = {}

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
        if method in _GROWING_METHODS:
            self._grows(func.value)
        elif method in _CHANGING_METHODS:
            self._changes(func.value)
        elif method in _SCANNING_METHODS and len(node.args) == 1:
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
        if not isinstance(haystack, (cst.Name, cst.Attribute)):
            return
        loops = self.ctx.loops()
        if not loops:
            return
        binding = self.ctx.resolver.binding_of(haystack)
        if binding is None or binding.type != "builtins.list" or _is_small_literal(binding):
            return
        if isinstance(haystack, cst.Name) and _is_closure_variable(
            self.ctx.resolver, haystack.value
        ):
            return  # an enclosing function's list: calls in the loop may change it
        loop = _outermost_new_loop(loops, binding)
        if loop is None:
            return  # rebuilt on every iteration: there is nothing to hoist
        name = dotted_name(haystack)
        what = shape.format(left=_short(self.ctx.code_for(left)), name=name)
        base = _base_name(name)
        if "index(" in shape:
            fix = (
                f"build a dict of positions once before the loop: "
                f"`{base}_pos = {{v: i for i, v in reversed(list(enumerate({name})))}}`"
            )
        elif "count(" in shape:
            fix = f"count once before the loop: `{base}_counts = collections.Counter({name})`"
        else:
            fix = f"build a set once before the loop: `{base}_set = set({name})`"
        message = f"`{what}` scans the list `{name}` on every iteration: {fix}"
        growing = (
            f"`{what}` scans the list `{name}`, which this loop also grows (quadratic): keep a "
            f"set beside it (`{base}_set.add(...)` next to each append) and test that, or "
            f"dedupe in order with `list(dict.fromkeys(...))`"
        )
        self._pending.setdefault(id(loop), []).append((name, node, message, growing))

    def _leave_loop(self, loop: cst.CSTNode) -> None:
        grown = self._grown.pop(id(loop), set())
        changed = self._changed.pop(id(loop), set())
        for name, node, message, growing in self._pending.pop(id(loop), []):
            if name not in changed:
                self.report(node, growing if name in grown else message)

    leave_For = leave_While = leave_ListComp = leave_SetComp = _leave_loop
    leave_DictComp = leave_GeneratorExp = _leave_loop


class ListFrontOp(Rule):
    """Removes or inserts at the front of a list inside a loop: each call shifts it all."""

    code = "PFL503"
    name = "list-front-op"
    impact = "medium"
    summary = "`L.pop(0)` / `L.insert(0, x)` inside a loop: use collections.deque"
    message = "`{call}` shifts every element of the list on each call: {fix}"
    INVALID = (
        "queue = list(jobs)\nwhile queue:\n    job = queue.pop(0)\n    run(job)\n",
        "def latest_first(events):\n    out = []\n    for e in events:\n"
        "        out.insert(0, e)\n    return out\n",
    )
    VALID = (
        "from collections import deque\nqueue = deque(jobs)\nwhile queue:\n"
        "    run(queue.popleft())\n",
        "for line in lines:\n    parts = line.split()\n    head = parts.pop(0)\n",
        "while stack:\n    node = stack.pop()\n",
        "options = {}\nfor key in keys:\n    options.pop(0)\n",
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = method_call(node, _FRONT_METHODS)
        if func is None or not isinstance(func.value, (cst.Name, cst.Attribute)):
            return
        receiver = func.value
        args = positional_args(node)
        if func.attr.value == "pop":
            if args is None or len(args) != 1 or not is_int(args[0], 0):
                return
            fix = "use collections.deque and popleft()"
        else:
            if args is None or len(args) != 2 or not is_int(args[0], 0):
                return
            fix = "use collections.deque and appendleft(x)"
        loop = self.ctx.loop()
        if loop is None:
            return
        receiver_type = self.ctx.type_of(receiver)
        if receiver_type is None and isinstance(receiver, cst.Attribute):
            if self.ctx.resolver.binding_of(receiver) is None:
                return  # `sys.path`, `state.args`: not ours to turn into a deque
        elif receiver_type is not None and receiver_type != "builtins.list":
            return  # a dict's pop(0) is a key lookup; a deque is already the fix
        binding = self.ctx.resolver.binding_of(func.value)
        if binding is not None and any(loop is bound_in for bound_in in binding.loops):
            return  # a fresh list each iteration: one shift, not a quadratic drain
        arguments = "0" if len(args) == 1 else "0, ..."
        call = f"{dotted_name(func.value)}.{func.attr.value}({arguments})"
        self.report(node, self.message.format(call=call, fix=fix))


class QuadraticListConcat(_GrowthInLoop):
    """Rebuilds a list from itself inside a loop, or flattens with ``sum(lists, [])``."""

    code = "PFL505"
    name = "quadratic-list-concat"
    impact = "medium"
    summary = "`L = L + [...]` inside a loop, `sum(lists, [])`: use append/extend/itertools.chain"
    message = (
        "`{name} = {name} + ...` copies the whole list on every iteration (quadratic): "
        "{fix} instead"
    )
    sum_message = (
        "`sum(..., {empty})` copies the running {kind} at every step (quadratic): use "
        "`list(itertools.chain.from_iterable(...))` or a nested comprehension"
    )
    INVALID = (
        "def flatten(groups):\n    out = []\n    for g in groups:\n        out = out + g\n"
        "    return out\n",
        "rows = sum(pages, [])\n",
    )
    VALID = (
        "out = []\nfor g in groups:\n    out.extend(g)\n",
        "import itertools\nrows = list(itertools.chain.from_iterable(pages))\n",
        "total = sum(prices, 0)\n",
        "for g in groups:\n    batch = []\n    batch = batch + g\n",
    )

    def visit_Assign(self, node: cst.Assign) -> None:
        target = _self_extension(node)
        if target is None:
            self.note_reset(node)
            return
        found = self.grown_in_loop(target, _LIST_TYPE)
        if found is None:
            return
        loop, name, _ = found
        added = node.value.right if isinstance(node.value, cst.BinaryOperation) else None
        if isinstance(added, cst.List) and len(added.elements) == 1:
            fix = f"`{name}.append(...)`"
        else:
            fix = f"`{name}.extend(...)` (or `{name} += ...`)"
        self.defer(loop, name, node, self.message.format(name=name, fix=fix))

    def visit_Call(self, node: cst.Call) -> None:
        if len(node.args) != 2 or self.ctx.callee(node) != "builtins.sum":
            return
        start = node.args[1]
        if start.keyword is not None and start.keyword.value != "start":
            return
        value = start.value
        if isinstance(value, cst.List) and not value.elements:
            self.report(node, self.sum_message.format(empty="[]", kind="list"))
        elif isinstance(value, cst.Tuple) and not value.elements:
            self.report(node, self.sum_message.format(empty="()", kind="tuple"))


def _self_extension(node: cst.Assign) -> cst.BaseExpression | None:
    """The target of ``L = L + ...``, else None."""
    if len(node.targets) != 1:
        return None
    target, value = node.targets[0].target, node.value
    if (
        isinstance(value, cst.BinaryOperation)
        and isinstance(value.operator, cst.Add)
        and _same_name(_leftmost_operand(value), target)
    ):
        return target
    return None
