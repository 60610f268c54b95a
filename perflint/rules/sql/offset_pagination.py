"""PFL206 offset-pagination: `OFFSET` with a parameter or a literal above 1000."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import is_real_column, keyword_before, start_of

if TYPE_CHECKING:
    from sqlglot import exp

OFFSET_LIMIT = 1000  # a literal offset up to this is a shallow page, left alone


_ADVICE = (
    "the database reads and discards every skipped row, so deep pages get slower; "
    "paginate by key (`WHERE {key} {seek} ? ORDER BY {order} LIMIT ?`)"
)


class OffsetPagination(SqlRule):
    """Flags an ``OFFSET`` that grows with the page: a parameter, or a large literal; not
    one counted from a keyset bound (``WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?`` finds
    where a chunk ends). The keyset hint names the query's own sort key."""

    code = "PFL206"
    name = "offset-pagination"
    impact = "medium"
    summary = "`OFFSET` with a parameter or a literal above 1000: use keyset pagination"
    message = "`OFFSET` with a parameter: " + _ADVICE
    variants = {"literal": "`OFFSET {offset}`: " + _ADVICE}
    INVALID = (
        dedent("""\
            def page(cur, n):
                cur.execute("SELECT id FROM items ORDER BY id LIMIT 50 OFFSET %s", (n * 50,))
        """),
    )
    VALID = (
        dedent("""\
            def page(cur, after):
                cur.execute("SELECT id FROM items WHERE id > %s ORDER BY id LIMIT 50", (after,))
        """),
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        for offset in statement.find_all(exp.Offset):
            value = offset.expression
            if value is None:
                continue
            if isinstance(value, exp.Literal) and not value.is_string:
                try:
                    if int(value.this) <= OFFSET_LIMIT:
                        continue
                except ValueError:
                    continue
                params, variant = {"offset": value.this}, "literal"
            elif any(_is_placeholder(n, candidate) for n in value.walk()):
                params, variant = {}, "main"
            else:
                continue
            query = offset.parent
            key = _sort_key(query, candidate)
            if key is not None and _bounded_by(query, key[0], candidate):
                continue  # the offset counts from a moving bound: never deep
            name, descending = key if key is not None else ("id", False)
            order = f"{name} DESC" if descending else name
            params.update(key=name, seek="<" if descending else ">", order=order)
            at = keyword_before(candidate, start_of(value), frozenset({"OFFSET"}))
            yield Hit(at, params, variant)


def _sort_key(query: exp.Expression | None, candidate: Candidate) -> tuple[str, bool] | None:
    """The column a query sorts by first, and whether descending."""
    order = query.args.get("order") if query is not None else None
    if order is None or not order.expressions:
        return None
    first = order.expressions[0]
    if not is_real_column(first.this, candidate):
        return None
    return first.this.name, bool(first.args.get("desc"))


def _bounded_by(query: exp.Expression, key: str, candidate: Candidate) -> bool:
    """Does the query's own ``WHERE`` bound `key` by a value (``key > ?``, ``? >= key``)?"""
    from sqlglot import exp

    where = query.args.get("where")
    if where is None:
        return False
    for node in where.find_all(exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between):
        if node.find_ancestor(exp.Select, exp.Update, exp.Delete) is not query:
            continue  # a bound inside a subquery
        if isinstance(node, exp.Between):
            sides = [(node.this, [node.args["low"], node.args["high"]])]
        else:
            sides = [(node.this, [node.expression]), (node.expression, [node.this])]
        for column, others in sides:
            if (
                is_real_column(column, candidate)
                and column.name == key
                and not any(is_real_column(c, candidate) for o in others for c in o.walk())
            ):
                return True
    return False


def _is_placeholder(node: exp.Expression, candidate: Candidate) -> bool:
    from sqlglot import exp

    if isinstance(node, (exp.Placeholder, exp.Parameter)):
        return True
    return isinstance(node, exp.Column) and not is_real_column(node, candidate)
