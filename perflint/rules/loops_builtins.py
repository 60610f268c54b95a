"""PFL5xx rules about builtins used the slow way: regex compilation, materialised
iterables, sorting to take one element, file lines, dict items."""

from __future__ import annotations

import libcst as cst

from perflint.rule import Rule
from perflint.rules._loop_support import (
    SIZED_TYPES,
    ReadAfterLoop,
    contains,
    is_int,
    names_in,
    positional_args,
)

_REDUCERS = frozenset(
    {"builtins.sum", "builtins.any", "builtins.all", "builtins.min", "builtins.max"}
)
_SHORT_CIRCUIT = frozenset({"builtins.any", "builtins.all"})
_COPIES = frozenset({"builtins.list", "builtins.tuple"})
# What ``for v in list(x)`` may iterate directly when the loop leaves `x` alone.
_COPYABLE = frozenset(
    {
        "builtins.list",
        "builtins.tuple",
        "builtins.set",
        "builtins.frozenset",
        "builtins.dict",
        "builtins.str",
        "builtins.bytes",
    }
)


def _string_constant(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.SimpleString):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return _string_constant(node.left) and _string_constant(node.right)
    return False


def _callee(ctx, node: cst.CSTNode) -> str | None:
    return ctx.callee(node) if isinstance(node, cst.Call) else None


def _single_argument(call: cst.Call) -> cst.BaseExpression | None:
    args = positional_args(call)
    return args[0] if args is not None and len(args) == 1 else None


def _is_dict_like(ctx, receiver: cst.BaseExpression, unknown: bool = True) -> bool:
    """A dict (or subclass), or (if `unknown`) a receiver of unknown type."""
    receiver_type = ctx.type_of(receiver)
    if receiver_type is None:
        return unknown
    return ctx.knowledge.is_a(receiver_type, "builtins.dict")


def _keys_call(node: cst.BaseExpression) -> cst.Attribute | None:
    """``d.keys`` of a ``d.keys()`` call, else None."""
    if (
        isinstance(node, cst.Call)
        and not node.args
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "keys"
    ):
        return node.func
    return None


class RegexCompileInLoop(Rule):
    """Compiles a constant regular expression on every iteration or every call."""

    code = "PFL504"
    name = "regex-compile-in-loop"
    impact = "low"
    summary = "`re.compile(<constant>)` in a loop or a function body: compile once at module level"
    message = (
        "`{call}(...)` compiles a constant pattern {where}: compile it once at module "
        "level (`PATTERN = {call}(...)`) and reuse it"
    )
    INVALID = (
        "import re\nfor line in lines:\n    if re.compile(r'^ERROR').match(line):\n"
        "        print(line)\n",
        "import re\ndef is_email(text):\n    return re.compile(r'[^@]+@[^@]+').fullmatch(text)\n",
    )
    VALID = (
        "import re\nEMAIL = re.compile(r'[^@]+@[^@]+')\ndef is_email(text):\n"
        "    return EMAIL.fullmatch(text)\n",
        "import re\ndef matcher(pattern):\n    return re.compile(pattern)\n",
        "import re\nfor word in words:\n    pattern = re.compile(re.escape(word))\n",
    )

    def visit_Call(self, node: cst.Call) -> None:
        if not node.args or not _string_constant(node.args[0].value):
            return
        callee = self.ctx.callee(node)
        if not self.ctx.knowledge.has_effect(callee, "py.regex.compile"):
            return
        if not all(self._constant_flags(arg.value) for arg in node.args[1:]):
            return
        if self.ctx.loops():
            where = "on every iteration"
        else:
            function = self.ctx.function()
            if function is None or self._memoized(function):
                return
            where = f"on every call of `{function.name.value}()`"
        call = self.ctx.code_for(node.func)
        self.report(node, self.message.format(call=call, where=where))

    def _constant_flags(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Integer):
            return True
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            return self._constant_flags(node.left) and self._constant_flags(node.right)
        if isinstance(node, cst.Attribute):
            qualname = self.ctx.qualified_name(node)
            return qualname is not None and qualname.rpartition(".")[2].isupper()
        return False

    def _memoized(self, function: cst.FunctionDef) -> bool:
        for decorator in function.decorators:
            expr = decorator.decorator
            expr = expr.func if isinstance(expr, cst.Call) else expr
            if self.ctx.knowledge.has_effect(self.ctx.qualified_name(expr), "py.memoize"):
                return True
        return False


