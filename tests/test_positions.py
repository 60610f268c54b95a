"""The lean locator gives exactly LibCST's PositionProvider spans."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider
from support import FIXTURES, ROOT

from perflint.effects.call_positions import call_spans
from perflint.positions import locate
from perflint.walk import walk_tree

SAMPLES = sorted((ROOT / "perflint").rglob("*.py"))[:25] + sorted(FIXTURES.glob("*.py"))[:15]


class _Collect(cst.CSTVisitor):
    def __init__(self) -> None:
        self.nodes: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.nodes.append(node)
        return True


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_spans_match_position_provider_for_every_node(path: Path):
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    collector = _Collect()
    module.visit(collector)
    spans = locate(module, collector.nodes)
    for node in collector.nodes:
        where = expected[node]
        assert spans[id(node)] == (
            where.start.line,
            where.start.column,
            where.end.line,
            where.end.column,
        ), (type(node).__name__, module.code_for_node(node)[:60])


def test_locating_stops_after_the_last_wanted_node():
    module = cst.parse_module("a = 1\nb = 2\nc = 3\n")
    first = module.body[0]
    assert locate(module, [first]) == {id(first): (1, 0, 1, 5)}


@pytest.mark.parametrize("path", SAMPLES[:10], ids=lambda p: str(p.relative_to(ROOT)))
def test_one_node_at_a_time_stops_early_with_the_same_span(path: Path):
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    collector = _Collect()
    module.visit(collector)
    everything = locate(module, collector.nodes)
    for node in collector.nodes[::37]:
        assert locate(module, [node]) == {id(node): everything[id(node)]}


def test_cpython_call_spans_follow_the_walk_and_match_libcst():
    text = textwrap.dedent(
        """\
        @decorate(option())
        def f(x=default()):
            label = "é" + name(x)  # columns count characters, not UTF-8 bytes
            return a.b().c(g(h()), [k(i) for i in items()], key=lambda v: v.lower())


        print(f"{total(f(1))!r:>{width()}}", (wrapped()))
        """
    )
    module = cst.parse_module(text)
    calls: list[cst.CSTNode] = []
    walk_tree(module, [], {cst.Call: [calls.append]}, {})
    spans = locate(module, calls)
    assert call_spans(text) == [spans[id(call)] for call in calls]
    assert call_spans("def broken(:\n") is None
