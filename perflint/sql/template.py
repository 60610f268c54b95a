"""Turn the Python expression that builds a query into SQL text that sqlglot can parse.

The expression may be a literal, an implicit or ``+`` concatenation, an f-string, a
``%``-formatted or ``.format()``-ed template. Python holes (f-string fields, concatenated
variables, format fields) and DB-API placeholders (``%s``, ``%(name)s``, ``?``, ``:name``,
``:1``, ``$1``, psycopg's ``{}``) are bound to neutral identifiers; text inside SQL string
literals, quoted identifiers and comments keeps its meaning (a hole inside a literal
becomes ``x``, so ``'%{term}%'`` stays a pattern). Every character of the result
remembers where it came from in the Python source, so findings point at the SQL token.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from perflint.context import RelativePosition
from perflint.lines import LINE_BREAK

# One source character: the node it was written in and its offset in the node's code.
Origin = tuple[cst.CSTNode, int]

PLACEHOLDER_PREFIX = "__pfl"
_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_FORMAT_CONVERSIONS = frozenset("sdifrbtxXeEgGc")
# A ``?`` or ``:name`` after one of these words is a placeholder, not an operator.
_OPERAND_KEYWORDS = frozenset(
    {
        "SELECT",
        "WHERE",
        "AND",
        "OR",
        "NOT",
        "IN",
        "IS",
        "LIKE",
        "ILIKE",
        "BETWEEN",
        "LIMIT",
        "OFFSET",
        "VALUES",
        "SET",
        "THEN",
        "ELSE",
        "WHEN",
        "CASE",
        "ON",
        "BY",
        "RETURNING",
        "HAVING",
        "ANY",
        "ALL",
        "INTERVAL",
        "AS",
        "FETCH",
        "TOP",
        "DEFAULT",
        "ESCAPE",
        "TO",
        "FROM",
        "JOIN",
        "INTO",
        "USING",
        "DISTINCT",
    }
)


class NotSql(Exception):
    """The expression cannot be SQL text (bytes, or not built from strings at all)."""


@dataclass(slots=True)
class SqlText:
    """SQL ready for sqlglot, with the source origin of each character."""

    text: str
    origins: list[Origin]
    placeholders: frozenset[str]
    python_holes: int  # f-string fields, concatenated variables, format fields
    holes: frozenset[str]  # placeholders standing for text Python fills in (may be SQL)
    codes: dict[int, str]  # id(node) -> the node's own code, for line/column arithmetic

    def position(self, offset: int, end: int | None = None) -> tuple[cst.CSTNode, RelativePosition]:
        """Where SQL characters `offset`..`end` (inclusive) were written: a node and a
        position inside it (one character wide when the span crosses a line or a part)."""
        node, line_offset, column = self._source(offset)
        length = 1
        if end is not None and end > offset:
            end_node, end_line, end_column = self._source(end)
            if end_node is node and end_line == line_offset and end_column >= column:
                length = end_column - column + 1
        return node, RelativePosition(line_offset, column, length)

    def _source(self, offset: int) -> tuple[cst.CSTNode, int, int]:
        offset = max(0, min(offset, len(self.origins) - 1))
        node, at = self.origins[offset]
        code = self.codes.get(id(node), "")
        breaks = list(LINE_BREAK.finditer(code, 0, at))  # \r alone ends a line too
        column = at - breaks[-1].end() if breaks else at
        return node, len(breaks), column

    def is_placeholder(self, name: str) -> bool:
        return name in self.placeholders


# ----- reading Python string literals -------------------------------------------------
def _decode(raw: str, base: int, is_raw: bool, braces: bool) -> list[tuple[str, int]]:
    """The characters a literal body stands for, each with its offset in the code."""
    if (is_raw or "\\" not in raw) and not (braces and ("{{" in raw or "}}" in raw)):
        return [(char, base + i) for i, char in enumerate(raw)]
    out: list[tuple[str, int]] = []
    i, n = 0, len(raw)
    while i < n:
        char = raw[i]
        if braces and char in "{}" and raw[i + 1 : i + 2] == char:
            out.append((char, base + i))
            i += 2
            continue
        if char != "\\" or is_raw:
            out.append((char, base + i))
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        if nxt == "\n":
            i += 2
        elif nxt in _SIMPLE_ESCAPES:
            out.append((_SIMPLE_ESCAPES[nxt], base + i))
            i += 2
        elif nxt in _HEX_ESCAPES or nxt == "N" or nxt.isdigit():
            if nxt == "N":
                end = raw.find("}", i) + 1 or n
            elif nxt.isdigit():
                end = i + 1
                while end < min(n, i + 4) and raw[end] in "01234567":
                    end += 1
            else:
                end = i + 2 + _HEX_ESCAPES[nxt]
            try:
                decoded = codecs.decode(raw[i:end], "unicode_escape")
            except UnicodeDecodeError:
                decoded = raw[i:end]
            out.extend((c, base + i) for c in decoded)
            i = end
        else:
            out.append(("\\", base + i))
            i += 1
    return out


def _split_literal(code: str) -> tuple[str, str, int]:
    """(prefix, body, offset of body) of a string literal's code."""
    prefix_len = 0
    while code[prefix_len] not in "'\"":
        prefix_len += 1
    quote = code[prefix_len : prefix_len + 3]
    if quote not in ('"""', "'''"):
        quote = quote[0]
    start = prefix_len + len(quote)
    return code[:prefix_len].lower(), code[start : len(code) - len(quote)], start


