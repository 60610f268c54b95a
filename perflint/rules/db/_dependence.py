"""How an expression inside a loop depends on it, for the PFL1xx rules.

On the item of each pass (the loop's target, or names computed from it in the body):
one round trip per item, which a batch over all items can replace. Only on state the
body carries from one pass to the next (``cursor = row.next_id`` feeding the next
query): each pass needs the previous one's result, nothing can be batched. On neither:
the call repeats identical work, and running it once is the fix.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from perflint.nodes import COMPREHENSIONS, comprehension_fors, variables_read, walk

ITEM = "item"
CARRIED = "carried"
NONE = "none"


def loop_dependence(
    expr: cst.CSTNode, loops: list[cst.CSTNode], names_of: dict[int, LoopNames]
) -> str:
    """`ITEM`, `CARRIED` or `NONE` for `expr` in the repeating part of `loops`;
    `names_of` memoizes each loop's names by node id."""
    read = {name.value for name in variables_read(expr)}
    carried = False
    for loop in loops:
        names = names_of.get(id(loop))
        if names is None:
            names = names_of[id(loop)] = LoopNames.of(loop)
        if read & names.item:
            return ITEM
        carried = carried or bool(read & names.carried)
    return CARRIED if carried else NONE


class LoopNames:
    """Names a loop binds: from each pass's item, and the rest its body assigns."""

    __slots__ = ("carried", "item")

    def __init__(self, item: set[str], carried: set[str]) -> None:
        self.item = item
        self.carried = carried

    @classmethod
    def of(cls, loop: cst.CSTNode) -> LoopNames:
        item, body = _header(loop)
        assignments = list(_assignments(body))
        changed = True
        while changed:
            changed = False
            for targets, value in assignments:
                if not targets <= item and _reads(value) & item:
                    item |= targets
                    changed = True
        assigned = set().union(*(targets for targets, _ in assignments))
        return cls(item, assigned - item)


def _header(loop: cst.CSTNode) -> tuple[set[str], list[cst.CSTNode]]:
    """The names a loop's header binds per pass, and the parts that run per pass."""
    if isinstance(loop, cst.For):
        return _bound(loop.target), [loop.body]
    if isinstance(loop, COMPREHENSIONS):
        fors = comprehension_fors(loop)
        item = set().union(*(_bound(f.target) for f in fors))
        parts: list[cst.CSTNode] = [
            part for f in fors for part in (*f.ifs, f.iter) if part is not fors[0].iter
        ]
        if isinstance(loop, cst.DictComp):
            parts += [loop.key, loop.value]
        else:
            parts.append(loop.elt)
        return item, parts
    return set(), [loop]  # a while loop: its body and test


def _assignments(parts: list[cst.CSTNode]) -> Iterator[tuple[set[str], cst.CSTNode]]:
    """(names bound, value) of each binding in `parts`, nested definitions aside."""
    for part in parts:
        for node in walk(part, into_definitions=False):
            if isinstance(node, cst.Assign):
                targets = set().union(*(_bound(t.target) for t in node.targets))
                yield targets, node.value
            elif isinstance(node, (cst.AnnAssign, cst.AugAssign)) and node.value is not None:
                yield _bound(node.target), node
            elif isinstance(node, cst.NamedExpr):
                yield _bound(node.target), node.value
            elif isinstance(node, (cst.For, cst.CompFor)):
                yield _bound(node.target), node.iter
            elif isinstance(node, cst.WithItem) and node.asname is not None:
                yield _bound(node.asname.name), node.item


def _bound(target: cst.CSTNode) -> set[str]:
    """Plain names a target binds (``a``, ``a, (b, *c)``; not ``x.a`` nor ``x[a]``)."""
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return set().union(*(_bound(e.value) for e in target.elements))
    if isinstance(target, cst.StarredElement):
        return _bound(target.value)
    return set()


def _reads(node: cst.CSTNode) -> set[str]:
    return {name.value for name in variables_read(node)}
