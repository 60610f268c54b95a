"""PFL103 commit-in-loop: a commit, or a new transaction block, on every loop iteration."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import call_label


class CommitInLoop(DbRule):
    """A commit or a new transaction per item of a loop: one sync to disk each."""

    code = "PFL103"
    name = "commit-in-loop"
    preview = (
        "1 of 2 judged findings on real code was worth acting on (round after): the other "
        "commits beside a much slower per-item call"
    )
    impact = "medium"
    summary = "a commit, or a new transaction block, on every loop iteration"
    message = (
        "`{what}` commits on every loop iteration: commit once after the loop (or every N rows)"
    )
    variants = {
        "transaction": (
            "`{what}` opens a transaction on every loop iteration: wrap the whole loop in one "
            "transaction, or batch the rows per transaction"
        ),
    }
    INVALID = (
        dedent("""\
            import sqlite3
            conn = sqlite3.connect('app.db')
            for row in rows:
                conn.execute('INSERT INTO t VALUES (?)', row)
                conn.commit()
        """),
        dedent("""\
            from django.db import transaction

            def apply(orders):
                for order in orders:
                    with transaction.atomic():
                        order.apply()
        """),
    )
    VALID = (
        dedent("""\
            import sqlite3
            conn = sqlite3.connect('app.db')
            for row in rows:
                conn.execute('INSERT INTO t VALUES (?)', row)
            conn.commit()
        """),
        dedent("""\
            import sqlite3
            conn = sqlite3.connect('app.db')
            for i, row in enumerate(rows):
                conn.execute('INSERT INTO t VALUES (?)', row)
                if i % 1000 == 0:
                    conn.commit()
        """),
    )

    def visit_Call(self, node: cst.Call) -> None:
        found = self.db.classify(node)
        if found is None or found.kind not in ("commit", "transaction"):
            return
        if found.kind == "transaction" and not isinstance(self.ctx.parent(), cst.WithItem):
            return  # a transaction object kept for later, not a block opened here
        loops = self.db.repeating_loops()
        if not loops or self._conditional(loops[0]):
            return
        if self.passes.in_savepoint(loops[0], block_needed=found.kind == "transaction"):
            return  # a transaction per item in a try: one failure undoes that item only
        variant = "main" if found.kind == "commit" else "transaction"
        self.report(node, variant=variant, what=call_label(self.ctx, node))

    def _conditional(self, loop: cst.CSTNode) -> bool:
        """Under an ``if`` inside the loop: committing every N rows is batching."""
        for node in self.ctx.ancestors():
            if node is loop:
                return False
            if isinstance(node, (cst.If, cst.IfExp, cst.Match)):
                return True
        return False
