"""PFL511 incorrect-dict-iterator: iterating ``d.items()`` and using only the keys or only
the values."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.fixes.transforms.incorrect_dict_iterator import IncorrectDictIteratorFix
from perflint.nodes import identifiers
from perflint.rules.python._calls import is_dict_like
from perflint.rules.python._loops import runs_many_times
from perflint.rules.python._read_after_loop import ReadAfterLoop


def _items_call(iterable: cst.BaseExpression) -> cst.Attribute | None:
    """``d.items`` of a ``d.items()`` call, else None."""
    if (
        isinstance(iterable, cst.Call)
        and not iterable.args
        and isinstance(iterable.func, cst.Attribute)
        and iterable.func.attr.value == "items"
    ):
        return iterable.func
    return None


def _pair(target: cst.BaseExpression) -> tuple[cst.Name, cst.Name] | None:
    """The two names of a ``key, value`` target, else None."""
    if not isinstance(target, (cst.Tuple, cst.List)) or len(target.elements) != 2:
        return None
    key, value = (element.value for element in target.elements)
    if isinstance(key, cst.Name) and isinstance(value, cst.Name):
        return key, value
    return None


class IncorrectDictIterator(ReadAfterLoop):
    """Unpacks ``d.items()`` in a loop that uses only the keys or only the values."""

    code = "PFL511"
    name = "incorrect-dict-iterator"
    impact = "low"
    preview = (
        "0 of 11 judged findings on real code were worth acting on (round after; 0 of 8 before)"
    )
    fix = IncorrectDictIteratorFix()
    summary = (
        "iterating `d.items()` using only the keys or only the values: iterate d or d.values()"
    )
    message = (
        "the loop uses only the keys of `{mapping}.items()`: iterate the mapping itself, "
        "`for {key} in {mapping}` (a small gain: no pair per item, ~6 ns each)"
    )
    variants = {
        "values": (
            "the loop uses only the values of `{mapping}.items()`: iterate "
            "`for {value} in {mapping}.values()` (a small gain: no pair per item, ~6 ns each)"
        ),
    }
    INVALID = (
        dedent("""\
            for name, _ in settings.items():
                print(name)
        """),
        dedent("""\
            def total(prices: dict) -> float:
                s = 0.0
                for sku, price in prices.items():
                    s += price
                return s
        """),
    )
    VALID = (
        dedent("""\
            for name, value in settings.items():
                print(name, value)
        """),
        dedent("""\
            for name in settings:
                print(name)
        """),
        dedent("""\
            for pair in settings.items():
                print(pair)
        """),
        dedent("""\
            for name, value in settings.items():
                print(name)
            print(value)
        """),
    )

    def visit_For(self, node: cst.For) -> None:
        items = _items_call(node.iter)
        pair = _pair(node.target)
        if items is None or pair is None or not is_dict_like(self.ctx, items.value):
            return
        if not runs_many_times(self.ctx, node):
            return  # a few entries of a dict literal: nothing to gain
        key, value = pair
        used = identifiers(node.body, node.orelse)
        key_used = key.value in used and key.value != "_"
        value_used = value.value in used and value.value != "_"
        if key_used == value_used:
            return
        mapping = self.ctx.code_for(items.value)
        if key_used:
            self.defer({value.value}, node.iter, "main", {"mapping": mapping, "key": key.value})
        else:
            params = {"mapping": mapping, "value": value.value}
            self.defer({key.value}, node.iter, "values", params)
