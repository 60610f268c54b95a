"""flake8-compatible ``# noqa`` comments: blanket, or limited to codes and prefixes.

Only real comments count, as the tokenizer finds them: a ``# noqa`` inside a string
literal silences nothing. A statement that spans several physical lines without a line
end between them (a multi-line string, a backslash continuation) can carry a comment
only on its last line, so that comment covers every line of it, as in flake8 and ruff.
Inside a multi-line string, an SQL line comment (``SELECT *  -- # noqa: PFL201``)
covers its own line.
"""

from __future__ import annotations

import contextlib
import io
import re
import tokenize
from dataclasses import dataclass, field

from perflint.lines import LINE_BREAK

# The shapes flake8 accepts after a hash: "noqa", "NOQA:PFL101", "noqa: PFL101, PFL5 PFL2".
# A code is letters then digits, so words after the codes ("# noqa: PFL501 why") are not.
_NOQA = re.compile(
    r"#\s*noqa(?::\s?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"[,\s]+")
_MENTIONS_NOQA = re.compile("noqa", re.IGNORECASE)
_SKIP_FILE = re.compile(r"#\s*perflint:\s*skip-file\s*$")
# Tokens that stand for nothing on a line of their own.
_NO_LINE = {tokenize.ENDMARKER, tokenize.DEDENT}
_STRING_PARTS = {tokenize.STRING} | (
    {tokenize.FSTRING_MIDDLE} if hasattr(tokenize, "FSTRING_MIDDLE") else set()
)


def suppressed_codes(line: str) -> frozenset[str] | None:
    """None: no noqa in the comment; empty set: blanket noqa; else the codes/prefixes named."""
    if "#" not in line:
        return None
    match = _NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return frozenset()
    return frozenset(code.upper() for code in _SEPARATOR.split(codes.strip()) if code)


def is_suppressed(line: str, code: str) -> bool:
    codes = suppressed_codes(line)
    if codes is None:
        return False
    return not codes or any(code.startswith(prefix) for prefix in codes)


@dataclass(frozen=True)
class Noqa:
    """One noqa comment: where it is written and what it silences."""

    line: int  # 1-based
    column: int  # 0-based, where the comment's hash sign is
    length: int  # of the comment text up to the last code
    codes: frozenset[str]  # empty: everything

    def silences(self, code: str) -> bool:
        return not self.codes or any(code.startswith(prefix) for prefix in self.codes)


def _noqa_in(text: str, line: int, column: int) -> Noqa | None:
    match = _NOQA.search(text)
    codes = suppressed_codes(text)
    if match is None or codes is None:
        return None
    return Noqa(line, column + match.start(), match.end() - match.start(), codes)


@dataclass
class NoqaComments:
    """The noqa comments of one file and the lines each one covers."""

    comments: dict[int, Noqa] = field(default_factory=dict)  # by the line they are on
    in_sql: dict[int, Noqa] = field(default_factory=dict)  # SQL comments in strings
    last_line: dict[int, int] = field(default_factory=dict)  # line -> its statement part's end

    @classmethod
    def of(cls, text: str) -> NoqaComments:
        found = cls()
        first: int | None = None  # first line of the current run without a line end
        for token in _tokens(text):
            kind, line = token.type, token.start[0]
            if kind in _NO_LINE:
                continue
            first = line if first is None else first
            if kind == tokenize.COMMENT:
                noqa = _noqa_in(token.string, line, token.start[1])
                if noqa is not None:
                    found.comments[line] = noqa
            elif kind in _STRING_PARTS and token.end[0] > line:
                found._sql_comments(token)
            elif kind in (tokenize.NL, tokenize.NEWLINE):
                for covered in range(first, line):
                    found.last_line[covered] = line
                first = None
        return found

    def _sql_comments(self, token: tokenize.TokenInfo) -> None:
        column = token.start[1]
        for offset, part in enumerate(LINE_BREAK.split(token.string)):
            dashes = part.find("--")
            if dashes >= 0:
                noqa = _noqa_in(part[dashes:], token.start[0] + offset, column + dashes)
                if noqa is not None:
                    self.in_sql[noqa.line] = noqa
            column = 0

    def covering(self, line: int) -> list[Noqa]:
        """The noqa comments that apply to a finding reported on `line`."""
        found = [self.comments.get(self.last_line.get(line, line)), self.in_sql.get(line)]
        return [noqa for noqa in found if noqa is not None]


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    """The tokens of `text`, as far as the tokenizer gets (LibCST parsed the file, but the
    running Python's tokenizer may not know every newer syntax)."""
    # newline="": lines end where Python ends them, and keep their own line breaks.
    readline = io.StringIO(text, newline="").readline
    tokens: list[tokenize.TokenInfo] = []
    with contextlib.suppress(tokenize.TokenError, SyntaxError):
        tokens.extend(tokenize.generate_tokens(readline))
    return tokens


def mentions_noqa(text: str) -> bool:
    """A cheap test before tokenizing: could the file hold a noqa comment at all?"""
    return _MENTIONS_NOQA.search(text) is not None


def skips_file(text: str) -> bool:
    """Does a ``# perflint: skip-file`` comment (a comment, not a string) exclude the file?"""
    if "skip-file" not in text:
        return False
    return any(
        token.type == tokenize.COMMENT and _SKIP_FILE.search(token.string)
        for token in _tokens(text)
    )
