"""The base of the PFL1xx rules: the file's analyses and the loop questions they share."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.rule import Rule
from perflint.rules.db._access import CallKind, DbAccess
from perflint.rules.db._django import DjangoValues


class DbRule(Rule):
    """Shared by the family: the file's `DbAccess` and `DjangoValues`."""

    uses = (DbAccess, DjangoValues)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.db = ctx.analysis(DbAccess)
        self.django = ctx.analysis(DjangoValues)

    def _loop_call(self, call: cst.Call, kind: str) -> tuple[CallKind, list[cst.CSTNode]] | None:
        """The call's kind and the loops repeating it, when it is a `kind` call in a loop."""
        found = self.db.classify(call)
        if found is None or found.kind != kind:
            return None
        loops = self.db.repeating_loops()
        return (found, loops) if loops else None

    def _hoist(self, call: cst.Call, loops: list[cst.CSTNode]) -> bool:
        """The call reads no name bound in the loop: it could run once, before it."""
        return not self.db.depends_on_loop(call, loops)
