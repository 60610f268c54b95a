"""PFL102 write-in-loop: single-row database writes inside a loop: batch them."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.nodes import method_name
from perflint.rules.db._access import WRITE_STATEMENTS
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import call_label


class WriteInLoop(DbRule):
    """A single-row write run once per item of a loop, where one batch would do."""

    code = "PFL102"
    name = "write-in-loop"
    impact = "high"
    summary = "single-row database writes inside a loop: batch them"
    message = "`{what}` writes one row per loop iteration: {fix}"
    variants = {
        "hoist": (
            "`{what}` writes one row per loop iteration: its arguments do not depend on the "
            "loop, so run it once, outside the loop"
        ),
    }
    INVALID = (
        dedent("""\
            import psycopg2

            def load(rows):
                conn = psycopg2.connect('dbname=shop')
                with conn.cursor() as cur:
                    for row in rows:
                        cur.execute('INSERT INTO items (sku, qty) VALUES (%s, %s)', row)
        """),
        dedent("""\
            from django.db import models

            class Item(models.Model):
                qty = models.IntegerField()

            def restock():
                for item in Item.objects.filter(qty=0):
                    item.qty = 10
                    item.save()
        """),
    )
    VALID = (
        dedent("""\
            import psycopg2

            def load(rows):
                conn = psycopg2.connect('dbname=shop')
                with conn.cursor() as cur:
                    cur.executemany('INSERT INTO items (sku, qty) VALUES (%s, %s)', rows)
        """),
        dedent("""\
            from django.db import models

            class Item(models.Model):
                qty = models.IntegerField()

            def restock():
                Item.objects.filter(qty=0).update(qty=10)
        """),
    )

    def visit_Call(self, node: cst.Call) -> None:
        found = self._loop_call(node, "write")
        if found is None:
            return
        _, loops = found
        label = call_label(self.ctx, node)
        if self._hoist(node, loops):
            self.report(node, variant="hoist", what=label)
        else:
            self.report(node, what=label, fix=self._fix(node))

    def _fix(self, call: cst.Call) -> str:
        """The batch form of the write, by its SQL statement or its ORM method."""
        method = method_name(call)
        statement = self.db.statement_kind_of(call)
        if statement == "insert":
            return "use executemany(), one multi-row INSERT ... VALUES, or COPY"
        if statement in WRITE_STATEMENTS:
            return "use one set-based statement (WHERE id = ANY(...)) or executemany()"
        if method in ("save", "create"):
            return "build the objects in the loop, then bulk_create()/bulk_update() them once"
        if method in ("update", "delete"):
            return f"run one queryset {method}() for all rows (filter(pk__in=...))"
        if method in ("add", "remove", "set"):
            return f"collect the objects and call {method}(*objects) once"
        if method == "flush":
            return "add the objects in the loop and flush() once after it"
        return "collect the rows and write them in one batch after the loop"
