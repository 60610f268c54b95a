"""What every PFL2xx rule does the same way: take the file's SQL candidates where they
are written (a call reaching a sink, a module or class constant), run the rule's check
on each parsed statement, and report at the SQL token inside the Python string."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar, NamedTuple

import libcst as cst

from perflint.context import FileContext
from perflint.findings import RelativePosition
from perflint.nodes import STRING_LITERALS
from perflint.rule import Rule
from perflint.rules.sql._candidates import Candidate, FileSql
from perflint.rules.sql._tree import reads_only_catalog, token_end

if TYPE_CHECKING:
    from sqlglot import exp


class Hit(NamedTuple):
    """A finding inside one SQL text."""

    offset: int  # of the offending token in the SQL text
    params: Mapping[str, str]  # the values the message template needs
    variant: str = "main"


class SqlRule(Rule):
    """Runs the rule's `check` on every parsed statement of every SQL candidate."""

    uses = (FileSql,)
    reads_constants: ClassVar[bool] = True  # module/class string constants that parse as SQL
    check: Callable[[exp.Expression, Candidate], Iterable[Hit]]  # the rule's findings

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.sql = ctx.analysis(FileSql)
        self._reported: set[tuple[int, RelativePosition]] = set()

    def visit_Call(self, node: cst.Call) -> None:
        for candidate in self.sql.at_call(node):
            self.examine(candidate)

    def visit_Assign(self, node: cst.Assign) -> None:
        self._constant(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._constant(node)

    def _constant(self, node: cst.Assign | cst.AnnAssign) -> None:
        if (
            self.reads_constants
            and isinstance(node.value, STRING_LITERALS)
            and self.ctx.function() is None
        ):
            for candidate in self.sql.at_constant(node):
                self.examine(candidate)

    def examine(self, candidate: Candidate) -> None:
        if candidate.parsed.error is not None:
            return
        for statement in candidate.parsed.statements:
            if reads_only_catalog(statement):
                continue  # metadata of a few rows: nothing to tune
            try:
                hits = list(self.check(statement, candidate))
            except RecursionError:
                continue  # absurdly nested SQL: no verdict rather than a crash
            for hit in hits:
                self.report_at(candidate, hit)

    def report_at(self, candidate: Candidate, hit: Hit) -> None:
        node, position = candidate.sql.position(hit.offset, token_end(candidate, hit.offset))
        # a constant is seen as a constant and again at its sink (maybe in another dialect)
        key = (id(node), position)
        if key not in self._reported:
            self._reported.add(key)
            self.report(node, variant=hit.variant, position=position, **hit.params)
