"""Per-file analyses: facts several rules share (which calls touch the database, which
strings are SQL), computed once per file by taking part in the engine's walk.

An analysis is a class with ``visit_<Node>`` / ``leave_<Node>`` hooks, like a rule. A
rule lists the analyses it needs in ``uses``; the engine builds each needed analysis once
per file (with the analyses it ``uses`` itself), runs its visit hooks after the scope
tracker's and before the rules', and its leave hooks after the rules' and before the
tracker's. So a rule sees an analysis that is up to date with every node around it,
whichever other rules are selected.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from perflint.context import FileContext


class Analysis:
    uses: ClassVar[tuple[type[Analysis], ...]] = ()

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx


def needed_analyses(
    users: Iterable[type], also: Iterable[type[Analysis]] = ()
) -> list[type[Analysis]]:
    """Every analysis `users` declare, directly or through other analyses, and the
    analyses `also`, each once and after the analyses it uses."""
    ordered: list[type[Analysis]] = []

    def add(kind: type[Analysis]) -> None:
        if kind in ordered:
            return
        for dependency in kind.uses:
            add(dependency)
        ordered.append(kind)

    for user in users:
        for kind in getattr(user, "uses", ()):
            add(kind)
    for kind in also:
        add(kind)
    return ordered
