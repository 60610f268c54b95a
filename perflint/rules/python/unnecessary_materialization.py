"""PFL506 unnecessary-materialization: a list or copy built only to reduce, measure, sort,
index or iterate it (``any([...])``, ``len(list(x))``, ``for v in list(x)``, ...)."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.fixes.transforms.unnecessary_materialization import UnnecessaryMaterializationFix
from perflint.knowledge.pytypes import (
    COPYABLE_TYPES,
    COPYING_CONSTRUCTORS,
    REDUCERS,
    SHORT_CIRCUIT_REDUCERS,
    SIZED_TYPES,
)
from perflint.nodes import comprehension_fors, contains, identifiers, is_int, walk
from perflint.rule import Rule
from perflint.rules.python._calls import callee_of, is_dict_like, keys_call, single_argument

# Names of the builtins this rule looks inside: a cheap filter before resolving the call.
_MEASURING = frozenset({name.rpartition(".")[2] for name in REDUCERS} | {"len", "sorted"})
_VIEWS = frozenset({"keys", "values", "items"})


def _asynchronous(comprehension: cst.ListComp | cst.SetComp) -> bool:
    """Does the comprehension await, or iterate with ``async for``?"""
    if any(f.asynchronous is not None for f in comprehension_fors(comprehension)):
        return True
    return any(isinstance(n, cst.Await) for n in walk(comprehension, into_definitions=False))


def _calls_per_element(comprehension: cst.ListComp | cst.SetComp) -> bool:
    """Does computing an element (or its condition) call something, whose effects a
    short-circuiting generator would skip for the later elements?"""
    parts = [comprehension.elt, *(i.test for f in comprehension_fors(comprehension) for i in f.ifs)]
    return any(contains(part, (cst.Call,)) for part in parts)


class UnnecessaryMaterialization(Rule):
    """Builds a list (or copy) only to reduce, measure, sort, index or iterate it."""

    code = "PFL506"
    name = "unnecessary-materialization"
    impact = "low"
    preview = (
        "0 of 41 judged findings on real code were worth acting on (round after; 0 of 21 "
        "before): nanoseconds per item on short collections"
    )
    fix = UnnecessaryMaterializationFix()
    summary = (
        "`any([...])`, `len(list(x))`, `sorted(list(x))`, `for v in list(x)`, "
        "`x in d.keys()`, `list(x)[0]`: skip the intermediate copy"
    )
    message = (
        "`{name}([...])` builds a list only to reduce it: pass a generator, "
        "`{name}(... for ...)` (it saves the list's memory, not time: both run about as fast)"
    )
    variants = {
        "short_circuit": (
            "`{name}([...])` computes every element before testing any: pass a generator, "
            "`{name}(... for ...)`, to stop at the first decisive one (a gain when it comes "
            "early or the elements are costly)"
        ),
        "len": (
            "`len({copy}(...))` copies a sized collection only to count it (O(n)): "
            "use `len({source})` (O(1))"
        ),
        "sorted": (
            "`sorted({copy}(...))` copies the items once more before sorting (about a third "
            "of the sort's time): `sorted()` accepts any iterable: `sorted({source})`"
        ),
        "first": (
            "`{copy}(...)[0]` copies every item to take the first (O(n)): use "
            "`next(iter({source}))` (O(1))"
        ),
        "keys_membership": (
            "`in {mapping}.keys()` builds a keys view to test membership: test the mapping "
            "itself, `in {mapping}` (a style fix: both are O(1), the view costs ~30 ns)"
        ),
        "keys_iteration": (
            "`for ... in {mapping}.keys()` asks for a keys view to iterate the keys: iterate "
            "the mapping itself, `for ... in {mapping}` (a style fix: same speed)"
        ),
        "loop_copy": (
            "`for ... in list({source})` copies `{owner}` although the loop does not change "
            "it: iterate it directly, `for ... in {source}` (saves one copy, a few "
            "nanoseconds per item)"
        ),
        "literal_copy": (
            "`for ... in {copy}(...)` copies a literal built for this loop alone: iterate "
            "the literal itself (saves one copy)"
        ),
    }
    INVALID = (
        dedent("""\
            ok = all([user.active for user in users])
        """),
        dedent("""\
            def count(tags: set) -> int:
                return len(list(tags))
        """),
        dedent("""\
            def lookup(settings: dict, key):
                return key in settings.keys()
        """),
        dedent("""\
            def first_key(settings: dict):
                return list(settings)[0]
        """),
        dedent("""\
            def dump(items: list):
                for item in list(items):
                    print(item)
        """),
    )
    VALID = (
        dedent("""\
            ok = all(user.active for user in users)
        """),
        dedent("""\
            n = len(list(generate()))
        """),
        dedent("""\
            distinct = len(set(names))
        """),
        dedent("""\
            def prune(cache: dict):
                for key in list(cache):
                    del cache[key]
        """),
        dedent("""\
            if key in settings:
                print(key)
        """),
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Name) or func.value not in _MEASURING:
            return
        callee = self.ctx.callee(node)
        args = [arg for arg in node.args if arg.keyword is None]
        if len(args) != 1 or args[0].star:
            return
        arg = args[0].value
        if callee in REDUCERS:
            self._reduced(node, callee, arg)
            return
        inner_callee = callee_of(self.ctx, arg)
        if inner_callee not in COPYING_CONSTRUCTORS:
            return
        source = single_argument(arg)
        if source is None:
            return
        copy = inner_callee.rpartition(".")[2]
        source_code = self.ctx.code_for(source)
        if callee == "builtins.len" and self.ctx.type_of(source) in SIZED_TYPES:
            self.report(node, variant="len", copy=copy, source=source_code)
        elif callee == "builtins.sorted":
            self.report(node, variant="sorted", copy=copy, source=source_code)

    def _reduced(self, node: cst.Call, callee: str, arg: cst.BaseExpression) -> None:
        """``sum([...])``, ``any([...])``, ``any({...})``: a generator would do, unless the
        comprehension awaits (a generator of it is asynchronous, and ``sum()``/``any()``
        cannot iterate one) or, for ``any``/``all``, calls something per element (the
        list may run every call on purpose)."""
        short_circuit = callee in SHORT_CIRCUIT_REDUCERS
        comprehension = isinstance(arg, cst.ListComp) or (
            isinstance(arg, cst.SetComp) and short_circuit
        )
        if not comprehension or _asynchronous(arg):
            return
        if short_circuit and _calls_per_element(arg):
            return  # all([f.is_valid() ...]) runs every call on purpose: a generator stops early
        name = callee.rpartition(".")[2]
        self.report(node, variant="short_circuit" if short_circuit else "main", name=name)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        value = node.value
        if not isinstance(value, cst.Call) or len(node.slice) != 1:
            return
        index = node.slice[0].slice
        if not isinstance(index, cst.Index) or not is_int(index.value, 0):
            return
        if callee_of(self.ctx, value) not in COPYING_CONSTRUCTORS:
            return
        source = single_argument(value)
        if source is None or self.ctx.type_of(source) not in SIZED_TYPES:
            return  # iterating a queryset or an unknown object may load it all anyway
        copy = self.ctx.code_for(value.func)
        self.report(node, variant="first", copy=copy, source=self.ctx.code_for(source))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        for target in node.comparisons:
            if not isinstance(target.operator, (cst.In, cst.NotIn)):
                continue
            keys = keys_call(target.comparator)
            # Only a known dict: an object with keys() need not iterate or test its keys.
            if keys is not None and is_dict_like(self.ctx, keys.value, unknown=False):
                mapping = self.ctx.code_for(keys.value)
                self.report(target.comparator, variant="keys_membership", mapping=mapping)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._keys_iteration(node.iter)

    def visit_For(self, node: cst.For) -> None:
        if self._keys_iteration(node.iter):
            return
        if callee_of(self.ctx, node.iter) != "builtins.list":
            return
        source = single_argument(node.iter)
        if source is None:
            return
        if isinstance(source, (cst.List, cst.Tuple, cst.Set)):
            # A literal is built for this loop alone: nothing else can change it.
            self.report(node.iter, variant="literal_copy", copy=self.ctx.code_for(node.iter.func))
            return
        owner = self._iterated_local(source)
        if owner is None:
            return
        if owner.value in identifiers(node.body, node.orelse) or contains(
            node.body, (cst.Yield, cst.Await)
        ):
            return  # the loop touches it, or pauses: the copy may be deliberate
        source_code = self.ctx.code_for(source)
        self.report(node.iter, variant="loop_copy", source=source_code, owner=owner.value)

    def _iterated_local(self, source: cst.BaseExpression) -> cst.Name | None:
        """The local container `list(source)` copies: a list/tuple/set/dict/str name, or
        the dict of a ``d.keys()``/``values()``/``items()`` view."""
        owner = source
        if (
            isinstance(source, cst.Call)
            and not source.args
            and isinstance(source.func, cst.Attribute)
        ):
            if source.func.attr.value not in _VIEWS:
                return None
            owner = source.func.value
            if not isinstance(owner, cst.Name) or not self.ctx.knowledge.is_a(
                self.ctx.type_of(owner), "builtins.dict"
            ):
                return None
        elif not isinstance(source, cst.Name) or self.ctx.type_of(source) not in COPYABLE_TYPES:
            return None
        binding = self.ctx.binding_of(owner)
        if binding is None or self.ctx.scope.names.get(owner.value) is not binding:
            return None  # not a local: other code may change it while the loop runs
        return owner

    def _keys_iteration(self, iterable: cst.BaseExpression) -> bool:
        keys = keys_call(iterable)
        if keys is None or not is_dict_like(self.ctx, keys.value, unknown=False):
            return False
        self.report(iterable, variant="keys_iteration", mapping=self.ctx.code_for(keys.value))
        return True