class UnnecessaryMaterialization(Rule):
    """Builds a list (or copy) only to reduce, measure, sort, index or iterate it."""

    code = "PFL506"
    name = "unnecessary-materialization"
    impact = "low"
    summary = (
        "`any([...])`, `len(list(x))`, `sorted(list(x))`, `for v in list(x)`, "
        "`x in d.keys()`, `list(x)[0]`: skip the intermediate copy"
    )
    message = "`{code}` {problem}: {fix}"
    INVALID = (
        "ok = all([user.active for user in users])\n",
        "def count(tags: set) -> int:\n    return len(list(tags))\n",
        "def lookup(settings: dict, key):\n    return key in settings.keys()\n",
        "first = list(rows)[0]\n",
        "def dump(items: list):\n    for item in list(items):\n        print(item)\n",
    )
    VALID = (
        "ok = all(user.active for user in users)\n",
        "n = len(list(generate()))\n",
        "distinct = len(set(names))\n",
        "def prune(cache: dict):\n    for key in list(cache):\n        del cache[key]\n",
        "if key in settings:\n    print(key)\n",
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Name) or func.value not in (
            "sum",
            "any",
            "all",
            "min",
            "max",
            "len",
            "sorted",
        ):
            return
        callee = self.ctx.callee(node)
        args = [arg for arg in node.args if arg.keyword is None]
        if len(args) != 1 or args[0].star:
            return
        arg = args[0].value
        if callee in _REDUCERS:
            comprehension = isinstance(arg, cst.ListComp) or (
                isinstance(arg, cst.SetComp) and callee in _SHORT_CIRCUIT
            )
            if not comprehension:
                return
            name = callee.rpartition(".")[2]
            if callee in _SHORT_CIRCUIT:
                problem = "builds the whole list before testing any element"
                fix = f"pass a generator, `{name}(... for ...)`, to stop at the first decisive one"
            else:
                problem = "materialises a list only to reduce it"
                fix = f"pass a generator, `{name}(... for ...)` (no intermediate list)"
            self.report(node, self.message.format(code=f"{name}([...])", problem=problem, fix=fix))
            return
        inner_callee = _callee(self.ctx, arg)
        if inner_callee not in _COPIES:
            return
        source = _single_argument(arg)
        if source is None:
            return
        copy = inner_callee.rpartition(".")[2]
        source_code = self.ctx.code_for(source)
        if callee == "builtins.len" and self.ctx.type_of(source) in SIZED_TYPES:
            self.report(
                node,
                self.message.format(
                    code=f"len({copy}(...))",
                    problem="copies a sized collection only to count it",
                    fix=f"use `len({source_code})`",
                ),
            )
        elif callee == "builtins.sorted":
            self.report(
                node,
                self.message.format(
                    code=f"sorted({copy}(...))",
                    problem="copies the items twice",
                    fix=f"`sorted()` accepts any iterable: `sorted({source_code})`",
                ),
            )

    def visit_Subscript(self, node: cst.Subscript) -> None:
        value = node.value
        if not isinstance(value, cst.Call) or len(node.slice) != 1:
            return
        index = node.slice[0].slice
        if not isinstance(index, cst.Index) or not is_int(index.value, 0):
            return
        if _callee(self.ctx, value) not in _COPIES:
            return
        source = _single_argument(value)
        if source is None:
            return
        source_code = self.ctx.code_for(source)
        self.report(
            node,
            self.message.format(
                code=f"{self.ctx.code_for(value.func)}(...)[0]",
                problem="copies every item to take the first",
                fix=f"use `next(iter({source_code}))`",
            ),
        )

    def visit_Comparison(self, node: cst.Comparison) -> None:
        for target in node.comparisons:
            if not isinstance(target.operator, (cst.In, cst.NotIn)):
                continue
            keys = _keys_call(target.comparator)
            # Only a known dict: an object with keys() need not iterate or test its keys.
            if keys is not None and _is_dict_like(self.ctx, keys.value, unknown=False):
                mapping = self.ctx.code_for(keys.value)
                self.report(
                    target.comparator,
                    self.message.format(
                        code=f"in {mapping}.keys()",
                        problem="builds a keys view to test membership",
                        fix=f"test the mapping itself: `in {mapping}`",
                    ),
                )

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._keys_iteration(node.iter)

    def visit_For(self, node: cst.For) -> None:
        if self._keys_iteration(node.iter):
            return
        if _callee(self.ctx, node.iter) != "builtins.list":
            return
        source = _single_argument(node.iter)
        if source is None:
            return
        owner = source
        if (
            isinstance(source, cst.Call)
            and not source.args
            and isinstance(source.func, cst.Attribute)
        ):
            if source.func.attr.value not in ("keys", "values", "items"):
                return
            owner = source.func.value
            if not isinstance(owner, cst.Name) or not self.ctx.knowledge.is_a(
                self.ctx.type_of(owner), "builtins.dict"
            ):
                return
        elif not isinstance(source, cst.Name) or self.ctx.type_of(source) not in _COPYABLE:
            return
        binding = self.ctx.resolver.binding_of(owner)
        if binding is None or self.ctx.resolver.scope.names.get(owner.value) is not binding:
            return  # not a local: other code may change it while the loop runs
        if owner.value in names_in(node.body, node.orelse) or contains(
            node.body, (cst.Yield, cst.Await)
        ):
            return  # the loop touches it, or pauses: the copy may be deliberate
        source_code = self.ctx.code_for(source)
        self.report(
            node.iter,
            self.message.format(
                code=f"for ... in list({source_code})",
                problem=f"copies `{owner.value}` although the loop does not change it",
                fix=f"iterate it directly: `for ... in {source_code}`",
            ),
        )

    def _keys_iteration(self, iterable: cst.BaseExpression) -> bool:
        keys = _keys_call(iterable)
        if keys is None or not _is_dict_like(self.ctx, keys.value, unknown=False):
            return False
        mapping = self.ctx.code_for(keys.value)
        self.report(
            iterable,
            self.message.format(
                code=f"for ... in {mapping}.keys()",
                problem="asks for a keys view to iterate the keys",
                fix=f"iterate the mapping itself: `for ... in {mapping}`",
            ),
        )
        return True


