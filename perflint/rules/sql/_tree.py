"""Questions the PFL2xx checks ask of a sqlglot tree and of the SQL text it was parsed
from: where a node starts, which keyword comes before it, how to show it in a message,
which columns are real, the sources of a SELECT.

sqlglot is imported inside the functions: the registry imports this module with every
rule, and only files with SQL may pay for sqlglot.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from perflint.knowledge.sql import CATALOG_SCHEMAS, CATALOG_TABLE_PREFIXES
from perflint.rules.sql._candidates import Candidate
from perflint.sql.parse import tokens
from perflint.sql.template import PLACEHOLDER_PREFIX

if TYPE_CHECKING:
    from sqlglot import exp

Source = tuple["exp.Expression", "exp.Join | None"]  # a table or subquery, and its JOIN

MAX_SHOWN = 60  # characters of SQL a message quotes before it is cut after a whole token
# sqlglot upper-cases a placeholder it parsed as a function name
_PLACEHOLDER_NAME = re.compile(rf"\b{PLACEHOLDER_PREFIX}\d+\b", re.IGNORECASE)


# ----- positions ----------------------------------------------------------------------
def start_of(node: exp.Expression) -> int | None:
    """The offset of the first token of `node` that the parser located."""
    starts = [n.meta["start"] for n in node.walk() if n.meta and "start" in n.meta]
    return min(starts) if starts else None


def offset_of(node: exp.Expression) -> int:
    """Where `node` starts, or the start of the text when the parser did not say."""
    start = start_of(node)
    return 0 if start is None else start


def keyword_before(candidate: Candidate, offset: int | None, words: frozenset[str]) -> int:
    """The last of `words` before `offset` (keywords carry no position in the tree)."""
    offset = 0 if offset is None else offset
    found = None
    for token in tokens(candidate.sql.text, candidate.dialect):
        if token.start >= offset:
            break
        if token.text.upper() in words:
            found = token.start
    return offset if found is None else found


def token_end(candidate: Candidate, offset: int) -> int | None:
    """The last character of the SQL token starting at `offset`, when there is one."""
    for token in tokens(candidate.sql.text, candidate.dialect):
        if token.start == offset:
            return token.end
        if token.start > offset:
            break
    return None


def show(node: exp.Expression, candidate: Candidate) -> str:
    """SQL of `node` for a message: without comments, cut after a whole token when long,
    bound placeholders shown as ``?`` and text Python fills in as ``{...}``."""
    text = shorten(node.sql(dialect=candidate.dialect, comments=False), candidate.dialect)

    def shown(match: re.Match[str]) -> str:
        return "{...}" if match.group(0).lower() in candidate.sql.holes else "?"

    return _PLACEHOLDER_NAME.sub(shown, text)


def shorten(text: str, dialect: str, limit: int = MAX_SHOWN) -> str:
    """`text` up to the last whole SQL token that fits in `limit`, then ``...``."""
    if len(text) <= limit:
        return text
    end = 0
    for token in tokens(text, dialect):
        if token.end >= limit:
            break
        end = token.end + 1
    if end == 0:  # no token fits (or the text does not tokenize): cut at a blank
        end = max(text.rfind(" ", 0, limit), 0)
    return text[:end].rstrip() + " ..."


# ----- the tree -----------------------------------------------------------------------
@cache
def node_classes(names: tuple[str, ...]) -> tuple[type, ...]:
    """The sqlglot expression classes of `names` that the installed sqlglot has."""
    from sqlglot import exp

    return tuple(getattr(exp, name) for name in names if hasattr(exp, name))


def is_real_column(node: exp.Expression, candidate: Candidate) -> bool:
    """A column of a table, not a bound placeholder that parsed as a column."""
    from sqlglot import exp

    return isinstance(node, exp.Column) and not (
        not node.table and candidate.sql.is_placeholder(node.name)
    )


def is_catalog(table: exp.Expression) -> bool:
    """A database's own catalog (``sqlite_master``, ``information_schema.tables``): small,
    and read for its metadata, never a data table."""
    from sqlglot import exp

    if not isinstance(table, exp.Table):
        return False
    return table.db.lower() in CATALOG_SCHEMAS or table.name.lower().startswith(
        CATALOG_TABLE_PREFIXES
    )


def reads_only_catalog(statement: exp.Expression) -> bool:
    """Every table the statement names is a catalog table."""
    from sqlglot import exp

    tables = [t for t in statement.find_all(exp.Table) if isinstance(t.this, exp.Identifier)]
    return bool(tables) and all(is_catalog(t) for t in tables)


def is_hole(table: exp.Expression, candidate: Candidate) -> bool:
    """A table whose name Python fills in (``f"DELETE FROM {table}"``): generic code that
    serves whatever table it is given, not a statement about one table."""
    from sqlglot import exp

    return isinstance(table, exp.Table) and candidate.sql.is_placeholder(table.name)


def from_sources(select: exp.Select) -> list[Source]:
    """The tables and subqueries a SELECT reads, in order: ``FROM`` first, then the joins."""
    from_ = select.args.get("from_") or select.args.get("from")
    sources: list[Source] = []
    if from_ is not None and from_.this is not None:
        sources.append((from_.this, None))
    sources.extend((join.this, join) for join in select.args.get("joins") or ())
    return sources


def reaches_client(select: exp.Expression) -> bool:
    """Do the columns `select` projects come out of the statement to the code? Not when an
    outer query names what it takes from it (a derived table, ``LATERAL``, a CTE), when
    they are copied into a table (``INSERT ... SELECT``, ``CREATE TABLE ... AS``), nor in
    a predicate (``IN (SELECT ...)``)."""
    from sqlglot import exp

    node = select
    while True:
        parent = node.parent
        if parent is None:
            return True
        if isinstance(parent, (exp.SetOperation, exp.Subquery, exp.Lateral)):
            node = parent
        elif isinstance(parent, (exp.From, exp.Join)) and isinstance(parent.parent, exp.Select):
            outer = parent.parent
            if not _projects_star_of(outer, node.alias_or_name):
                return False
            node = outer
        elif isinstance(parent, exp.CTE):
            if parent.args.get("materialized"):
                return True  # every column is stored before the outer query picks
            return any(reaches_client(reader) for reader in _star_readers(parent))
        else:
            return False


def _projects_star_of(select: exp.Select, alias: str) -> bool:
    """`select` passes every column of its source `alias` on (``*`` or ``alias.*``)."""
    from sqlglot import exp

    for projection in select.expressions:
        if isinstance(projection, exp.Star):
            return True
        if (
            isinstance(projection, exp.Column)
            and isinstance(projection.this, exp.Star)
            and projection.table.lower() == alias.lower()
        ):
            return True
    return False


def _star_readers(cte: exp.CTE) -> list[exp.Select]:
    """The SELECTs of the statement that read `cte` and pass its columns on."""
    from sqlglot import exp

    name = cte.alias_or_name.lower()
    root = cte.root()
    readers = []
    for select in root.find_all(exp.Select):
        if select.find_ancestor(exp.CTE) is cte:
            continue  # a recursive CTE reading itself
        readers.extend(
            select
            for source, _ in from_sources(select)
            if isinstance(source, exp.Table)
            and not source.db
            and source.name.lower() == name
            and _projects_star_of(select, source.alias_or_name)
        )
    return readers


def hole_as_clause(statement: exp.Expression, candidate: Candidate) -> bool:
    """Python text glued where SQL parsed an alias (``"DELETE FROM t " + where``): the
    hole may hold a whole clause, so absent clauses prove nothing."""
    from sqlglot import exp

    holes = candidate.sql.holes
    if not holes:
        return False
    return any(
        identifier.name in holes and isinstance(identifier.parent, (exp.TableAlias, exp.Alias))
        for identifier in statement.find_all(exp.Identifier)
    )


def sole_projection(query: exp.Expression) -> tuple[exp.Select, exp.Expression] | None:
    """A SELECT (through a parenthesised subquery) that outputs one expression, with that
    expression stripped of its alias; None for anything else."""
    from sqlglot import exp

    select = query.this if isinstance(query, exp.Subquery) else query
    if not isinstance(select, exp.Select) or len(select.expressions) != 1:
        return None
    projection = select.expressions[0]
    if isinstance(projection, exp.Alias):
        projection = projection.this
    return select, projection


def single_count(select: exp.Expression) -> exp.Count | None:
    """The COUNT of a query whose only output is one ungrouped COUNT."""
    from sqlglot import exp

    sole = sole_projection(select)
    if sole is None or sole[0].args.get("group") is not None:
        return None
    return sole[1] if isinstance(sole[1], exp.Count) else None
