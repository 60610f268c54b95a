"""PFL2xx: SQL embedded in Python strings, parsed with sqlglot.

Every rule sees the same candidates (`perflint.sql.candidates`), found once per file;
the checks run on the sqlglot tree (`perflint.sql.checks`) and report at the SQL token
inside the Python string. sqlglot is imported only when a file has a candidate.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from perflint.knowledge.sql import ROW_FETCH_METHODS, SCALAR_FETCH_METHODS
from perflint.rule import Rule
from perflint.sql.candidates import (
    Candidate,
    FileSql,
    failing_statement_is_dml,
    parses_in_another_dialect,
    token_end,
)

_LITERALS = (cst.SimpleString, cst.ConcatenatedString)


class _SqlRule(Rule):
    """Runs one check of `perflint.sql.checks` on every parsed SQL candidate."""

    check: ClassVar[str]
    uses = (FileSql,)

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.sql = ctx.analysis(FileSql)
        self._reported: set[tuple[int, object]] = set()

    def visit_Call(self, node: cst.Call) -> None:
        for candidate in self.sql.at_call(node):
            self.examine(candidate)

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, _LITERALS) and self.ctx.function() is None:
            for candidate in self.sql.at_constant(node):
                self.examine(candidate)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.value, _LITERALS) and self.ctx.function() is None:
            for candidate in self.sql.at_constant(node):
                self.examine(candidate)

    def examine(self, candidate: Candidate) -> None:
        if candidate.parsed.error is not None:
            return
        from perflint.sql import checks

        check = getattr(checks, self.check)
        for statement in candidate.parsed.statements:
            try:
                hits = list(check(statement, candidate))
            except RecursionError:
                continue  # absurdly nested SQL: no verdict rather than a crash
            for offset, detail in hits:
                self.report_at(candidate, offset, self.message.format(detail=detail))

    def report_at(self, candidate: Candidate, offset: int, message: str) -> None:
        node, position = candidate.sql.position(offset, token_end(candidate, offset))
        # a constant is seen as a constant and again at its sink (maybe in another dialect)
        key = (id(node), position)
        if key not in self._reported:
            self._reported.add(key)
            self.report(node, message, position=position)


class SelectStar(_SqlRule):
    code = "PFL201"
    name = "select-star"
    impact = "medium"
    summary = (
        "`SELECT *` or `table.*` in a query's projection (not `COUNT(*)`, not inside `EXISTS`)"
    )
    message = (
        "{detail}: name the columns the code uses, so the database reads and sends "
        "less and covering indexes can serve the query"
    )
    check = "select_star"
    INVALID = (
        'def load(cur, uid):\n    cur.execute("SELECT * FROM users WHERE id = %s", (uid,))\n',
        'import sqlite3\nconn = sqlite3.connect("app.db")\n'
        'rows = conn.execute("SELECT o.* FROM orders o JOIN users u ON u.id = o.user_id")\n',
    )
    VALID = (
        "def load(cur, uid):\n"
        '    cur.execute("SELECT id, email FROM users WHERE id = %s", (uid,))\n',
        'def n(cur):\n    cur.execute("SELECT COUNT(*) FROM users")\n',
        'def has(cur):\n    cur.execute("SELECT id FROM users u WHERE EXISTS '
        '(SELECT * FROM orders o WHERE o.user_id = u.id)")\n',
        'HELP = "Select * to choose all the rows, then press Update"\n',
    )


class LeadingWildcardLike(_SqlRule):
    code = "PFL202"
    name = "leading-wildcard-like"
    impact = "medium"
    summary = (
        "`LIKE`/`ILIKE` with a pattern that starts with `%` or `_` (no B-tree index can serve it)"
    )
    message = (
        "{detail}: no B-tree index can serve it, so every row is scanned; anchor the "
        "pattern at the start, or use a trigram (pg_trgm) or full-text index"
    )
    check = "leading_wildcard"
    INVALID = (
        "def find(cur, term):\n"
        "    cur.execute(\"SELECT id FROM users WHERE email LIKE '%@example.com'\")\n",
        "def find(cur, term):\n"
        "    cur.execute(f\"SELECT id FROM users WHERE name ILIKE '%{term}%'\")\n",
    )
    VALID = (
        "def find(cur, term):\n"
        '    cur.execute("SELECT id FROM users WHERE name LIKE %s", (term,))\n',
        "def find(cur):\n    cur.execute(\"SELECT id FROM users WHERE name LIKE 'adm%'\")\n",
    )


class UnboundedWrite(_SqlRule):
    code = "PFL203"
    name = "unbounded-write"
    impact = "high"
    summary = "`UPDATE` or `DELETE` without `WHERE`"
    message = "{detail}: add a `WHERE` clause (or use `TRUNCATE` if emptying the table is meant)"
    check = "unbounded_write"
    INVALID = (
        'def reset(cur):\n    cur.execute("UPDATE users SET active = false")\n',
        'def purge(cur):\n    cur.execute("DELETE FROM sessions")\n',
    )
    VALID = (
        "def purge(cur, day):\n"
        '    cur.execute("DELETE FROM sessions WHERE expires < %s", (day,))\n',
        'NOTE = "Delete the file from disk"\n',
    )


class OrderByRandom(_SqlRule):
    code = "PFL204"
    name = "order-by-random"
    impact = "medium"
    summary = "`ORDER BY RANDOM()` / `RAND()` / `NEWID()` (sorts the whole table)"
    message = (
        "{detail} numbers and sorts every row to keep a few: pick random ids in Python, "
        "use `TABLESAMPLE`, or a random key column with an index"
    )
    check = "order_by_random"
    INVALID = (
        'def pick(cur):\n    cur.execute("SELECT id FROM quotes ORDER BY RANDOM() LIMIT 1")\n',
    )
    VALID = (
        'def pick(cur):\n    cur.execute("SELECT id FROM quotes ORDER BY created_at LIMIT 1")\n',
    )


class NonSargablePredicate(_SqlRule):
    code = "PFL205"
    name = "non-sargable-predicate"
    impact = "medium"
    summary = (
        "a function or arithmetic on a column in `WHERE`/`JOIN ... ON` compared with a value "
        "(the column's index cannot be used)"
    )
    message = (
        "{detail} wraps the column, so its index cannot be used: compare the bare column "
        "(e.g. a range `col >= %s AND col < %s`) or add an expression index"
    )
    check = "non_sargable"
    INVALID = (
        "def by_email(cur, email):\n"
        '    cur.execute("SELECT id FROM users WHERE LOWER(email) = %s", (email,))\n',
    )
    VALID = (
        "def by_email(cur, email):\n"
        '    cur.execute("SELECT id FROM users WHERE email = LOWER(%s)", (email,))\n',
    )


class OffsetPagination(_SqlRule):
    code = "PFL206"
    name = "offset-pagination"
    impact = "medium"
    summary = "`OFFSET` with a parameter or a literal above 1000: use keyset pagination"
    message = (
        "{detail}: the database reads and discards every skipped row, so deep pages get "
        "slower; paginate by key (`WHERE id > %s ORDER BY id LIMIT %s`)"
    )
    check = "offset_pagination"
    INVALID = (
        "def page(cur, n):\n"
        '    cur.execute("SELECT id FROM items ORDER BY id LIMIT 50 OFFSET %s", (n * 50,))\n',
    )
    VALID = (
        "def page(cur, after):\n"
        '    cur.execute("SELECT id FROM items WHERE id > %s ORDER BY id LIMIT 50", (after,))\n',
    )


class NotInSubquery(_SqlRule):
    code = "PFL207"
    name = "not-in-subquery"
    impact = "medium"
    summary = "`NOT IN (SELECT ...)`: use `NOT EXISTS` (NULL semantics defeat the anti-join)"
    message = (
        "{detail}: a NULL in the subquery makes it match nothing and blocks the anti-join; "
        "use `NOT EXISTS (SELECT 1 FROM ... WHERE ...)`"
    )
    check = "not_in_subquery"
    INVALID = (
        'def idle(cur):\n    cur.execute("SELECT id FROM users WHERE id NOT IN '
        '(SELECT user_id FROM orders)")\n',
    )
    VALID = (
        'def idle(cur):\n    cur.execute("SELECT id FROM users u WHERE NOT EXISTS '
        '(SELECT 1 FROM orders o WHERE o.user_id = u.id)")\n',
    )


class CountForExistence(_SqlRule):
    code = "PFL208"
    name = "count-for-existence-sql"
    impact = "low"
    summary = (
        "`SELECT COUNT(*)` whose only use is a comparison with 0 (in SQL, or of the fetched "
        "value in the same function): use `EXISTS` / `LIMIT 1`"
    )
    message = (
        "{detail}: counting every matching row only to test for one; "
        "use `SELECT EXISTS (SELECT 1 FROM ... WHERE ...)` or `LIMIT 1`"
    )
    check = "count_for_existence"
    INVALID = (
        "def has_orders(cur, uid):\n"
        '    cur.execute("SELECT COUNT(*) FROM orders WHERE user_id = %s", (uid,))\n'
        "    return cur.fetchone()[0] > 0\n",
    )
    VALID = (
        "def order_count(cur, uid):\n"
        '    cur.execute("SELECT COUNT(*) FROM orders WHERE user_id = %s", (uid,))\n'
        "    n = cur.fetchone()[0]\n    if n > 0:\n        print(n)\n    return n\n",
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        # Per function: the COUNT of the last query it ran (or None), the names holding
        # a fetched count, and how those names are used.
        self._last_count: dict[int, tuple[Candidate, int] | None] = {}
        self._names: dict[int, dict[str, tuple[Candidate, int]]] = {}
        self._uses: dict[tuple[int, str], list[int]] = {}  # [all uses, zero tests]

    def visit_Call(self, node: cst.Call) -> None:
        candidates = self.sql.at_call(node)
        if not candidates:
            return
        for candidate in candidates:
            self.examine(candidate)
        function = self.ctx.function()
        if function is not None:
            self._last_count[id(function)] = _count_of(candidates[-1])

    def leave_Assign(self, node: cst.Assign) -> None:
        if not self._last_count or len(node.targets) != 1:
            return
        function = self.ctx.function()
        if function is None:
            return
        target = node.targets[0].target
        if isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == 1:
            target = target.elements[0].value
            fetched = _is_row_fetch(node.value)
        else:
            fetched = _is_scalar_fetch(node.value)
        count = self._last_count.get(id(function))
        if fetched and count is not None and isinstance(target, cst.Name):
            self._names.setdefault(id(function), {})[target.value] = count
            self._uses[(id(function), target.value)] = [0, 0]

    def visit_Name(self, node: cst.Name) -> None:
        if not self._names:
            return
        function = self.ctx.function()
        uses = self._uses.get((id(function), node.value)) if function is not None else None
        if uses is not None:
            uses[0] += 1

    def leave_Comparison(self, node: cst.Comparison) -> None:
        if not self._last_count or len(node.comparisons) != 1:
            return
        other = _zero_compared(node)
        function = self.ctx.function()
        if other is None or function is None:
            return
        if isinstance(other, cst.Name):
            uses = self._uses.get((id(function), other.value))
            if uses is not None:
                uses[1] += 1
        elif _is_scalar_fetch(other):
            count = self._last_count.get(id(function))
            if count is not None:
                self._report_count(count)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        for name, count in self._names.pop(id(node), {}).items():
            total, zero_tests = self._uses.pop((id(node), name))
            if zero_tests and total == zero_tests:
                self._report_count(count)
        self._last_count.pop(id(node), None)

    def _report_count(self, count: tuple[Candidate, int]) -> None:
        candidate, offset = count
        detail = "`COUNT(*)` fetched only to compare it with 0"
        self.report_at(candidate, offset, self.message.format(detail=detail))


def _count_of(candidate: Candidate) -> tuple[Candidate, int] | None:
    if candidate.parsed.error is not None or len(candidate.parsed.statements) != 1:
        return None
    from perflint.sql import checks

    count = checks.counted_query(candidate.parsed.statements[0])
    return None if count is None else (candidate, checks.start_of(count) or 0)


def _method(expr: cst.BaseExpression) -> str | None:
    if isinstance(expr, cst.Await):
        expr = expr.expression
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
        return expr.func.attr.value
    return None


def _is_row_fetch(expr: cst.BaseExpression) -> bool:
    return _method(expr) in ROW_FETCH_METHODS


def _is_scalar_fetch(expr: cst.BaseExpression) -> bool:
    """``cur.fetchone()[0]``, ``await conn.fetchval(...)``, ``result.scalar()``."""
    if isinstance(expr, cst.Subscript) and len(expr.slice) == 1:
        index = expr.slice[0].slice
        if (
            isinstance(index, cst.Index)
            and isinstance(index.value, cst.Integer)
            and index.value.value == "0"
        ):
            return _is_row_fetch(expr.value)
    return _method(expr) in SCALAR_FETCH_METHODS


_ZERO_OPERATORS = (cst.GreaterThan, cst.NotEqual, cst.Equal, cst.LessThanEqual)
_ONE_OPERATORS = (cst.GreaterThanEqual, cst.LessThan)


def _zero_compared(node: cst.Comparison) -> cst.BaseExpression | None:
    """`x` in ``x > 0``, ``x != 0``, ``x == 0``, ``x >= 1``, ``0 < x``..."""
    target = node.comparisons[0]
    left, right, operator = node.left, target.comparator, target.operator
    for value, other in ((right, left), (left, right)):
        if isinstance(value, cst.Integer):
            if value.value == "0" and isinstance(
                operator, (*_ZERO_OPERATORS, cst.GreaterThan, cst.LessThan)
            ):
                return other
            if value.value == "1" and isinstance(operator, _ONE_OPERATORS):
                return other
    return None


class CartesianJoin(_SqlRule):
    code = "PFL209"
    name = "cartesian-join"
    impact = "high"
    summary = (
        "two tables joined by comma or `JOIN` with no `ON`/`USING` and no `WHERE` "
        "predicate linking them"
    )
    message = (
        "{detail} are joined with nothing linking them: every row pairs with every row; "
        "add the join condition (`JOIN ... ON ...`), or write `CROSS JOIN` if it is meant"
    )
    check = "cartesian_join"
    INVALID = (
        "def report(cur):\n"
        '    cur.execute("SELECT o.id, c.name FROM orders o, customers c WHERE o.total > 100")\n',
    )
    VALID = (
        "def report(cur):\n"
        '    cur.execute("SELECT o.id, c.name FROM orders o, customers c '
        'WHERE c.id = o.customer_id")\n',
    )


class SqlSyntaxError(_SqlRule):
    code = "PFL290"
    name = "sql-syntax-error"
    impact = "high"
    summary = (
        "a string passed to an execute-like call that does not parse in the configured dialect"
    )
    message = "SQL does not parse ({detail}); the query fails at run time"
    check = ""
    INVALID = (
        'import sqlite3\nconn = sqlite3.connect("app.db")\n'
        'conn.execute("SELECT id FROM users WHER id = 1")\n',
    )
    VALID = (
        "def load(cur, ids):\n"
        '    cur.execute("SELECT data::jsonb FROM users WHERE id = ANY(%s)", (ids,))\n',
    )

    def visit_Assign(self, node: cst.Assign) -> None:
        return None

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        return None

    def examine(self, candidate: Candidate) -> None:
        error = candidate.parsed.error
        if error is None or not candidate.certain or candidate.sql.python_holes:
            return
        message, offset = error
        if not failing_statement_is_dml(candidate, offset):
            return  # sqlglot's grammar of utility commands (NOTIFY, RELEASE...) has gaps
        detail = f"{candidate.dialect}: {message}"
        other = parses_in_another_dialect(candidate)
        if other is not None:
            detail += f"; it parses as {other}: set `per-file-sql-dialect` if that is the database"
        self.report_at(candidate, offset, self.message.format(detail=detail))
