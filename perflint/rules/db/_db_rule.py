"""The base of the PFL1xx rules: the file's analyses and the loop questions they share."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.rule import Rule
from perflint.rules.db._access import CallKind, DbAccess
from perflint.rules.db._dependence import CARRIED, NONE
from perflint.rules.db._django import DjangoValues
from perflint.rules.db._passes import LoopPasses


class DbRule(Rule):
    """Shared by the family: the file's `DbAccess`, `DjangoValues` and `LoopPasses`."""

    uses = (DbAccess, DjangoValues, LoopPasses)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.db = ctx.analysis(DbAccess)
        self.django = ctx.analysis(DjangoValues)
        self.passes = ctx.analysis(LoopPasses)

    def _loop_call(self, call: cst.Call, kind: str) -> tuple[CallKind, list[cst.CSTNode]] | None:
        """The call's kind and the loops repeating it, when it is a `kind` call run once
        per item of a loop: not one whose arguments only follow the previous pass's
        results (a cursor walk), nor one whose table the loop names (a pass per table)."""
        found = self.db.classify(call)
        if found is None or found.kind != kind:
            return None
        loops = self.db.repeating_loops()
        if not loops or self.db.dependence(call, loops) == CARRIED:
            return None
        if self.db.different_statement_per_pass(call, loops):
            return None
        return found, loops

    def _hoist(self, call: cst.Call, loops: list[cst.CSTNode]) -> bool:
        """The call reads nothing that changes between passes: it could run once."""
        return self.db.dependence(call, loops) == NONE