# ----- building -----------------------------------------------------------------------
_HOLE = None  # marks a Python hole in the character list


class _Builder:
    def __init__(self, code_for: Callable[[cst.CSTNode], str]) -> None:
        self.code_for = code_for
        self.chars: list[tuple[str | None, Origin]] = []
        self.codes: dict[int, str] = {}
        self.holes = 0
        self.braces = False
        self.percent_formatted = False

    def hole(self, node: cst.CSTNode, at: int = 0) -> None:
        self.holes += 1
        self.codes.setdefault(id(node), "")
        self.chars.append((_HOLE, (node, at)))

    def add(self, expr: cst.BaseExpression, braces: bool = False) -> None:
        if isinstance(expr, cst.SimpleString):
            prefix, body, start = _split_literal(expr.value)
            if "b" in prefix:
                raise NotSql
            self.codes[id(expr)] = expr.value
            self.chars.extend(
                (char, (expr, at)) for char, at in _decode(body, start, "r" in prefix, False)
            )
        elif isinstance(expr, cst.ConcatenatedString):
            self.add(expr.left, braces)
            self.add(expr.right, braces)
        elif isinstance(expr, cst.FormattedString):
            self._fstring(expr)
        elif isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            self.add(expr.left, braces)
            self.add(expr.right, braces)
        elif isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Modulo):
            if not isinstance(expr.left, (cst.SimpleString, cst.ConcatenatedString)):
                raise NotSql
            self.holes += 1  # the formatted text is only known at run time
            self.percent_formatted = True
            self.add(expr.left, braces)
        elif (
            isinstance(expr, cst.Call)
            and isinstance(expr.func, cst.Attribute)
            and expr.func.attr.value == "format"
            and isinstance(expr.func.value, (cst.SimpleString, cst.ConcatenatedString))
        ):
            self.holes += 1
            self.braces = True
            self.add(expr.func.value, True)
        elif self.chars:
            self.hole(expr)
        else:
            raise NotSql

    def _fstring(self, node: cst.FormattedString) -> None:
        if "b" in node.start.lower():
            raise NotSql
        is_raw = "r" in node.start.lower()
        at = len(node.start)
        codes = [node.start]
        for part in node.parts:
            part_code = self.code_for(part)
            if isinstance(part, cst.FormattedStringText):
                for char, offset in _decode(part.value, at, is_raw, True):
                    self.chars.append((char, (node, offset)))
            else:
                self.hole(node, at)
            codes.append(part_code)
            at += len(part_code)
        codes.append(node.end)
        self.codes[id(node)] = "".join(codes)


def build(
    expr: cst.BaseExpression,
    code_for: Callable[[cst.CSTNode], str],
    braces: bool = False,
    wrap: tuple[str, str] = ("", ""),
) -> SqlText:
    """SQL text for a Python string expression; raises `NotSql` when it cannot be one.

    `braces` treats ``{}`` fields as holes (psycopg ``sql.SQL``); `wrap` puts the text
    inside a statement (fragments such as Django's ``extra(where=...)``).
    """
    builder = _Builder(code_for)
    builder.add(expr, braces)
    if not builder.chars:
        raise NotSql
    return _bind(builder, braces or builder.braces, wrap)


