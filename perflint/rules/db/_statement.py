"""The shape of the statement a database call runs, for the PFL1xx rules.

Whether a write touches one row or a set (``WHERE id IN (...)``, ``= ANY(...)``, a
sub-select, no ``WHERE`` at all; ``.where(col.in_(...))``; ``filter(pk__in=...)``),
and which part of the statement Python fills in as a table or function name
(``f"DELETE FROM {table}"``, ``delete(model)``): a loop that changes the table runs a
different statement per pass, not the same one per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.db import SQL_TEXT, WRITE_STATEMENT
from perflint.nodes import walk
from perflint.rules.sql._candidates import FileSql
from perflint.sql.parse import Parsed, parse
from perflint.sql.template import NotSql, SqlText, build

# A Python-filled hole where SQL names a table or a function: FROM {t}, {fn}(...).
_NAME_HOLE = re.compile(
    r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS)\s*[\[`]?\s*(__pfl\d+)|(__pfl\d+)\s*\(",
    re.IGNORECASE,
)
# Builder methods that narrow a SQLAlchemy statement to some rows.
_WHERE_METHODS = frozenset({"where", "filter", "filter_by"})
# QuerySet and Query methods that narrow the rows an update() or delete() writes.
_FILTER_METHODS = frozenset({"filter", "exclude", "filter_by", "where", "get"})
# Column operators and functions that compare with a whole list: ``col.in_(ids)``.
_SET_OPERATORS = frozenset({"in_", "any_", "all_", "notin_", "not_in"})


@dataclass(frozen=True, slots=True)
class Statement:
    """``set_based``: a write of many rows at once. ``named_by``: expressions that fill in
    the statement's table (or function) name, when Python does. ``computes``: a SELECT
    that reads no table (``SELECT load_extension(?)``): a computation, not a lookup."""

    set_based: bool = False
    named_by: tuple[cst.BaseExpression, ...] = ()
    computes: bool = False


UNKNOWN = Statement()


class StatementShapes:
    """Statement shapes of a file's calls, from their SQL text or their builder chain."""

    def __init__(self, ctx: FileContext, sql: FileSql) -> None:
        self.ctx = ctx
        self.sql = sql

    def of(self, call: cst.Call) -> Statement:
        if not call.args or call.args[0].keyword is not None:
            return UNKNOWN
        argument = call.args[0].value
        builder = self._builder(argument)
        if builder is not None:
            writes_rows = (self.ctx.callee(builder) or "").endswith((".update", ".delete"))
            return _builder_shape(builder, argument, writes_rows)
        expression = self._sql_expression(argument)
        candidates = self.sql.at_call(self._text_call(argument) or call)
        if candidates:
            return _text_shape(candidates[0].sql, candidates[0].parsed, expression)
        try:  # SQL that FileSql leaves to its syntax check (a hole makes it unparsable)
            sql = build(expression, self.ctx.code_for)
        except NotSql:
            return UNKNOWN
        return _text_shape(sql, parse(sql.text, self.sql.dialect), expression)

    # ----- SQL text -----------------------------------------------------------------
    def _text_call(self, argument: cst.BaseExpression) -> cst.Call | None:
        """``text("...")`` (maybe ``.bindparams(...)``-ed): the call that holds the SQL."""
        return self._chain_root(argument, SQL_TEXT)

    def _chain_root(self, argument: cst.BaseExpression, kind: str) -> cst.Call | None:
        """The call of a method chain (``text(...).bindparams(...)``, ``update(t).where(...)``)
        that has the effect `kind`, walking from the last call to the first."""
        while isinstance(argument, cst.Call):
            if kind in self._effects(argument):
                return argument
            func = argument.func
            if not isinstance(func, cst.Attribute):
                return None
            argument = func.value
        return None

    def _sql_expression(self, argument: cst.BaseExpression) -> cst.BaseExpression:
        """The expression that builds the SQL text, through ``text()`` and a name."""
        text_call = self._text_call(argument)
        if text_call is not None and text_call.args:
            argument = text_call.args[0].value
        if isinstance(argument, cst.Name):
            binding = self.ctx.lookup(argument.value)
            node = binding.node if binding is not None else None
            if isinstance(node, (cst.Assign, cst.AnnAssign)) and node.value is not None:
                return node.value
        return argument

    # ----- SQLAlchemy builders ------------------------------------------------------
    def _builder(self, argument: cst.BaseExpression) -> cst.Call | None:
        """The ``insert/update/delete(...)`` call at the root of a builder chain."""
        return self._chain_root(argument, WRITE_STATEMENT)

    def _effects(self, call: cst.Call) -> frozenset[str]:
        callee = self.ctx.callee(call)
        return self.ctx.knowledge.effects_of(callee) if callee else frozenset()


