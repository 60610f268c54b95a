"""The PFL2xx checks, on sqlglot trees. Each yields ``(offset, message)`` pairs: the
offset of the offending token in the SQL text, which `SqlText.position` maps back to
the Python source. Imported only once a file has parsed SQL, so sqlglot is loaded."""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp

from perflint.sql.candidates import Candidate
from perflint.sql.parse import tokens

Hit = tuple[int, str]

_RANDOM_FUNCTIONS = frozenset({"RANDOM", "RAND", "NEWID", "GEN_RANDOM_UUID", "UUID", "RANDOMBLOB"})
_RANDOM_NODES = tuple(getattr(exp, name) for name in ("Rand", "Uuid") if hasattr(exp, name))
_COMPARISONS = (exp.EQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.DPipe)
# Operators an expression index commonly serves, left alone by PFL205.
_INDEXABLE_EXTRACTS = tuple(
    getattr(exp, name)
    for name in (
        "JSONExtract",
        "JSONExtractScalar",
        "JSONBExtract",
        "JSONBExtractScalar",
        "Bracket",
    )
    if hasattr(exp, name)
)
OFFSET_LIMIT = 1000


# ----- positions ----------------------------------------------------------------------
def start_of(node: exp.Expression) -> int | None:
    """The offset of the first token of `node` that the parser located."""
    starts = [n.meta["start"] for n in node.walk() if n.meta and "start" in n.meta]
    return min(starts) if starts else None


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


def _first_statement_offset(candidate: Candidate) -> int:
    text = candidate.sql.text
    return len(text) - len(text.lstrip())


def _show(node: exp.Expression, candidate: Candidate) -> str:
    """SQL of `node` for a message, with bound placeholders shown as ``?``."""
    text = node.sql(dialect=candidate.dialect)
    for name in sorted(candidate.sql.placeholders, key=len, reverse=True):
        text = text.replace(name, "?")
    return text


# ----- helpers on the tree ------------------------------------------------------------
def _is_real_column(node: exp.Expression, candidate: Candidate) -> bool:
    return isinstance(node, exp.Column) and not (
        not node.table and candidate.sql.is_placeholder(node.name)
    )


def _has_real_column(node: exp.Expression, candidate: Candidate) -> bool:
    return any(_is_real_column(c, candidate) for c in node.find_all(exp.Column))


def _is_placeholder(node: exp.Expression, candidate: Candidate) -> bool:
    if isinstance(node, (exp.Placeholder, exp.Parameter)):
        return True
    return isinstance(node, exp.Column) and not _is_real_column(node, candidate)


def _from_sources(select: exp.Select) -> list[tuple[exp.Expression, exp.Join | None]]:
    from_ = select.args.get("from_") or select.args.get("from")
    sources: list[tuple[exp.Expression, exp.Join | None]] = []
    if from_ is not None and from_.this is not None:
        sources.append((from_.this, None))
    sources.extend((join.this, join) for join in select.args.get("joins") or ())
    return sources


def _cte_names(statement: exp.Expression) -> set[str]:
    return {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}


def _is_base_table(source: exp.Expression, ctes: set[str]) -> bool:
    return (
        isinstance(source, exp.Table)
        and isinstance(source.this, exp.Identifier)
        and not (not source.db and source.name.lower() in ctes)
    )


def _string_literal(node: exp.Expression) -> str | None:
    if isinstance(node, exp.Literal) and node.is_string:
        return node.this
    return None


def _function_name(node: exp.Expression) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.this).upper()
    return node.sql_name().upper() if isinstance(node, exp.Func) else ""


def _hole_as_clause(statement: exp.Expression, candidate: Candidate) -> bool:
    """Python text glued where SQL parsed an alias (``"DELETE FROM t " + where``): the
    hole may hold a whole clause, so absent clauses prove nothing."""
    holes = candidate.sql.holes
    if not holes:
        return False
    return any(
        identifier.name in holes and isinstance(identifier.parent, (exp.TableAlias, exp.Alias))
        for identifier in statement.find_all(exp.Identifier)
    )


# ----- PFL201 -------------------------------------------------------------------------
def select_star(statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
    ctes = _cte_names(statement)
    for select in statement.find_all(exp.Select):
        parent = select.parent
        if isinstance(parent, exp.Subquery):
            parent = parent.parent
        if isinstance(parent, exp.Exists):
            continue
        sources = _from_sources(select)
        by_alias = {source.alias_or_name.lower(): source for source, _ in sources}
        for projection in select.expressions:
            if isinstance(projection, exp.Star):
                if any(_is_base_table(source, ctes) for source, _ in sources):
                    yield _at(projection), "`SELECT *` reads every column"
            elif isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star):
                source = by_alias.get(projection.table.lower())
                if source is not None and _is_base_table(source, ctes):
                    yield _at(projection), f"`{projection.table}.*` reads every column"


