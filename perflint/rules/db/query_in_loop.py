"""PFL101 query-in-loop: a database read round trip inside a loop (N+1 queries)."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.db import (
    DJANGO_AGGREGATE_METHODS,
    DJANGO_LOOKUP_METHODS,
    QUERYSET_EVALUATING_BUILTINS,
    STATEMENT,
)
from perflint.nodes import comprehension_fors, method_name
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._dependence import NONE
from perflint.rules.db._labels import call_label, snippet


class QueryInLoop(DbRule):
    """A query run once per item of a loop: the N+1 pattern, one round trip each."""

    code = "PFL101"
    name = "query-in-loop"
    preview = (
        "6 of 25 judged findings on real code were worth acting on (round after): 9 were "
        "wrong (each query depends on the previous result or has its own bounds, so no `IN` "
        "can merge them; loops that run once) and 10 true but not worth it (commands run "
        "once, migrations, small loops)"
    )
    impact = "high"
    summary = "a database read round trip inside a loop (N+1 queries)"
    message = (
        "`{what}` queries the database on every loop iteration (N+1): fetch the rows for all "
        "items in one query before the loop (WHERE key IN (...) or = ANY(...))"
    )
    variants = {
        "hoist": (
            "`{what}` queries the database on every loop iteration (N+1): its arguments do not "
            "depend on the loop, so run it once before the loop"
        ),
        "orm": (
            "`{what}` queries the database on every loop iteration (N+1): load the objects of "
            "all items in one query before the loop (WHERE id IN (...)), or eager-load them "
            "with selectinload() where the items were queried"
        ),
        "django": (
            "`{what}` queries the database on every loop iteration (N+1): fetch the rows for "
            "all items in one query before the loop (filter(<field>__in=...)), or "
            "prefetch_related() on the queryset the items come from"
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
        "aggregate_items": (
            "`{what}` queries the database on every loop iteration (N+1): answer for all items "
            "in one query before the loop: filter(<field>__in=...).values(<field>), with "
            "annotate(Count(...)) for counts"
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
            if self.db.statement(node).computes:
                return  # SELECT f(?) reads no table: a computation per item, not a lookup
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
        if self.passes.written_before_in_pass(node, loops[0]):
            return  # it reads back what this pass wrote: nothing to fetch before the loop
        label = (
            call_label(self.ctx, node) if isinstance(node, cst.Call) else snippet(self.ctx, node)
        )
        self.report(node, variant=self._variant(node, loops), what=label)

    def _variant(self, node: cst.CSTNode, loops: list[cst.CSTNode]) -> str:
        """The fix to suggest: hoisting; for Django a batch lookup, an annotation of the
        queryset the loop iterates, or one query for all items; else batching by key."""
        if self.db.dependence(node, loops) == NONE:
            return "hoist"
        if not isinstance(node, cst.Call) or self._django_query(node):
            method = method_name(node) if isinstance(node, cst.Call) else ""
            if method in DJANGO_LOOKUP_METHODS:
                return "lookup"
            if method in DJANGO_AGGREGATE_METHODS:
                return "aggregate" if self._iterates_queryset(loops[0]) else "aggregate_items"
            return "django"
        return "orm" if self._loads_objects(node) else "main"

    def _django_query(self, call: cst.Call) -> bool:
        """A method of a Django manager, queryset or model instance, or ``list(qs)``."""
        if not self.django.active:
            return False
        if not isinstance(call.func, cst.Attribute):
            return True  # list(qs), len(qs): only reported for querysets
        if call.func.attr.value == "refresh_from_db":
            return True  # a Django-only method, reported on the items of a loop
        return self.django.value(call.func.value) is not None

    def _iterates_queryset(self, loop: cst.CSTNode) -> bool:
        fors = comprehension_fors(loop)
        iterable = loop.iter if isinstance(loop, cst.For) else fors[0].iter if fors else None
        return iterable is not None and self.django.iterated_queryset(iterable) is not None

    def _loads_objects(self, call: cst.Call) -> bool:
        """An ORM load (``session.get``, ``refresh``, ``query(...).first()``), not a
        statement given as argument (SQL text or a construct)?"""
        callee = self.ctx.callee(call)
        effects = self.ctx.knowledge.effects_of(callee) if callee else frozenset()
        return bool(effects) and STATEMENT not in effects