class SortForMinMax(Rule):
    """Sorts a whole sequence to take its smallest or largest element."""

    code = "PFL509"
    name = "sort-for-min-max"
    impact = "low"
    summary = "`sorted(x)[0]`, `sorted(x)[-1]`: use min()/max() (O(n) instead of O(n log n))"
    message = "`{code}` sorts every item to take one (O(n log n)): use `{fix}` (O(n))"
    INVALID = (
        "cheapest = sorted(prices)[0]\n",
        "newest = sorted(posts, key=lambda p: p.created, reverse=True)[0]\n",
    )
    VALID = (
        "cheapest = min(prices)\n",
        "top3 = sorted(prices)[:3]\n",
        "second = sorted(prices)[1]\n",
    )

    def visit_Subscript(self, node: cst.Subscript) -> None:
        call = node.value
        if not isinstance(call, cst.Call) or len(node.slice) != 1:
            return
        index = node.slice[0].slice
        if not isinstance(index, cst.Index):
            return
        if is_int(index.value, 0):
            smallest = True
        elif is_int(index.value, -1):
            smallest = False
        else:
            return
        if self.ctx.callee(call) != "builtins.sorted":
            return
        positional = [arg for arg in call.args if arg.keyword is None]
        if len(positional) != 1 or positional[0].star:
            return
        key = None
        for arg in call.args:
            if arg.keyword is None:
                continue
            if arg.keyword.value == "key":
                key = arg
            elif arg.keyword.value == "reverse" and isinstance(arg.value, cst.Name):
                if arg.value.value == "True":
                    smallest = not smallest
                elif arg.value.value != "False":
                    return
            else:
                return
        function = "min" if smallest else "max"
        items = positional[0].value
        args = self.ctx.code_for(items)
        if isinstance(items, cst.GeneratorExp) and len(items.lpar) == 1:
            args = args[1:-1]  # min(x for x in xs), not min((x for x in xs))
        if key is not None:
            args += f", key={self.ctx.code_for(key.value)}"
        fix = f"{function}({args})"
        if len(fix) > 60:
            fix = f"{function}(...{', key=...' if key is not None else ''})"
        code = f"sorted(...)[{self.ctx.code_for(index.value)}]"
        self.report(node, self.message.format(code=code, fix=fix))