def _at(node: exp.Expression) -> int:
    start = start_of(node)
    return 0 if start is None else start


# ----- PFL202 -------------------------------------------------------------------------
def _leading_pattern(pattern: exp.Expression) -> exp.Expression | None:
    """The literal a LIKE pattern starts with, when it starts with a wildcard."""
    while True:
        if isinstance(pattern, (exp.Paren, exp.DPipe)):
            pattern = pattern.this
        elif isinstance(pattern, (exp.Concat, exp.ConcatWs)) and pattern.expressions:
            pattern = pattern.expressions[1 if isinstance(pattern, exp.ConcatWs) else 0]
        else:
            break
    text = _string_literal(pattern)
    return pattern if text and text[0] in "%_" else None


def leading_wildcard(statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
    for like in statement.find_all(exp.Like, exp.ILike):
        literal = _leading_pattern(like.expression)
        if literal is not None:
            operator = "ILIKE" if isinstance(like, exp.ILike) else "LIKE"
            yield _at(literal), f"`{operator}` pattern starts with a wildcard"


# ----- PFL203 -------------------------------------------------------------------------
def unbounded_write(statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
    if _hole_as_clause(statement, candidate):
        return
    for write in statement.find_all(exp.Update, exp.Delete):
        if write.args.get("where") is not None or write.args.get("limit") is not None:
            continue
        keyword = "UPDATE" if isinstance(write, exp.Update) else "DELETE"
        table = write.this if isinstance(write.this, exp.Expression) else None
        offset = keyword_before(candidate, start_of(table) if table else None, {keyword})
        named = table is not None and not candidate.sql.is_placeholder(table.name)
        target = f"`{_show(table, candidate)}`" if named else "the table"
        yield offset, f"`{keyword}` without `WHERE` touches every row of {target}"


# ----- PFL204 -------------------------------------------------------------------------
def order_by_random(statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
    for ordered in statement.find_all(exp.Ordered):
        key = ordered.this
        if isinstance(key, _RANDOM_NODES) or _function_name(key) in _RANDOM_FUNCTIONS:
            yield _at(key), f"`ORDER BY {_show(key, candidate)}`"


# ----- PFL205 -------------------------------------------------------------------------
def _filter_clause(node: exp.Expression) -> exp.Expression | None:
    clause = node.find_ancestor(exp.Where, exp.Join, exp.Select, exp.Having, exp.Subquery)
    return clause if isinstance(clause, (exp.Where, exp.Join)) else None


def _wrapped_column(node: exp.Expression, candidate: Candidate) -> bool:
    if isinstance(node, exp.Paren):
        return _wrapped_column(node.this, candidate)
    if isinstance(node, (*_INDEXABLE_EXTRACTS, exp.AggFunc, exp.Window)):
        return False
    if not isinstance(node, (exp.Func, exp.Cast, *_ARITHMETIC)):
        return False
    return _has_real_column(node, candidate)


def _is_value(node: exp.Expression, candidate: Candidate) -> bool:
    if isinstance(node, (exp.Subquery, exp.Select)):
        return False
    return not _has_real_column(node, candidate)


def non_sargable(statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
    for node in statement.find_all(*_COMPARISONS, exp.In, exp.Between, exp.Like):
        if _filter_clause(node) is None:
            continue
        if isinstance(node, exp.In):
            values = node.expressions
            if node.args.get("query") is not None or not values:
                continue
            pairs = [(node.this, values)]
        elif isinstance(node, exp.Between):
            pairs = [(node.this, [node.args["low"], node.args["high"]])]
        else:
            pairs = [(node.this, [node.expression]), (node.expression, [node.this])]
        for side, others in pairs:
            if _wrapped_column(side, candidate) and all(_is_value(o, candidate) for o in others):
                yield _at(side), f"`{_show(side, candidate)}`"
                break


# ----- PFL206 -------------------------------------------------------------------------
def offset_pagination(statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
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
            detail = f"`OFFSET {value.this}`"
        elif any(_is_placeholder(n, candidate) for n in value.walk()):
            detail = "`OFFSET` with a parameter"
        else:
            continue
        yield keyword_before(candidate, start_of(value), frozenset({"OFFSET"})), detail


# ----- PFL207 -------------------------------------------------------------------------
def not_in_subquery(statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
    for negation in statement.find_all(exp.Not):
        test = negation.this
        if isinstance(test, exp.In) and test.args.get("query") is not None:
            offset = keyword_before(candidate, start_of(test.args["query"]), frozenset({"NOT"}))
            yield offset, f"`{_show(test.this, candidate)} NOT IN (SELECT ...)`"


# ----- PFL208 -------------------------------------------------------------------------
def _single_count(select: exp.Expression) -> exp.Count | None:
    """The COUNT of a query whose only output is one ungrouped COUNT."""
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


def counted_query(statement: exp.Expression) -> exp.Count | None:
    """The COUNT when the whole statement only counts rows (for the Python-side check)."""
    return _single_count(statement)


def _zero_test(node: exp.Expression) -> exp.Expression | None:
    """The other side of ``x > 0``, ``x <> 0``, ``x = 0``, ``x >= 1``, ``0 < x``..."""
    for side, other in ((node.this, node.expression), (node.expression, node.this)):
        if not isinstance(other, exp.Literal) or other.is_string:
            continue
        if other.this == "0" or other.this == "1" and isinstance(node, (exp.GTE, exp.LT)):
            return side
    return None


def count_for_existence(statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
    for node in statement.find_all(*_COMPARISONS, exp.NEQ):
        side = _zero_test(node)
        if side is None:
            continue
        if isinstance(side, exp.Subquery):
            count = _single_count(side)
        elif isinstance(side, exp.Count) and node.find_ancestor(exp.Having, exp.Window) is None:
            select = node.find_ancestor(exp.Select)
            count = side if select is not None and select.args.get("group") is None else None
        else:
            count = None
        if count is not None:
            yield _at(count), "`COUNT(*)` compared with 0"


# ----- PFL209 -------------------------------------------------------------------------
def _single_row(source: exp.Expression) -> bool:
    return isinstance(source, exp.Subquery) and _single_count(source) is not None


def cartesian_join(statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
    if _hole_as_clause(statement, candidate):
        return
    for select in statement.find_all(exp.Select):
        sources = _from_sources(select)
        if len(sources) < 2:
            continue
        names = [source.alias_or_name.lower() for source, _ in sources]
        if not all(isinstance(s, (exp.Table, exp.Subquery)) for s, _ in sources):
            continue
        if any(
            isinstance(s, exp.Table) and not isinstance(s.this, exp.Identifier) for s, _ in sources
        ):
            continue  # table functions: jsonb_array_elements(t.x), unnest(...)
        links = _Links(names)
        known = frozenset(names)
        find, link = links.find, links.link
        linked_all = False
        for index, (source, join) in enumerate(sources):
            if join is None:
                continue
            if (
                join.args.get("on") is not None
                or join.args.get("using")
                or _explicit_cross_join(candidate, join)
                or join.args.get("method")
                or _single_row(source)
                or isinstance(source, exp.Subquery)
                and source.find(exp.Lateral)
            ):
                link(names[index], names[index - 1] if index else names[0])
                if join.args.get("on") is not None:
                    for other in _qualifiers(join.args["on"], select, known, candidate) or ():
                        link(names[index], other)
        where = select.args.get("where")
        if where is not None:
            for conjunct in (
                where.this.flatten() if isinstance(where.this, exp.And) else [where.this]
            ):
                referenced = _qualifiers(conjunct, select, known, candidate)
                if referenced is None:
                    linked_all = True
                    break
                for a, b in zip(referenced, referenced[1:], strict=False):
                    link(a, b)
        if linked_all:
            continue
        roots = {find(name) for name in names}
        if len(roots) < 2:
            continue
        first = find(names[0])
        for (source, _), name in zip(sources, names, strict=True):
            if find(name) != first:
                yield (
                    _at(source),
                    f"`{_show(sources[0][0], candidate)}` and `{_show(source, candidate)}`",
                )
                break


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


class _Links:
    """Which sources of one SELECT are linked by a join condition (union-find)."""

    def __init__(self, names: list[str]) -> None:
        self.parent = {name: name for name in names}

    def find(self, name: str) -> str:
        while self.parent[name] != name:
            name = self.parent[name]
        return name

    def link(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _qualifiers(
    condition: exp.Expression, select: exp.Select, names: frozenset[str], candidate: Candidate
) -> list[str] | None:
    """Sources a condition references, in order; None when a column cannot be attributed."""
    found: dict[str, None] = {}  # ordered and unique
    for column in condition.find_all(exp.Column):
        owner = column.find_ancestor(exp.Select)
        if owner is not None and owner is not select:
            if column.table.lower() in names:
                found[column.table.lower()] = None
            continue
        if not column.table:
            if _is_real_column(column, candidate) or column.name in candidate.sql.holes:
                return None  # cannot tell which table it belongs to
            continue
        table = column.table.lower()
        if table in names:
            found[table] = None
    return list(found)