def queryset_set_based(call: cst.Call) -> bool:
    """``qs.update()``/``qs.delete()`` over a set: a queryset filtered by a list
    (``filter(pk__in=ids)``) or not filtered at all (``tags.all().delete()``)."""
    filters = [
        node
        for node in _chain_calls(call)[1:]
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in _FILTER_METHODS
    ]
    return not filters or any(
        arg.keyword is not None and arg.keyword.value.endswith("__in")
        for node in filters
        for arg in node.args
    )


def _builder_shape(builder: cst.Call, chain: cst.BaseExpression, writes_rows: bool) -> Statement:
    """An ``update()``/``delete()`` chain is set-based without a ``.where()``, or when one
    compares with a list; the table is the builder's first argument."""
    wheres = [
        node
        for node in _chain_calls(chain)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in _WHERE_METHODS
    ]
    set_based = writes_rows and (not wheres or any(_compares_with_list(w) for w in wheres))
    table = (builder.args[0].value,) if builder.args else ()
    return Statement(set_based, table)


def _chain_calls(expr: cst.BaseExpression) -> list[cst.Call]:
    """The calls of a method chain, outermost first: ``a(...).b(...).c(...)``."""
    calls = []
    while isinstance(expr, cst.Call):
        calls.append(expr)
        if not isinstance(expr.func, cst.Attribute):
            break
        expr = expr.func.value
    return calls


def _compares_with_list(where: cst.Call) -> bool:
    return any(
        isinstance(node, cst.Call)
        and (
            (isinstance(node.func, cst.Attribute) and node.func.attr.value in _SET_OPERATORS)
            or (isinstance(node.func, cst.Name) and node.func.value in _SET_OPERATORS)
        )
        for arg in where.args
        for node in walk(arg.value)
    )


def _text_shape(sql: SqlText, parsed: Parsed, expression: cst.BaseExpression) -> Statement:
    named = any(
        (match.group(1) or match.group(2)) in sql.holes for match in _NAME_HOLE.finditer(sql.text)
    )
    named_by = (expression,) if named else ()
    if not parsed.statements:
        return Statement(named_by=named_by)
    statement = parsed.statements[0]
    return Statement(_set_based(statement, sql), named_by, _computes(statement))


def _computes(statement: object) -> bool:
    from sqlglot import exp

    if not isinstance(statement, exp.Select):
        return False
    return (statement.args.get("from_") or statement.args.get("from")) is None


def _set_based(statement: object, sql: SqlText) -> bool:
    """An UPDATE or DELETE of every row, of a list (IN a list or a sub-select, = ANY),
    or filtered by a condition Python fills in (``WHERE {clause}``)."""
    from sqlglot import exp

    if not isinstance(statement, (exp.Update, exp.Delete)):
        return False
    where = statement.args.get("where")
    if where is None:
        return True
    if where.find(exp.Any) is not None:
        return True
    if any(
        _python_hole(column, sql)
        and isinstance(column.parent, (exp.Where, exp.And, exp.Or, exp.Paren))
        for column in where.find_all(exp.Column)
    ):
        return True  # WHERE ... AND {clause}: a condition Python builds, often IN (...)
    return any(
        node.args.get("field") is not None
        or node.args.get("query") is not None
        or len(node.expressions) > 1
        or any(_python_hole(e, sql) for e in node.expressions)  # IN (%s): a list Python builds
        for node in where.find_all(exp.In)
    )


def _python_hole(node: object, sql: SqlText) -> bool:
    from sqlglot import exp

    return isinstance(node, exp.Column) and node.name in sql.holes
