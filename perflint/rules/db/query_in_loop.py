"""PFL101 query-in-loop: a database read round trip inside a loop (N+1 queries)."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.db import (
    DJANGO_AGGREGATE_METHODS,
    DJANGO_LOOKUP_METHODS,
    QUERYSET_EVALUATING_BUILTINS,
)
from perflint.nodes import method_name
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import call_label, snippet


class QueryInLoop(DbRule):
    """A query run once per item of a loop: the N+1 pattern, one round trip each."""

    code = "PFL101"
    name = "query-in-loop"
    impact = "high"
    summary = "a database read round trip inside a loop (N+1 queries)"
    message = (
        "`{what}` queries the database on every loop iteration (N+1): fetch the rows for all "
        "items in one query before the loop (WHERE id IN/ANY(...), "
        "select_related/prefetch_related, selectinload)"
    )
    variants = {
        "hoist": (
            "`{what}` queries the database on every loop iteration (N+1): its arguments do not "
            "depend on the loop, so run it once before the loop"
        ),
        "lookup": (
            "`{what}` queries the database on every loop iteration (N+1): fetch all the rows "
            "before the loop with filter(<field>__in=...) or in_bulk()"
        ),
        "aggregate": (
            "`{what}` queries the database on every loop iteration (N+1): annotate the outer "
            "queryset instead (Count, Exists, Subquery), or aggregate once with "
            "values(...).annotate(...)"
        ),
    }
    INVALID = (
        dedent("""\
            import sqlite3
            conn = sqlite3.connect('app.db')
            cur = conn.cursor()
            for user_id in user_ids:
                cur.execute('SELECT name FROM users WHERE id = ?', (user_id,))
        """),
        dedent("""\
            from sqlalchemy.orm import Session

            def names(session: Session, ids):
                return [session.get(User, i).name for i in ids]
        """),
        dedent("""\
            import asyncpg

            async def totals(conn: asyncpg.Connection, ids):
                for i in ids:
                    yield await conn.fetchval('SELECT sum(x) FROM t WHERE id=$1', i)
        """),
    )
    VALID = (
        dedent("""\
            import sqlite3
            conn = sqlite3.connect('app.db')
            cur = conn.cursor()
            cur.execute('SELECT id, name FROM users WHERE id IN (SELECT id FROM wanted)')
            for row in cur.fetchall():
                print(row)
        """),
        dedent("""\
            for query in queries:
                engine.execute(query)
        """),
        dedent("""\
            import sqlite3
            conn = sqlite3.connect('app.db')
            for table in ('users', 'orders'):
                conn.execute(f'DELETE FROM {table}')
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._evaluated: set[int] = set()

    def visit_Call(self, node: cst.Call) -> None:
        found = self._loop_call(node, "query")
        if found is not None:
            if not (self.django.active and self.django.loop_object_relation(node)):
                self._report(node, found[1])
            return
        if not self.django.active or not node.args:
            return
        callee = self.ctx.callee(node)
        argument = node.args[0].value
        if (
            callee in QUERYSET_EVALUATING_BUILTINS
            and self.django.iterated_queryset(argument)
            and not self.django.loop_object_relation(argument)
        ):
            loops = self.db.repeating_loops()
            if loops:
                self._report(node, loops)

    def visit_For(self, node: cst.For) -> None:
        self._check_iteration(node.iter)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._check_iteration(node.iter)

    def _check_iteration(self, iterable: cst.BaseExpression) -> None:
        if (
            self.django.active
            and self.django.iterated_queryset(iterable) is not None
            and not self.django.loop_object_relation(iterable)
        ):
            loops = self.db.repeating_loops()
            if loops and self._first_evaluation(iterable):
                self._report(iterable, loops)

    def _first_evaluation(self, iterable: cst.BaseExpression) -> bool:
        """A queryset bound to a name queries once; iterating it again reads its cache."""
        binding = self.ctx.binding_of(iterable)
        if binding is None or binding.node is None:
            return True
        key = id(binding.node)
        if key in self._evaluated:
            return False
        self._evaluated.add(key)
        return True

    def _report(self, node: cst.CSTNode, loops: list[cst.CSTNode]) -> None:
        label = (
            call_label(self.ctx, node) if isinstance(node, cst.Call) else snippet(self.ctx, node)
        )
        self.report(node, variant=self._variant(node, loops), what=label)

    def _variant(self, node: cst.CSTNode, loops: list[cst.CSTNode]) -> str:
        """The fix to suggest: hoisting, a Django batch lookup or annotation, or batching."""
        if not self.db.depends_on_loop(node, loops):
            return "hoist"
        method = method_name(node) if self.django.active and isinstance(node, cst.Call) else ""
        if method in DJANGO_LOOKUP_METHODS:
            return "lookup"
        if method in DJANGO_AGGREGATE_METHODS:
            return "aggregate"
        return "main"
