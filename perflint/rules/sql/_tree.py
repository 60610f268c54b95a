"""Questions the PFL2xx checks ask of a sqlglot tree and of the SQL text it was parsed
from: where a node starts, which keyword comes before it, how to show it in a message,
which columns are real, the sources of a SELECT.

sqlglot is imported inside the functions: the registry imports this module with every
rule, and only files with SQL may pay for sqlglot.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from perflint.rules.sql._candidates import Candidate
from perflint.sql.parse import tokens

if TYPE_CHECKING:
    from sqlglot import exp

Source = tuple["exp.Expression", "exp.Join | None"]  # a table or subquery, and its JOIN


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
    """SQL of `node` for a message, with bound placeholders shown as ``?``."""
    text = node.sql(dialect=candidate.dialect)
    for name in sorted(candidate.sql.placeholders, key=len, reverse=True):
        text = text.replace(name, "?")
    return text


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


def from_sources(select: exp.Select) -> list[Source]:
    """The tables and subqueries a SELECT reads, in order: ``FROM`` first, then the joins."""
    from_ = select.args.get("from_") or select.args.get("from")
    sources: list[Source] = []
    if from_ is not None and from_.this is not None:
        sources.append((from_.this, None))
    sources.extend((join.this, join) for join in select.args.get("joins") or ())
    return sources


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


def single_count(select: exp.Expression) -> exp.Count | None:
    """The COUNT of a query whose only output is one ungrouped COUNT."""
    from sqlglot import exp

    if isinstance(select, exp.Subquery):
        select = select.this
    if not isinstance(select, exp.Select) or len(select.expressions) != 1:
        return None
    if select.args.get("group") is not None:
        return None
    projection = select.expressions[0]
    if isinstance(projection, exp.Alias):
        projection = projection.this
    return projection if isinstance(projection, exp.Count) else None
