"""Which Python strings are SQL, found once per file and shared by every PFL2xx rule.

A string is SQL when it reaches a sink the knowledge base knows (``cur.execute``,
``text()``, ``pd.read_sql``...), directly or through a name bound to it in the same
function or module; when it reaches a sink-like method on a receiver that cannot be
traced and parses as a real statement; or when a module/class constant parses as a
complete statement with real structure (prose never does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import libcst as cst

from perflint.analysis import Analysis
from perflint.context import FileContext
from perflint.knowledge import Knowledge
from perflint.knowledge.sql import (
    PROBABLE_SINK_METHODS,
    SINK,
    SQL_ARGUMENT,
    STATEMENT_KEYWORDS,
    SqlArgument,
)
from perflint.rules.sql._dialect import Dialect, call_dialect, file_dialect, named_dialect
from perflint.sql.parse import Parsed, parse, tokens
from perflint.sql.template import NotSql, SqlText, build

_DEFAULT_ARGUMENT = SqlArgument(0, "sql")
_STRING_NODES = (
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
    cst.BinaryOperation,
    cst.Call,
)
# Prose that happens to parse ("Delete the file from disk") names no real table.
_PROSE_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "your",
        "my",
        "our",
        "their",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
        "all",
        "any",
        "some",
        "each",
        "every",
        "it",
        "them",
    }
)
_WRAPS = {
    "statement": ("", ""),
    "composable": ("", ""),
    "expression": ("SELECT ", ""),
    "conditions": ("SELECT 1 WHERE ", ""),
}


@dataclass(slots=True)
class Candidate:
    """One SQL text found in the file, parsed."""

    sql: SqlText
    parsed: Parsed
    dialect: str
    certain: bool  # reached a known statement sink: a syntax error is worth reporting
    dialect_source: str = "default"  # or "configured", "driver", "guard": who says the dialect
    call: cst.Call | None = None  # the sink call (None: a module or class constant)
    sink: str = ""  # the sink's qualified name, or ".method" on an untraced receiver


class FileSql(Analysis):
    """The SQL candidates of one file, computed once per node for all rules."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.dialect = file_dialect(ctx.settings)
        self._by_node: dict[int, list[Candidate]] = {}
        self._augmented: set[int] = set()
        self._sink_names = _sink_names(ctx.knowledge)

    # ----- walk events --------------------------------------------------------------
    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        """``q += " WHERE ..."``: the name's first value is not the whole query."""
        binding = self.ctx.binding_of(node.target)
        if binding is not None and binding.node is not None:
            self._augmented.add(id(binding.node))

    def at_call(self, call: cst.Call) -> list[Candidate]:
        found = self._by_node.get(id(call))
        if found is None:
            found = self._by_node[id(call)] = self._from_call(call)
        return found

    def at_constant(self, node: cst.Assign | cst.AnnAssign) -> list[Candidate]:
        """A module- or class-level string constant that parses as a real statement."""
        found = self._by_node.get(id(node))
        if found is None:
            found = self._by_node[id(node)] = self._from_constant(node)
        return found

    # ----- sinks --------------------------------------------------------------------
    def _from_call(self, call: cst.Call) -> list[Candidate]:
        func = call.func
        name = func.attr.value if isinstance(func, cst.Attribute) else None
        if isinstance(func, cst.Name):
            name = func.value
        if name not in self._sink_names or not call.args:
            return []
        callee = self.ctx.callee(call)
        knowledge = self.ctx.knowledge
        if callee is not None and knowledge.has_effect(callee, SINK):
            argument = self._argument(callee)
            certain = argument.shape == "statement"
            sink = callee
        elif isinstance(func, cst.Attribute) and name in PROBABLE_SINK_METHODS:
            # an untraced receiver (``self.db``, ``User.objects``): decided by the text
            argument, certain = PROBABLE_SINK_METHODS[name], False
            sink = f".{name}"
        else:
            return []
        dialect = call_dialect(callee, self.ctx.stack, self.dialect)
        found = []
        for expr in self._sql_arguments(call, argument):
            candidate = self._candidate(expr, argument, dialect, certain)
            if candidate is not None:
                candidate.call, candidate.sink = call, sink
                found.append(candidate)
        return found

    def _argument(self, callee: str) -> SqlArgument:
        found = SQL_ARGUMENT.get(callee)
        if found is not None:
            return found
        owner, _, member = callee.rpartition(".")
        for base in self.ctx.knowledge.ancestry(owner)[1:] if owner else ():
            found = SQL_ARGUMENT.get(f"{base}.{member}")
            if found is not None:
                return found
        return _DEFAULT_ARGUMENT

    def _sql_arguments(self, call: cst.Call, argument: SqlArgument) -> list[cst.BaseExpression]:
        value = None
        positional = [a for a in call.args if a.keyword is None and not a.star]
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == argument.keyword:
                value = arg.value
        if value is None and argument.position is not None and len(positional) > argument.position:
            value = positional[argument.position].value
        if value is None:
            return []
        if argument.shape == "conditions" and isinstance(value, (cst.List, cst.Tuple)):
            return [e.value for e in value.elements if not isinstance(e, cst.StarredElement)]
        return [value]

    def _resolve_name(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """A string expression, following a name bound once to one in this scope chain."""
        if isinstance(expr, _STRING_NODES):
            return expr
        if not isinstance(expr, cst.Name):
            return None
        binding = self.ctx.binding_of(expr)
        if binding is None or id(binding.node) in self._augmented:
            return None
        node = binding.node
        single = isinstance(node, cst.Assign) and len(node.targets) == 1
        if not (single or isinstance(node, cst.AnnAssign)):
            return None
        value = node.value
        return value if isinstance(value, _STRING_NODES) else None

    def _candidate(
        self,
        expr: cst.BaseExpression,
        argument: SqlArgument,
        dialect: Dialect,
        certain: bool,
    ) -> Candidate | None:
        resolved = self._resolve_name(expr)
        if resolved is None:
            return None
        if isinstance(expr, cst.Name):
            dialect = named_dialect(expr.value, dialect)
        try:
            sql = build(
                resolved,
                self.ctx.code_for,
                braces=argument.shape == "composable",
                wrap=_WRAPS[argument.shape],
            )
        except NotSql:
            return None
        if argument.shape == "expression" and first_word(sql.text[7:]) in STATEMENT_KEYWORDS:
            sql = build(resolved, self.ctx.code_for)  # RawSQL("SELECT ...") is a whole query
        if not certain and argument.shape == "statement":
            # an untraced receiver: only a real statement makes it a sink
            if first_word(sql.text) not in STATEMENT_KEYWORDS:
                return None
            parsed = parse(sql.text, dialect.name)
            if not _is_real_statement(parsed, sql.text, dialect.name):
                return None
        else:
            parsed = parse(sql.text, dialect.name)
            if parsed.error is not None and not certain:
                return None  # a fragment perflint could not complete: no verdict
        return Candidate(sql, parsed, dialect.name, certain, dialect.source)

    def real_statement(self, expr: cst.BaseExpression) -> bool:
        """Is the SQL text `expr` builds (or a name bound once to one holds) a real
        statement, as an untraced receiver's SQL must be? Where Python's holes make it
        unparsable (a trailing ``{clause}``, ``" AND ..." + clause``), the text without
        them is judged. Prose never is one."""
        resolved = self._resolve_name(expr)
        if resolved is None:
            return False
        try:
            sql = build(resolved, self.ctx.code_for)
        except NotSql:
            return False
        dialect = self.dialect.name
        if _is_real_statement(parse(sql.text, dialect), sql.text, dialect):
            return True
        if not sql.holes:
            return False
        text = re.sub(r"\b(?:" + "|".join(sorted(sql.holes)) + r")\b", " ", sql.text)
        return _is_real_statement(parse(text, dialect), text, dialect)

    # ----- constants ----------------------------------------------------------------
    def _from_constant(self, node: cst.Assign | cst.AnnAssign) -> list[Candidate]:
        value = node.value
        if not isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
            return []
        first = value
        while isinstance(first, cst.ConcatenatedString):
            first = first.left
        if isinstance(first, cst.SimpleString):
            body = first.value.lstrip("rRuUbBfF").lstrip("'\"")
            if not body.startswith("\\") and first_word(body) not in STATEMENT_KEYWORDS:
                return []  # cheap: most constants do not even start like a statement
        try:
            sql = build(value, self.ctx.code_for)
        except NotSql:
            return []
        if first_word(sql.text) not in STATEMENT_KEYWORDS:
            return []
        dialect = self.dialect
        target = node.targets[0].target if isinstance(node, cst.Assign) else node.target
        if isinstance(target, cst.Name):
            dialect = named_dialect(target.value, dialect)
        parsed = parse(sql.text, dialect.name)
        if not _is_real_statement(parsed, sql.text, dialect.name):
            return []
        return [Candidate(sql, parsed, dialect.name, False, dialect.source)]


@lru_cache(maxsize=16)
def _sink_names(knowledge: Knowledge) -> frozenset[str]:
    """Last parts of every sink's name, user-declared ones too: a cheap pre-filter."""
    names = {name.rsplit(".", 1)[-1] for name in (*knowledge.names_with(SINK), *SQL_ARGUMENT)}
    return frozenset(names | set(PROBABLE_SINK_METHODS))


def first_word(text: str) -> str:
    """The first word of SQL text, skipping blanks, parentheses and ``--`` comments."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace() or text[i] == "(":
            i += 1
        elif text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        else:
            break
    end = i
    while end < n and text[end].isalpha():
        end += 1
    return text[i:end].upper()


def _is_real_statement(parsed: Parsed, text: str, dialect: str) -> bool:
    """A complete DML statement with real structure, not prose that happens to parse."""
    from sqlglot import exp

    if parsed.error is not None or not parsed.statements:
        return False
    statement = parsed.statements[0]
    while isinstance(statement, exp.Union):
        statement = statement.left
    tables = [t.name.lower() for t in statement.find_all(exp.Table)]
    if any(name in _PROSE_WORDS for name in tables):
        return False
    if isinstance(statement, exp.Select):
        from_ = statement.args.get("from_") or statement.args.get("from")
        return bool(statement.expressions) and from_ is not None
    if isinstance(statement, exp.Insert):
        return statement.expression is not None
    if isinstance(statement, exp.Update):
        return bool(statement.expressions)
    if isinstance(statement, exp.Delete):
        words = [t.text.upper() for t in tokens(text, dialect)[:2]]
        return words == ["DELETE", "FROM"]
    return isinstance(statement, exp.Merge)
