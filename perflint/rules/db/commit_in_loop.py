"""PFL103 commit-in-loop: a commit, or a new transaction block, on every loop iteration."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import call_label


class CommitInLoop(DbRule):
    code = "PFL103"
    name = "commit-in-loop"
    impact = "medium"
    summary = "a commit, or a new transaction block, on every loop iteration"
    message = "`{what}` {action} on every loop iteration: {fix}"
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
        if found.kind == "commit":
            action, fix = "commits", "commit once after the loop (or every N rows)"
        else:
            action = "opens a transaction"
            fix = "wrap the whole loop in one transaction, or batch the rows per transaction"
        what = call_label(self.ctx, node)
        self.report(node, self.message.format(what=what, action=action, fix=fix))

    def _conditional(self, loop: cst.CSTNode) -> bool:
        """Under an ``if`` inside the loop: committing every N rows is batching."""
        stack = self.ctx.stack
        for index in range(len(stack) - 1, -1, -1):
            node = stack[index]
            if node is loop:
                return False
            if isinstance(node, (cst.If, cst.IfExp, cst.Match)):
                return True
        return False
