"""PFL209 cartesian-join: two tables joined with nothing linking them."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import (
    Source,
    from_sources,
    hole_as_clause,
    is_real_column,
    offset_of,
    show,
    single_count,
    start_of,
)
from perflint.sql.parse import tokens

if TYPE_CHECKING:
    from sqlglot import exp


class CartesianJoin(SqlRule):
    """Flags a SELECT whose sources fall apart into groups that no condition links.

    The sources of each SELECT are the nodes of a graph: a join condition (``ON``,
    ``USING``, a lateral or one-row source, an explicit ``CROSS JOIN``) links a source to
    the one before it and to the sources its ``ON`` names, and each ``WHERE`` conjunct
    links the sources it names. A source not linked to the first one is reported.
    """

    code = "PFL209"
    name = "cartesian-join"
    impact = "high"
    summary = (
        "two tables joined by comma or `JOIN` with no `ON`/`USING` and no `WHERE` "
        "predicate linking them"
    )
    message = (
        "`{first}` and `{second}` are joined with nothing linking them: every row pairs "
        "with every row; add the join condition (`JOIN ... ON ...`), or write `CROSS JOIN` "
        "if it is meant"
    )
    INVALID = (
        dedent("""\
            def report(cur):
                cur.execute("SELECT o.id, c.name FROM orders o, customers c WHERE o.total > 100")
        """),
    )
    VALID = (
        dedent("""\
            def report(cur):
                cur.execute(
                    "SELECT o.id, c.name FROM orders o, customers c WHERE c.id = o.customer_id"
                )
        """),
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        if hole_as_clause(statement, candidate):
            return
        for select in statement.find_all(exp.Select):
            sources = _joined_tables(select)
            if sources is None:
                continue
            graph = _JoinGraph.of(select, sources, candidate)
            apart = graph.first_unlinked() if graph is not None else None
            if apart is not None:
                params = {"first": show(sources[0][0], candidate), "second": show(apart, candidate)}
                yield Hit(offset_of(apart), params)


def _joined_tables(select: exp.Select) -> list[Source] | None:
    """The sources of a SELECT that reads two or more tables or subqueries (no table
    functions such as ``unnest(...)``), else None."""
    from sqlglot import exp

    sources = from_sources(select)
    if len(sources) < 2:
        return None
    if not all(isinstance(source, (exp.Table, exp.Subquery)) for source, _ in sources):
        return None
    if any(
        isinstance(source, exp.Table) and not isinstance(source.this, exp.Identifier)
        for source, _ in sources
    ):
        return None  # table functions: jsonb_array_elements(t.x), unnest(...)
    return sources


class _JoinGraph:
    """The sources of one SELECT, by alias, and the links the conditions make between
    them (kept as a union-find: only "are these linked?" is asked)."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources
        self.names = [source.alias_or_name.lower() for source, _ in sources]
        self.parent = {name: name for name in self.names}

    @classmethod
    def of(
        cls, select: exp.Select, sources: list[Source], candidate: Candidate
    ) -> _JoinGraph | None:
        """The graph of a SELECT's sources; None when a ``WHERE`` conjunct uses a column
        of an unknown source (it may link anything)."""
        graph = cls(sources)
        graph.link_joins(select, candidate)
        return graph if graph.link_where(select, candidate) else None

    def find(self, name: str) -> str:
        while self.parent[name] != name:
            name = self.parent[name]
        return name

    def link(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def link_joins(self, select: exp.Select, candidate: Candidate) -> None:
        known = frozenset(self.names)
        for index, (source, join) in enumerate(self.sources):
            if join is None or not _has_condition(source, join, candidate):
                continue
            name = self.names[index]
            self.link(name, self.names[index - 1] if index else self.names[0])
            if join.args.get("on") is not None:
                for other in _qualifiers(join.args["on"], select, known, candidate) or ():
                    self.link(name, other)

    def link_where(self, select: exp.Select, candidate: Candidate) -> bool:
        """Link the sources each ``WHERE`` conjunct names; False when one cannot be read."""
        from sqlglot import exp

        where = select.args.get("where")
        if where is None:
            return True
        known = frozenset(self.names)
        conjuncts = where.this.flatten() if isinstance(where.this, exp.And) else [where.this]
        for conjunct in conjuncts:
            referenced = _qualifiers(conjunct, select, known, candidate)
            if referenced is None:
                return False
            for a, b in zip(referenced, referenced[1:], strict=False):
                self.link(a, b)
        return True

    def first_unlinked(self) -> exp.Expression | None:
        """The first source not linked to the first one."""
        first = self.find(self.names[0])
        for (source, _), name in zip(self.sources, self.names, strict=True):
            if self.find(name) != first:
                return source
        return None


def _has_condition(source: exp.Expression, join: exp.Join, candidate: Candidate) -> bool:
    """Does the JOIN say how its source relates to the others (or that none is meant)?"""
    from sqlglot import exp

    return bool(
        join.args.get("on") is not None
        or join.args.get("using")
        or _explicit_cross_join(candidate, join)
        or join.args.get("method")
        or _single_row(source)
        or isinstance(source, exp.Subquery)
        and source.find(exp.Lateral)
    )


def _single_row(source: exp.Expression) -> bool:
    from sqlglot import exp

    return isinstance(source, exp.Subquery) and single_count(source) is not None


def _explicit_cross_join(candidate: Candidate, join: exp.Join) -> bool:
    """``CROSS JOIN`` as written (sqlglot also marks some comma joins as CROSS)."""
    if join.kind.upper() != "CROSS":
        return False
    start = start_of(join.this)
    words = [
        token.text.upper()
        for token in tokens(candidate.sql.text, candidate.dialect)
        if start is not None and token.start < start
    ]
    while words and words[-1] not in (",", "JOIN"):
        words.pop()
    return words[-2:] == ["CROSS", "JOIN"]


def _qualifiers(
    condition: exp.Expression, select: exp.Select, names: frozenset[str], candidate: Candidate
) -> list[str] | None:
    """Sources a condition references, in order; None when a column cannot be attributed."""
    from sqlglot import exp

    found: dict[str, None] = {}  # ordered and unique
    for column in condition.find_all(exp.Column):
        owner = column.find_ancestor(exp.Select)
        if owner is not None and owner is not select:
            if column.table.lower() in names:
                found[column.table.lower()] = None
            continue
        if not column.table:
            if is_real_column(column, candidate) or column.name in candidate.sql.holes:
                return None  # cannot tell which table it belongs to
            continue
        table = column.table.lower()
        if table in names:
            found[table] = None
    return list(found)
