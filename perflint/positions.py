"""Where reported nodes are, computed only for them.

LibCST's ``PositionProvider`` generates the module's code and builds a ``CodeRange``
object for every node: on a Django sample that costs 4.6x the parse. Findings need
positions for a handful of nodes, so this locator runs the same code generation with
a lean state: it tracks line and column without keeping the generated text, keeps
plain tuples, and stops as soon as the last reported node has been placed. Positions
are the same "syntactic" ranges ``PositionProvider`` gives (leading whitespace and
comments excluded).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress

import libcst as cst
from libcst._nodes.internal import CodegenState

Span = tuple[
    int, int, int, int
]  # start line (1-based), start column (0-based), end line, end column

_NEWLINE = re.compile(r"\r\n?|\n")


class _AllPlaced(Exception):
    """Raised to stop code generation once every wanted node has its span."""


class _Locator(CodegenState):
    def __init__(self, module: cst.Module, wanted: Iterable[cst.CSTNode]) -> None:
        super().__init__(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        self.line = 1
        self.column = 0
        # The generated text is not kept; Module only asks whether anything was emitted.
        self.tokens = [""]
        self.starts: list[tuple[int, int]] = []
        # Every node's span, by id: a node's syntactic span may borrow a child's.
        self.spans: dict[int, Span] = {}
        self.wanted = {id(node) for node in wanted}
        self.remaining = len(self.wanted)

    def _advance(self, text: str) -> None:
        if "\n" in text or "\r" in text:
            segments = _NEWLINE.split(text)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(text)

    def add_token(self, value: str) -> None:
        self._advance(value)

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self._advance(token)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.starts.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        start_line, start_column = self.starts.pop()
        key = id(node)
        if key not in self.spans:  # a syntactic span recorded inside wins
            self.spans[key] = (start_line, start_column, self.line, self.column)
        if key in self.wanted:
            self.remaining -= 1
            if self.remaining == 0:
                raise _AllPlaced

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> Iterator[None]:
        start = (self.line, self.column)
        yield  # on _AllPlaced nothing more is recorded: the exception just passes
        if start_node is not None:
            start = self.spans[id(start_node)][:2]
        end = (self.line, self.column)
        if end_node is not None:
            end = self.spans[id(end_node)][2:]
        self.spans[id(node)] = (*start, *end)


def locate(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[int, Span]:
    """Spans of `nodes` (nodes of `module` itself), keyed by ``id(node)``."""
    nodes = list(nodes)
    locator = _Locator(module, nodes)
    with suppress(_AllPlaced):
        module._codegen(locator)
    return {id(node): locator.spans[id(node)] for node in nodes if id(node) in locator.spans}
