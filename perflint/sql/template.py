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

from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from perflint.findings import RelativePosition
from perflint.lines import LINE_BREAK
from perflint.sql.literals import decode_body, split_literal

# One source character: the node it was written in and its offset in the node's code.
Origin = tuple[cst.CSTNode, int]
# A template character (None: a Python hole) and where it was written.
Char = tuple[str | None, Origin]

PLACEHOLDER_PREFIX = "__pfl"
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


# ----- building -----------------------------------------------------------------------
_HOLE = None  # marks a Python hole in the character list


class _Builder:
    def __init__(self, code_for: Callable[[cst.CSTNode], str]) -> None:
        self.code_for = code_for
        self.chars: list[Char] = []
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
            prefix, body, start = split_literal(expr.value)
            if "b" in prefix:
                raise NotSql
            self.codes[id(expr)] = expr.value
            self.chars.extend(
                (char, (expr, at)) for char, at in decode_body(body, start, "r" in prefix, False)
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
                for char, offset in decode_body(part.value, at, is_raw, True):
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
    return _Binder(builder, braces or builder.braces).bind(wrap)


class _Binder:
    """Scans the template once, binding placeholders to neutral names.

    It is in one of two states: SQL code, where placeholders are bound and quotes or
    comments open; or quoted text (``quote``: a string, a quoted identifier, a comment
    or a dollar-quoted body), copied as written until it closes.
    """

    def __init__(self, builder: _Builder, braces: bool) -> None:
        self.builder = builder
        self.chars: list[Char] = builder.chars
        self.braces = braces
        self.i = 0
        self.quote: str | None = None  # "'", '"', "--", "/*" or a dollar tag
        self.text: list[str] = []
        self.origins: list[Origin] = []
        self.names: set[str] = set()
        self.holes: set[str] = set()

    def bind(self, wrap: tuple[str, str]) -> SqlText:
        first_origin = self.chars[0][1]
        self._emit(wrap[0], first_origin)
        while self.i < len(self.chars):
            if self.quote is None:
                self._scan_code()
            else:
                self._scan_quoted()
        self._emit(wrap[1], self.origins[-1] if self.origins else first_origin)
        return SqlText(
            "".join(self.text),
            self.origins,
            frozenset(self.names),
            self.builder.holes,
            frozenset(self.holes),
            self.builder.codes,
        )

    # ----- output and lookahead ---------------------------------------------------------
    def _emit(self, piece: str, origin: Origin) -> None:
        self.text.append(piece)
        self.origins.extend([origin] * len(piece))

    def _take(self, piece: str, length: int) -> None:
        """Emit `piece` for the next `length` characters, from where the first was written."""
        self._emit(piece, self.chars[self.i][1])
        self.i += length

    def _peek(self) -> str | None:
        return self.chars[self.i + 1][0] if self.i + 1 < len(self.chars) else None

    def _text_ahead(self, length: int) -> str:
        return "".join(c or "\0" for c, _ in self.chars[self.i : self.i + length])

    def _skip(self, start: int, accept: Callable[[str | None], bool]) -> int:
        """The index of the first character from `start` on that `accept` refuses."""
        end = start
        while end < len(self.chars) and accept(self.chars[end][0]):
            end += 1
        return end

    # ----- state: SQL code --------------------------------------------------------------
    def _scan_code(self) -> None:
        char, origin = self.chars[self.i]
        if char is _HOLE:
            self._bind_placeholder(origin, python_hole=True)
            self.i += 1
            return
        length = self._placeholder_length(char)
        if length:
            # {} fields and %-formatted templates are filled by Python, maybe with SQL
            filled_by_python = char == "{" or char == "%" and self.builder.percent_formatted
            self._bind_placeholder(origin, python_hole=filled_by_python)
            self.i += length
            return
        self._scan_sql_char(char)

    def _scan_sql_char(self, char: str) -> None:
        pair = char + (self._peek() or "")
        if char in ("'", '"'):
            self.quote = char
        elif pair in ("--", "/*"):
            self.quote = pair
        elif char == "$":
            tag = self._dollar_tag()
            if tag:
                self.quote = tag
                self._take(tag, len(tag))
                return
        elif pair == "%%" or self.braces and pair in ("{{", "}}"):
            self._take(char, 2)  # an escaped % or brace stands for itself
            return
        self._take(char, 1)

    def _bind_placeholder(self, origin: Origin, python_hole: bool) -> None:
        name = f"{PLACEHOLDER_PREFIX}{len(self.names)}"
        self.names.add(name)
        if python_hole:
            self.holes.add(name)
        # keep the neutral name apart from whatever the template glued to it
        last = self.text[-1][-1:] if self.text else ""
        if last.isalnum() or last == "_":
            self._emit(" ", origin)
        self._emit(name, origin)
        self._emit(" ", origin)

    def _dollar_tag(self) -> str:
        """``$$`` or ``$tag$`` opening a dollar-quoted string here, else ""."""
        if (self._peek() or "").isdigit():
            return ""  # $1: a placeholder
        end = self._skip(self.i + 1, _is_word_char)
        if end < len(self.chars) and self.chars[end][0] == "$":
            return self._text_ahead(end - self.i + 1)
        return ""

    # ----- placeholders, one method per style -------------------------------------------
    def _placeholder_length(self, char: str) -> int:
        """How many characters of a DB-API / psycopg placeholder start here (0: none)."""
        scan = self._PLACEHOLDER_SCANS.get(char)
        return scan(self) if scan is not None else 0

    def _pyformat(self) -> int:
        """``%s``, ``%(name)s``."""
        nxt = self._peek()
        if nxt in _FORMAT_CONVERSIONS:
            return 2
        if nxt == "(":
            close = self._skip(self.i + 2, lambda c: c not in (")", None))
            if close + 1 < len(self.chars) and self.chars[close + 1][0] in _FORMAT_CONVERSIONS:
                return close + 2 - self.i
        return 0

    def _numeric(self) -> int:
        """``$1`` (postgres)."""
        if not (self._peek() or "").isdigit():
            return 0
        return self._skip(self.i + 1, lambda c: (c or "").isdigit()) - self.i

    def _qmark(self) -> int:
        """``?`` where an operand is expected (``data ? 'k'`` is a JSON operator)."""
        return 1 if _operand_expected(self.text) else 0

    def _named(self) -> int:
        """``:name``, ``:1`` where an operand is expected (``x::int`` is a cast)."""
        if not _is_word_char(self._peek()):
            return 0
        if self.i > 0 and self.chars[self.i - 1][0] == ":":
            return 0
        if not _operand_expected(self.text):
            return 0
        return self._skip(self.i + 1, _is_word_char) - self.i

    def _brace_field(self) -> int:
        """psycopg's ``{}`` / ``{name}`` fields, in a composable template."""
        if not self.braces or self._peek() == "{":
            return 0
        close = self._skip(self.i + 1, lambda c: c not in ("}", None))
        if close < len(self.chars) and self.chars[close][0] == "}":
            return close + 1 - self.i
        return 0

    _PLACEHOLDER_SCANS: dict[str, Callable[[_Binder], int]] = {
        "%": _pyformat,
        "$": _numeric,
        "?": _qmark,
        ":": _named,
        "{": _brace_field,
    }

    # ----- state: quoted text -----------------------------------------------------------
    def _scan_quoted(self) -> None:
        char = self.chars[self.i][0]
        if char is _HOLE:
            self._take("x", 1)  # Python text inside a literal: the literal stays a literal
        elif self.quote in ("'", '"'):
            self._in_string(char)
        elif self.quote == "--":
            self._in_comment(char, closes=char == "\n")
        elif self.quote == "/*":
            self._in_comment(char, closes=char == "*" and self._peek() == "/")
        else:
            self._in_dollar_quote(char)

    def _in_string(self, char: str) -> None:
        if char == self.quote and self._peek() == self.quote:
            self._take(char + char, 2)  # a doubled quote is an escaped one
            return
        if char == self.quote:
            self.quote = None
        self._take(char, 1)

    def _in_comment(self, char: str, closes: bool) -> None:
        if closes:
            self.quote = None
        self._take(char, 1)

    def _in_dollar_quote(self, char: str) -> None:
        tag = self.quote or ""
        if char == "$" and self._text_ahead(len(tag)) == tag:
            self.quote = None
            self._take(tag, len(tag))
        else:
            self._take(char, 1)


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
