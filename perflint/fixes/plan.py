"""Ask each fixable finding's fix for an edit, on the tree the finding came from.

The rules reported during one walk; some decided only when a loop, a function or the
file ended. To give every fix the view a rule's ``visit_`` hook has (ancestors, scope,
bindings), the tree is walked a second time with the scope tracker alone, and each fix
is asked when the walk reaches its finding's node. An edit that would drop a comment is
discarded: that finding stays unfixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from perflint.context import FileContext
from perflint.findings import Finding, PendingReport
from perflint.fixes.base import Edit, Fix, FixSite, ModuleNames
from perflint.fixes.syntax import comment_texts
from perflint.knowledge import Knowledge
from perflint.project import ProjectFacts
from perflint.settings import FileSettings
from perflint.tracking import ScopeTracker
from perflint.walk import hook_tables, walk_tree


@dataclass(frozen=True)
class Planned:
    """A finding and the edit that repairs it."""

    finding: Finding
    edit: Edit


@dataclass(frozen=True)
class FixRequest:
    finding: Finding
    report: PendingReport
    fix: Fix


def keeps_comments(edit: Edit) -> bool:
    """Does every comment of the replaced code survive in what replaces it?"""
    before = comment_texts(*edit.targets())
    after = comment_texts(
        *(new for _, new in edit.replacements if isinstance(new, cst.CSTNode)),
        *(addition.statement for addition in edit.additions),
    )
    return not before - after


def plan_edits(
    path: str,
    text: str,
    module: cst.Module,
    knowledge: Knowledge,
    settings: FileSettings,
    project: ProjectFacts,
    requests: Sequence[FixRequest],
) -> list[Planned]:
    """The edits the fixes offer for `requests`, in the order of the walk."""
    if not requests:
        return []
    ctx = FileContext(path, text, module, knowledge, settings, project)
    names = ModuleNames(module)
    by_node: dict[int, list[FixRequest]] = {}
    for request in requests:
        by_node.setdefault(id(request.report.node), []).append(request)
    planned: list[Planned] = []

    def at_node(node: cst.CSTNode) -> None:
        for request in by_node.get(id(node), ()):
            report = request.report
            site = FixSite(ctx, node, report.variant, report.params, names)
            edit = request.fix.plan(site)
            if edit is not None and keeps_comments(edit):
                planned.append(Planned(request.finding, edit))

    tracker = ScopeTracker(ctx)
    visit, leave = hook_tables([tracker], [tracker])
    for node_type in {type(request.report.node) for request in requests}:
        visit[node_type] = [*visit.get(node_type, ()), at_node]
    walk_tree(module, ctx.stack, visit, leave)
    return planned
