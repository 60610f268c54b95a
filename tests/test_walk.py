"""The engine's walk reads children from node fields instead of LibCST's rebuilding
traversal: it must meet every node in exactly LibCST's order."""

from __future__ import annotations

import libcst as cst
import pytest
from support import FIXTURES, ROOT

from perflint.nodes import children

SOURCES = sorted(
    [
        *FIXTURES.rglob("*.py"),
        *(ROOT / "examples").rglob("*.py"),
        *(ROOT / "perflint").rglob("*.py"),
    ]
)


class _Order(cst.CSTVisitor):
    def __init__(self) -> None:
        self.seen: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.seen.append(node)
        return True


def _depth_first(node: cst.CSTNode) -> list[cst.CSTNode]:
    seen, pending = [], [node]
    while pending:
        current = pending.pop()
        seen.append(current)
        pending.extend(reversed(children(current)))
    return seen


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_children_follow_libcst_visit_order(path):
    module = cst.parse_module(path.read_bytes())
    libcst_order = _Order()
    module.visit(libcst_order)
    assert [id(n) for n in _depth_first(module)] == [id(n) for n in libcst_order.seen]


def test_children_of_a_node_match_libcst_children():
    module = cst.parse_module("def f(a, *, b=1):\n    return [x async for x in a if x](b)\n")
    for node in _depth_first(module):
        assert children(node) == list(node.children)
