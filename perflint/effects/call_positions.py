"""Where a file's calls are, from CPython's parser. The calls a project-wide finding names
are known by their ordinal in the walk (`perflint.effects.places`); a LibCST code
generation pass to place them costs about as much as the rules' walk, while `ast` finds
the same calls in a fraction of it. Sorted by where they start (on a tie
the longer first: ``a.b().c()`` before ``a.b()``), they come in the order of the engine's
walk, which visits a node before the nodes inside it, in source order."""

from __future__ import annotations

import ast
import warnings

from perflint.lines import physical_lines
from perflint.positions import Span


def call_spans(text: str) -> list[Span] | None:
    """The span of each call of `text` (columns 0-based, in characters), in walk order;
    None when CPython cannot parse the text."""
    try:
        with warnings.catch_warnings():  # SyntaxWarnings would reach stderr from a worker
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    spans = [
        (node.lineno, node.col_offset, node.end_lineno or node.lineno, node.end_col_offset or 0)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    ]
    spans.sort(key=lambda span: (span[0], span[1], -span[2], -span[3]))
    return spans if text.isascii() else _in_characters(spans, physical_lines(text))


def _in_characters(spans: list[Span], lines: list[str]) -> list[Span]:
    """`ast` counts columns in UTF-8 bytes; the findings count characters."""
    cache: dict[int, bytes] = {}

    def column(line: int, offset: int) -> int:
        if not 0 < line <= len(lines):
            return offset
        encoded = cache.get(line)
        if encoded is None:
            encoded = cache[line] = lines[line - 1].encode("utf-8", "surrogatepass")
        return len(encoded[:offset].decode("utf-8", "replace"))

    return [(a, column(a, b), c, column(c, d)) for a, b, c, d in spans]
