"""Which Python strings are SQL, found once per file and shared by every PFL2xx rule.

A string is SQL when it reaches a sink the knowledge base knows (``cur.execute``,
``text()``, ``pd.read_sql``...), directly or through a name bound to it in the same
function or module; when it reaches a sink-like method on a receiver that cannot be
traced and parses as a real statement; or when a module/class constant parses as a
complete statement with real structure (prose never does).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import libcst as cst

from perflint.context import FileContext
from perflint.globs import matches, relative_to
from perflint.knowledge import Knowledge
from perflint.knowledge.sql import (
    DRIVER_DIALECTS,
    PROBABLE_SINK_METHODS,
    SQL_ARGUMENT,
    SqlArgument,
)
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
_STATEMENT_WORDS = frozenset({"SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE"})
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


class FileSql:
    """The SQL candidates of one file, computed once per node for all rules."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.dialect = _dialect_for(ctx)
        self._by_node: dict[int, list[Candidate]] = {}
        self._augmented: set[int] = set()
        self._sink_names = _sink_names(ctx.knowledge)

    # ----- walk events --------------------------------------------------------------
    def note_augmented(self, node: cst.AugAssign) -> None:
        """``q += " WHERE ..."``: the name's first value is not the whole query."""
        binding = self.ctx.resolver.binding_of(node.target)
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
        if callee is not None and knowledge.has_effect(callee, "sql.sink"):
            argument = self._argument(callee)
            certain = argument.shape == "statement"
            dialect = _driver_dialect(callee, self.dialect)
        elif isinstance(func, cst.Attribute) and name in PROBABLE_SINK_METHODS:
            # an untraced receiver (``self.db``, ``User.objects``): decided by the text
            argument, certain = PROBABLE_SINK_METHODS[name], False
            dialect = self.dialect
        else:
            return []
        found = []
        for expr in self._sql_arguments(call, argument):
            candidate = self._candidate(expr, argument, dialect, certain)
            if candidate is not None:
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
        binding = self.ctx.resolver.binding_of(expr)
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
        dialect: str,
        certain: bool,
    ) -> Candidate | None:
        resolved = self._resolve_name(expr)
        if resolved is None:
            return None
        try:
            sql = build(
                resolved,
                self.ctx.code_for,
                braces=argument.shape == "composable",
                wrap=_WRAPS[argument.shape],
            )
        except NotSql:
            return None
        if argument.shape == "expression" and _first_word(sql.text[7:]) in _STATEMENT_WORDS:
            sql = build(resolved, self.ctx.code_for)  # RawSQL("SELECT ...") is a whole query
        if not certain and argument.shape == "statement":
            # an untraced receiver: only a real statement makes it a sink
            if _first_word(sql.text) not in _STATEMENT_WORDS:
                return None
            parsed = parse(sql.text, dialect)
            if not is_real_statement(parsed, sql.text, dialect):
                return None
        else:
            parsed = parse(sql.text, dialect)
            if parsed.error is not None and not certain:
                return None  # a fragment perflint could not complete: no verdict
        return Candidate(sql, parsed, dialect, certain)

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
            if not body.startswith("\\") and _first_word(body) not in _STATEMENT_WORDS:
                return []  # cheap: most constants do not even start like a statement
        try:
            sql = build(value, self.ctx.code_for)
        except NotSql:
            return []
        if _first_word(sql.text) not in _STATEMENT_WORDS:
            return []
        parsed = parse(sql.text, self.dialect)
        if not is_real_statement(parsed, sql.text, self.dialect):
            return []
        return [Candidate(sql, parsed, self.dialect, False)]


@lru_cache(maxsize=16)
def _sink_names(knowledge: Knowledge) -> frozenset[str]:
    """Last parts of every sink's name, user-declared ones too: a cheap pre-filter."""
    names = {name.rsplit(".", 1)[-1] for name in (*knowledge.names_with("sql.sink"), *SQL_ARGUMENT)}
    return frozenset(names | set(PROBABLE_SINK_METHODS))


def file_sql(ctx: FileContext) -> FileSql:
    """The shared SQL state of the file `ctx` is linting."""
    return ctx.analysis(FileSql)


def _first_word(text: str) -> str:
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


def token_end(candidate: Candidate, offset: int) -> int | None:
    """The last character of the SQL token starting at `offset`, when there is one."""
    for token in tokens(candidate.sql.text, candidate.dialect):
        if token.start == offset:
            return token.end
        if token.start > offset:
            break
    return None


# Dialects tried when a query fails in the configured one, to make the message useful.
_COMMON_DIALECTS = ("postgres", "mysql", "sqlite", "tsql", "oracle", "snowflake", "bigquery")


def parses_in_another_dialect(candidate: Candidate) -> str | None:
    for dialect in _COMMON_DIALECTS:
        if dialect != candidate.dialect and parse(candidate.sql.text, dialect).error is None:
            return dialect
    return None


def failing_statement_is_dml(candidate: Candidate, offset: int) -> bool:
    """Does the statement holding the parse error at `offset` start with a DML word?"""
    text = candidate.sql.text
    start = text.rfind(";", 0, offset) + 1  # a ';' in a literal only costs a finding
    return _first_word(text[start:]) in _STATEMENT_WORDS


def is_real_statement(parsed: Parsed, text: str, dialect: str) -> bool:
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


def _driver_dialect(callee: str, configured: str) -> str:
    for prefix, family in DRIVER_DIALECTS.items():
        if callee.startswith(prefix):
            return configured if configured in family else family[0]
    return configured


def _dialect_for(ctx: FileContext) -> str:
    config = ctx.config
    if config is None:
        return "postgres"
    patterns = getattr(config, "per_file_sql_dialect", ())
    if patterns:
        relative = relative_to(Path(ctx.path), config.root)
        for pattern, dialect in patterns:
            if matches(pattern, relative):
                return dialect
    return config.sql_dialect