def _bind(builder: _Builder, braces: bool, wrap: tuple[str, str]) -> SqlText:
    chars = builder.chars
    text: list[str] = []
    origins: list[Origin] = []
    names: set[str] = set()
    holes: set[str] = set()
    first_origin = chars[0][1]

    def emit(piece: str, origin: Origin) -> None:
        text.append(piece)
        origins.extend([origin] * len(piece))

    def placeholder(origin: Origin, python_hole: bool) -> None:
        name = f"{PLACEHOLDER_PREFIX}{len(names)}"
        names.add(name)
        if python_hole:
            holes.add(name)
        # keep the neutral name apart from whatever the template glued to it
        if text and (text[-1][-1:].isalnum() or text[-1][-1:] == "_"):
            emit(" ", origin)
        emit(name, origin)
        emit(" ", origin)

    emit(wrap[0], first_origin)
    n = len(chars)
    i = 0
    quote: str | None = None  # "'", '"', "--", "/*" or a dollar tag
    while i < n:
        char, origin = chars[i]
        nxt = chars[i + 1][0] if i + 1 < n else ""
        if quote is not None:
            if char is _HOLE:
                emit("x", origin)
            elif quote in ("'", '"') and char == quote:
                if nxt == quote:
                    emit(char + char, origin)
                    i += 2
                    continue
                quote = None
                emit(char, origin)
            elif quote == "--" and char == "\n" or quote == "/*" and char == "*" and nxt == "/":
                emit(char, origin)
                quote = None
            elif quote.startswith("$") and char == "$" and _lookahead(chars, i, quote):
                emit(quote, origin)
                i += len(quote)
                quote = None
                continue
            else:
                emit(char, origin)
            i += 1
            continue
        if char is _HOLE:
            placeholder(origin, True)
            i += 1
            continue
        consumed = _placeholder_length(chars, i, text, braces)
        if consumed:
            filled_by_python = char == "{" or char == "%" and builder.percent_formatted
            placeholder(origin, filled_by_python)
            i += consumed
            continue
        if char in ("'", '"'):
            quote = char
        elif char == "-" and nxt == "-":
            quote = "--"
        elif char == "/" and nxt == "*":
            quote = "/*"
        elif char == "$":
            tag = _dollar_tag(chars, i)
            if tag:
                emit(tag, origin)
                i += len(tag)
                quote = tag
                continue
        elif char == "%" and nxt == "%":
            emit("%", origin)
            i += 2
            continue
        elif braces and char in "{}" and nxt == char:
            emit(char, origin)
            i += 2
            continue
        emit(char, origin)
        i += 1
    emit(wrap[1], origins[-1] if origins else first_origin)
    return SqlText(
        "".join(text), origins, frozenset(names), builder.holes, frozenset(holes), builder.codes
    )


def _text_of(chars: list[tuple[str | None, Origin]], start: int, length: int) -> str:
    return "".join(c or "\0" for c, _ in chars[start : start + length])


def _lookahead(chars, i: int, tag: str) -> bool:
    return _text_of(chars, i, len(tag)) == tag


def _dollar_tag(chars, i: int) -> str:
    """``$$`` or ``$tag$`` opening a dollar-quoted string at `i`, else ""."""
    j = i + 1
    while j < len(chars) and _is_word_char(chars[j][0]):
        if j == i + 1 and (chars[j][0] or "").isdigit():
            return ""  # $1: a placeholder
        j += 1
    if j < len(chars) and chars[j][0] == "$":
        return _text_of(chars, i, j - i + 1)
    return ""


def _is_word_char(char: str | None) -> bool:
    return char is not None and (char.isalnum() or char == "_")


def _previous_word(text: list[str]) -> str:
    """The last non-blank token emitted so far: a word, or one punctuation character."""
    joined = "".join(text[-12:]).rstrip()
    if not joined:
        return "("
    end = len(joined)
    start = end
    while start > 0 and (joined[start - 1].isalnum() or joined[start - 1] == "_"):
        start -= 1
    return joined[start:end] if start < end else joined[-1]


def _operand_expected(text: list[str]) -> bool:
    word = _previous_word(text)
    if word[0].isalnum() or word[0] == "_":
        return word.upper() in _OPERAND_KEYWORDS
    return word in "(,=<>!+-*/|%[" and word != "]"


def _placeholder_length(chars, i: int, text: list[str], braces: bool) -> int:
    """How many characters of a DB-API / psycopg placeholder start at `i` (0: none)."""
    char = chars[i][0]
    nxt = chars[i + 1][0] if i + 1 < len(chars) else None
    if char == "%":
        if nxt in _FORMAT_CONVERSIONS:
            return 2
        if nxt == "(":
            j = i + 2
            while j < len(chars) and chars[j][0] not in (")", None):
                j += 1
            if j + 1 < len(chars) and chars[j + 1][0] in _FORMAT_CONVERSIONS:
                return j + 2 - i
        return 0
    if char == "$" and nxt is not None and nxt.isdigit():
        j = i + 1
        while j < len(chars) and (chars[j][0] or "").isdigit():
            j += 1
        return j - i
    if char == "?" and _operand_expected(text):
        return 1
    if (
        char == ":"
        and nxt is not None
        and (nxt.isalnum() or nxt == "_")
        and (i == 0 or chars[i - 1][0] != ":")
        and _operand_expected(text)
    ):
        j = i + 1
        while j < len(chars) and ((chars[j][0] or "").isalnum() or chars[j][0] == "_"):
            j += 1
        return j - i
    if braces and char == "{" and nxt != "{":
        j = i + 1
        while j < len(chars) and chars[j][0] not in ("}", None):
            j += 1
        if j < len(chars) and chars[j][0] == "}":
            return j + 1 - i
    return 0