class ReadlinesIteration(Rule):
    """Reads a whole file into a list of lines only to loop over them."""

    code = "PFL510"
    name = "readlines-iteration"
    impact = "low"
    summary = "`for line in f.readlines()` / `f.read().splitlines()`: iterate the file object"
    message = (
        "`{code}` reads the whole file into memory before the first line: iterate the file "
        "object, `for line in {file}:`{note}"
    )
    INVALID = (
        "with open('access.log') as log:\n    for line in log.readlines():\n        print(line)\n",
        "with open('access.log') as log:\n    for line in log.read().splitlines():\n"
        "        print(line)\n",
    )
    VALID = (
        "with open('access.log') as log:\n    for line in log:\n        print(line)\n",
        "with open('access.log') as log:\n    lines = log.readlines()\n",
        "for line in text.splitlines():\n    print(line)\n",
    )

    def visit_For(self, node: cst.For) -> None:
        self._check(node.iter)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._check(node.iter)

    def _check(self, iterable: cst.BaseExpression) -> None:
        if not isinstance(iterable, cst.Call) or iterable.args:
            return
        func = iterable.func
        if not isinstance(func, cst.Attribute):
            return
        note = ""
        receiver = func.value
        if func.attr.value == "splitlines":
            read = receiver
            if not (
                isinstance(read, cst.Call)
                and not read.args
                and isinstance(read.func, cst.Attribute)
                and read.func.attr.value == "read"
            ):
                return
            receiver = read.func.value
            note = ' (each line keeps its "\\n": `line.rstrip("\\n")`)'
        elif func.attr.value != "readlines":
            return
        if not self.ctx.knowledge.is_a(self.ctx.type_of(receiver), "io.IOBase"):
            return
        file_code = self.ctx.code_for(receiver)
        if len(file_code) > 30:
            file_code = "f"
        code = f"{file_code}.{'read().splitlines' if note else 'readlines'}()"
        self.report(iterable, self.message.format(code=code, file=file_code, note=note))


class IncorrectDictIterator(ReadAfterLoop):
    """Unpacks ``d.items()`` in a loop that uses only the keys or only the values."""

    code = "PFL511"
    name = "incorrect-dict-iterator"
    impact = "low"
    summary = (
        "iterating `d.items()` using only the keys or only the values: iterate d or d.values()"
    )
    message = "the loop uses only the {used} of `{code}`: {fix}"
    INVALID = (
        "for name, _ in settings.items():\n    print(name)\n",
        "def total(prices: dict) -> float:\n    s = 0.0\n    for sku, price in prices.items():\n"
        "        s += price\n    return s\n",
    )
    VALID = (
        "for name, value in settings.items():\n    print(name, value)\n",
        "for name in settings:\n    print(name)\n",
        "for pair in settings.items():\n    print(pair)\n",
        "for name, value in settings.items():\n    print(name)\nprint(value)\n",
    )

    def visit_For(self, node: cst.For) -> None:
        iterable = node.iter
        if not (
            isinstance(iterable, cst.Call)
            and not iterable.args
            and isinstance(iterable.func, cst.Attribute)
            and iterable.func.attr.value == "items"
        ):
            return
        target = node.target
        if not isinstance(target, (cst.Tuple, cst.List)) or len(target.elements) != 2:
            return
        key, value = (element.value for element in target.elements)
        if not isinstance(key, cst.Name) or not isinstance(value, cst.Name):
            return
        mapping = iterable.func.value
        if not _is_dict_like(self.ctx, mapping):
            return
        used = names_in(node.body, node.orelse)
        key_used = key.value in used and key.value != "_"
        value_used = value.value in used and value.value != "_"
        if key_used == value_used:
            return
        mapping_code = self.ctx.code_for(mapping)
        if key_used:
            fix = f"iterate the mapping itself, `for {key.value} in {mapping_code}`"
            unused, what = value.value, "keys"
        else:
            fix = f"iterate `for {value.value} in {mapping_code}.values()`"
            unused, what = key.value, "values"
        message = self.message.format(used=what, code=f"{mapping_code}.items()", fix=fix)
        self.defer({unused}, iterable, message)
