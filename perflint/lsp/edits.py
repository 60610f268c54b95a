"""Text edits in the positions an editor uses: 0-based lines split at ``\\r\\n``, ``\\r`` or
``\\n`` (as the Language Server Protocol counts them) and columns in code points (the
server converts them to the client's units)."""

from __future__ import annotations

import difflib
import io
import re
import tokenize
from dataclasses import dataclass

from perflint.noqa import suppressed_codes

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_BREAK = re.compile(r"(?:\r\n|\r|\n)$")
# Where the codes of a noqa comment end ("noqa: A1, B2", flake8's grammar).
_NOQA_CODES = re.compile(r"#\s*noqa:\s?[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*", re.IGNORECASE)


@dataclass(frozen=True)
class TextEdit:
    start: tuple[int, int]  # (line, column), 0-based
    end: tuple[int, int]
    text: str


def split_lines(text: str) -> list[str]:
    """The lines of `text`, each with its line break."""
    return _LINE.findall(text)


def line_content(line: str) -> str:
    return _BREAK.sub("", line)


def _end_of(lines: list[str], index: int) -> tuple[int, int]:
    """The position just before line `index` (or the end of the text past the last line)."""
    if index < len(lines) or not lines or _BREAK.search(lines[-1]):
        return index, 0
    return len(lines) - 1, len(lines[-1])


def text_edits(old: str, new: str) -> list[TextEdit]:
    """Edits, one per changed run of lines, that turn `old` into `new`."""
    old_lines, new_lines = split_lines(old), split_lines(new)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    return [
        TextEdit(_end_of(old_lines, i1), _end_of(old_lines, i2), "".join(new_lines[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _string_spans(text: str) -> list[tuple[int, int]]:
    """(first line, last line) of each string literal that spans lines (1-based)."""
    fstring_start = getattr(tokenize, "FSTRING_START", None)
    fstring_end = getattr(tokenize, "FSTRING_END", None)
    spans, open_fstrings = [], []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            spans.append((token.start[0], token.end[0]))
        elif token.type == fstring_start:
            open_fstrings.append(token.start[0])
        elif token.type == fstring_end and open_fstrings:
            spans.append((open_fstrings.pop(), token.end[0]))
    return spans


def noqa_edit(text: str, line: int, code: str) -> TextEdit | None:
    """The edit that adds `code` to the ``# noqa`` of 1-based `line`: a new comment at the
    end of the line, or the code added to the one there. None where a comment cannot go
    (the line ends inside a string or with a backslash) or a blanket ``# noqa`` is there."""
    lines = split_lines(text)
    if not 0 < line <= len(lines):
        return None
    content = line_content(lines[line - 1])
    if content.rstrip().endswith("\\"):
        return None
    try:
        if any(first <= line < last for first, last in _string_spans(text)):
            return None
    except (tokenize.TokenError, SyntaxError):
        return None
    codes = suppressed_codes(content)
    if codes is None:
        return TextEdit((line - 1, len(content)), (line - 1, len(content)), f"  # noqa: {code}")
    match = _NOQA_CODES.search(content)
    if not codes or match is None:
        return None
    return TextEdit((line - 1, match.end()), (line - 1, match.end()), f", {code}")
