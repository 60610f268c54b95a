"""Is a filter the way the database finds a table's rows, or a residual filter on rows
found another way?

A predicate no index serves (``LOWER(value) = 'x'``, ``name LIKE '%x%'``) makes the
database scan the table only when nothing else leads to its rows. It does not when the
same filter also holds an equality on another column of that table (``WHERE key = %s AND
LOWER(value) = 'true'``: the index on ``key`` finds the rows, the rest is checked on
them), when the table is the inner side of a ``LEFT JOIN`` (its rows are found by the
join key), or when Python glues in a condition perflint cannot see (``f"WHERE {clause}
AND ..."``), which may be that equality.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._tree import is_real_column, node_classes

if TYPE_CHECKING:
    from sqlglot import exp

_CONNECTIVES = ("And", "Or", "Not", "Paren")


def filter_clause(predicate: exp.Expression) -> exp.Expression | None:
    """The ``WHERE``, ``JOIN ... ON`` or ``HAVING`` whose condition `predicate` is part of
    through ``AND``/``OR``/``NOT`` only (not a ``CASE`` or a function), else None."""
    from sqlglot import exp

    node = predicate
    while node.parent is not None:
        parent = node.parent
        if isinstance(parent, (exp.Where, exp.Having)):
            return parent
        if isinstance(parent, exp.Join):
            return parent if node is parent.args.get("on") else None
        if not isinstance(parent, node_classes(_CONNECTIVES)):
            return None
        node = parent
    return None


def is_residual(predicate: exp.Expression, clause: exp.Expression, candidate: Candidate) -> bool:
    """`predicate`, in `clause`, filters rows of its table that something else finds."""
    from sqlglot import exp

    columns = [c for c in predicate.find_all(exp.Column) if is_real_column(c, candidate)]
    tables = {c.table.lower() for c in columns}
    if len(tables) != 1:
        return bool(columns)  # several tables: a join condition, no single access path
    table = tables.pop()
    joins = [j for j in _joins(clause.parent) if j.this.alias_or_name.lower() == table]
    if table and any(join.side == "LEFT" for join in joins):
        return True  # the inner side of a LEFT JOIN: found by the join key
    mine = {c.name.lower() for c in columns}
    conditions = [clause.args["on"] if isinstance(clause, exp.Join) else clause.this]
    conditions.extend(join.args["on"] for join in joins if join.args.get("on") is not None)
    return any(
        _finds_rows(conjunct, table, mine, candidate)
        for condition in conditions
        for conjunct in _conjuncts(condition)
        if not any(node is predicate for node in conjunct.walk())
    )


def _joins(query: exp.Expression | None) -> list[exp.Join]:
    """The joins of a SELECT, or of the table an UPDATE/DELETE writes (MySQL's form)."""
    from sqlglot import exp

    if query is None:
        return []
    joins = list(query.args.get("joins") or ())
    if isinstance(query, (exp.Update, exp.Delete)) and isinstance(query.this, exp.Table):
        joins.extend(query.this.args.get("joins") or ())
    return joins


def _conjuncts(condition: exp.Expression) -> list[exp.Expression]:
    from sqlglot import exp

    if isinstance(condition, exp.Paren):
        return _conjuncts(condition.this)
    if isinstance(condition, exp.And):
        return _conjuncts(condition.this) + _conjuncts(condition.expression)
    return [condition]


def _finds_rows(conjunct: exp.Expression, table: str, mine: set[str], candidate: Candidate) -> bool:
    """An equality (or ``IN`` list) on another bare column of `table`, or a condition
    Python fills in."""
    from sqlglot import exp

    if isinstance(conjunct, exp.Column) and candidate.sql.is_placeholder(conjunct.name):
        return conjunct.name in candidate.sql.holes
    if isinstance(conjunct, exp.EQ):
        sides = [(conjunct.this, conjunct.expression), (conjunct.expression, conjunct.this)]
    elif isinstance(conjunct, exp.In) and not conjunct.args.get("query"):
        sides = [(conjunct.this, None)]
    else:
        return False
    return any(
        _bare_column_of(side, table, mine, candidate)
        and (other is None or not _columns_of(other, table, candidate))
        for side, other in sides
    )


def _bare_column_of(node: exp.Expression, table: str, mine: set[str], candidate: Candidate) -> bool:
    return (
        is_real_column(node, candidate)
        and node.table.lower() == table
        and node.name.lower() not in mine
    )


def _columns_of(node: exp.Expression, table: str, candidate: Candidate) -> bool:
    """`node` reads a column of `table` (so it is no value to look rows up with)."""
    from sqlglot import exp

    return any(
        is_real_column(c, candidate) and c.table.lower() == table for c in node.find_all(exp.Column)
    )
