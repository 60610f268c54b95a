"""The lean locator gives exactly LibCST's PositionProvider spans."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider
from support import FIXTURES, ROOT

from perflint.positions import locate

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
