"""PFL102 write-in-loop: single-row database writes inside a loop: batch them."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.nodes import method_name
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import call_label
from perflint.rules.db._statement import queryset_set_based


class WriteInLoop(DbRule):
    """A single-row write run once per item of a loop, where one batch would do."""

    code = "PFL102"
    name = "write-in-loop"
    preview = (
        "none of 11 judged findings on real code was worth acting on (round after): 9 in code "
        "that runs once, migrations or small loops, 2 wrong"
    )
    impact = "high"
    summary = "single-row database writes inside a loop: batch them"
    message = "`{what}` writes one row per loop iteration: {fix}"
    variants = {
        "hoist": (
            "`{what}` runs the same write on every loop iteration: run it once, after the loop"
        ),
        "flush": (
            "`{what}` flushes on every loop iteration: add the objects in the loop and flush() "
            "once after it"
        ),
        "insert": (
            "`{what}` inserts one row per loop iteration: use executemany(), one multi-row "
            "INSERT ... VALUES, or COPY"
        ),
        "batch": (
            "`{what}` sends one batch of rows per loop iteration: collect the rows of every "
            "item and call executemany() once after the loop"
        ),
        "insert_construct": (
            "`{what}` inserts one row per loop iteration: execute the insert() once with a "
            "list of every row's values"
        ),
        "update": (
            "`{what}` runs one UPDATE per loop iteration: update all the items in one "
            "statement (WHERE key IN (...) or = ANY(...), or UPDATE ... FROM (VALUES ...) "
            "when each item sets its own values)"
        ),
        "delete": (
            "`{what}` runs one DELETE per loop iteration: delete all the items in one "
            "statement (WHERE key IN (...) or = ANY(...))"
        ),
        "queryset": (
            "`{what}` runs one {statement} per loop iteration: run it once for all the items "
            "(filter(<field>__in=...))"
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

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # (call, loop, variant, message parameters): reported once the loop is walked
        self._pending: list[tuple[cst.Call, cst.CSTNode, str, dict[str, str]]] = []

    def visit_Call(self, node: cst.Call) -> None:
        found = self._loop_call(node, "write")
        if found is None:
            return
        loops = found[1]
        if self.passes.in_savepoint(loops[0]):
            return  # one savepoint per item, so that one failure rolls back that item only
        advice = self._advice(node, loops)
        if advice is not None:
            self._pending.append((node, loops[0], *advice))

    def finish(self) -> None:
        for node, loop, variant, params in self._pending:
            if self.passes.followed_in_pass(node, loop):
                continue  # the rest of the pass needs this write to have landed
            if self.passes.written_before_in_pass(node, loop, handoffs=True):
                continue  # one step of several per item: their order may matter
            if variant == "hoist" and not self.passes.alone_in_loop(node, loop):
                continue  # other statements of the loop may depend on its order
            self.report(node, variant=variant, **params)

    def _advice(self, call: cst.Call, loops: list[cst.CSTNode]) -> tuple[str, dict] | None:
        """The variant and parameters of the message: the batch form of the write, by its
        SQL statement or its ORM method; None where no batch form fits."""
        what = {"what": call_label(self.ctx, call)}
        method = method_name(call)
        if method == "flush":
            return "flush", what
        if self._hoist(call, loops):
            return "hoist", what
        if self.db.statement(call).set_based:
            return None  # it writes a set of rows (IN a list, = ANY, every row) already
        if method == "executemany":
            return "batch", what
        statement = self.db.statement_kind_of(call)
        if statement in _STATEMENT_VARIANTS:
            if statement == "insert" and self.db.statement(call).named_by:
                return "insert_construct", what
            return _STATEMENT_VARIANTS[statement], what
        if method in ("update", "delete") and self._on_queryset(call):
            if queryset_set_based(call):
                return None  # filter(pk__in=...) or every row of the queryset: a set already
            return "queryset", {**what, "statement": method.upper()}
        if method in ("add", "remove", "set"):
            if self.db.depends_on_loop(call.func.value, loops):  # type: ignore[union-attr]
                return None  # a different related manager on each pass
            return "main", {**what, "fix": f"collect the objects and call {method}(*objects) once"}
        fix = self._model_batch(call, method)
        return ("main", {**what, "fix": fix}) if fix is not None else None

    def _model_batch(self, call: cst.Call, method: str) -> str | None:
        """The bulk form of a Django write, None when the model runs code per object that
        the bulk form would skip (an overridden save()/delete(), a manager's create(),
        save or delete signal receivers); with a caveat when the index cannot tell."""
        fix = _ORM_FIXES.get(method, _ANY_BATCH)
        model = self.django.model_of_call(call) if self.django.active else None
        if model is None:
            return fix
        models = self.django.models
        skipped = _DELETE_HOOKS if method == "delete" else _SAVE_HOOKS
        if models.per_object_writes(model) & skipped:
            return None
        if not models.fully_read(model):
            return fix + _UNCHECKED.get(method, _UNCHECKED["save"])
        return fix

    def _on_queryset(self, call: cst.Call) -> bool:
        """``qs.update()``/``qs.delete()`` on a Django queryset or a SQLAlchemy query."""
        receiver = call.func.value  # type: ignore[union-attr]
        value = self.django.value(receiver) if self.django.active else None
        if value is not None:
            return value.kind in ("manager", "queryset")
        callee = self.ctx.callee(call) or ""
        return callee.startswith("sqlalchemy.orm.Query.")


# The message variant of a SQL statement written per pass.
_STATEMENT_VARIANTS = {
    "insert": "insert",
    "update": "update",
    "merge": "update",
    "delete": "delete",
}
_ORM_FIXES = {
    "save": "build the objects in the loop, then bulk_create()/bulk_update() them once",
    "create": "build the objects in the loop, then bulk_create()/bulk_update() them once",
    "delete": "run one queryset delete() for all rows (filter(pk__in=...))",
}
_ANY_BATCH = "collect the rows and write them in one batch after the loop"
# What the bulk form skips, when the model index cannot tell whether the model needs it.
_UNCHECKED = {
    "save": " (they skip save() and the save signals: check the model does not need them)",
    "delete": " (it skips the model's own delete(): check the model does not override it)",
}
# Per-object code a bulk save or create skips, and what a queryset delete() skips (it
# still sends the delete signals).
_SAVE_HOOKS = frozenset(
    {"save", "create", "get_or_create", "update_or_create", "pre_save", "post_save"}
)
_DELETE_HOOKS = frozenset({"delete"})
