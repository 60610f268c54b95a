"""Where the calls that project-wide findings name are, worked out in the main process.

A summary knows a call by its ordinal in the file's walk (`perflint.effects.summary`);
only the few calls a finding names (the call reported, each hop, the effect) are located,
by reading their file again: CPython's parser lists the calls in walk order
(`call_spans`), and where it counts another number of calls than the walk met, LibCST,
which the walk used, does. Each file is read and parsed once per run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import libcst as cst

from perflint.effects.call_positions import call_spans
from perflint.lines import physical_lines
from perflint.noqa import NoqaComments, mentions_noqa
from perflint.positions import Span, locate
from perflint.walk import walk_tree


@dataclass(frozen=True, slots=True)
class Place:
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int


@dataclass
class _Source:
    spans: list[Span] | None  # every call's, in walk order; None: it cannot be located
    text: str
    lines: list[str] | None = None
    noqa: NoqaComments | None = None


class SourcePlaces:
    """Places, source lines and noqa comments of the files findings are reported in;
    `read` gives a file's text by its display path (None when it cannot), `walked` how
    many calls each file's summary met."""

    def __init__(self, read: Callable[[str], str | None], walked: Mapping[str, int]) -> None:
        self._read = read
        self._walked = walked
        self._sources: dict[str, _Source] = {}

    def place(self, path: str, at: int) -> Place | None:
        """Where the `at`-th call of the file is; None when the file is no longer what was
        summarised."""
        source = self._source(path)
        if source.spans is None or not 0 <= at < len(source.spans):
            return None
        line, column, end_line, end_column = source.spans[at]
        return Place(line, column + 1, end_line, end_column + 1)

    def line_text(self, path: str, line: int) -> str:
        source = self._sources[path]
        if source.lines is None:
            source.lines = physical_lines(source.text)
        return source.lines[line - 1] if 0 < line <= len(source.lines) else ""

    def silenced(self, path: str, line: int, code: str) -> bool:
        """Does a ``# noqa`` comment covering `line` silence `code`?"""
        source = self._sources[path]
        if source.noqa is None:  # tokenizing is the slow part: most files have no noqa
            source.noqa = NoqaComments.of(source.text if mentions_noqa(source.text) else "")
        return any(noqa.silences(code) for noqa in source.noqa.covering(line))

    def _source(self, path: str) -> _Source:
        source = self._sources.get(path)
        if source is None:
            text = self._read(path)
            spans = None if text is None else _call_spans(text, self._walked[path])
            source = self._sources[path] = _Source(spans, text or "")
        return source


def _call_spans(text: str, walked: int) -> list[Span] | None:
    spans = call_spans(text)
    if spans is not None and len(spans) == walked:
        return spans
    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError):
        return None
    calls: list[cst.CSTNode] = []
    try:
        walk_tree(module, [], {cst.Call: [calls.append]}, {})
    except RecursionError:
        return None
    if len(calls) != walked:
        return None
    located = locate(module, calls)
    return [located[id(call)] for call in calls] if len(located) == len(calls) else None
