"""PFL204 order-by-random: `ORDER BY RANDOM()` / `RAND()` / `NEWID()`."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent
from typing import TYPE_CHECKING

from perflint.knowledge.sql import RANDOM_EXPRESSIONS, RANDOM_FUNCTIONS
from perflint.rules.sql._candidates import Candidate
from perflint.rules.sql._rule import Hit, SqlRule
from perflint.rules.sql._tree import node_classes, offset_of, show

if TYPE_CHECKING:
    from sqlglot import exp


class OrderByRandom(SqlRule):
    """Flags a sort key that is a random function: the whole table is numbered and sorted."""

    code = "PFL204"
    name = "order-by-random"
    impact = "medium"
    summary = "`ORDER BY RANDOM()` / `RAND()` / `NEWID()` (sorts the whole table)"
    message = (
        "`ORDER BY {key}` numbers and sorts every row to keep a few: pick random ids in Python, "
        "use `TABLESAMPLE`, or a random key column with an index"
    )
    INVALID = (
        dedent("""\
            def pick(cur):
                cur.execute("SELECT id FROM quotes ORDER BY RANDOM() LIMIT 1")
        """),
    )
    VALID = (
        dedent("""\
            def pick(cur):
                cur.execute("SELECT id FROM quotes ORDER BY created_at LIMIT 1")
        """),
    )

    def check(self, statement: exp.Expression, candidate: Candidate) -> Iterator[Hit]:
        from sqlglot import exp

        for ordered in statement.find_all(exp.Ordered):
            key = ordered.this
            if (
                isinstance(key, node_classes(RANDOM_EXPRESSIONS))
                or _function_name(key) in RANDOM_FUNCTIONS
            ):
                yield Hit(offset_of(key), {"key": show(key, candidate)})


def _function_name(node: exp.Expression) -> str:
    from sqlglot import exp

    if isinstance(node, exp.Anonymous):
        return str(node.this).upper()
    return node.sql_name().upper() if isinstance(node, exp.Func) else ""
