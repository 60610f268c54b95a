"""Apply edits to the tree they were planned on: the ones that do not overlap, in one
LibCST transform, with their module-level additions placed after the imports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import libcst as cst

from perflint.fixes.base import Addition, Edit, Replacement
from perflint.nodes import children, walk


def non_overlapping(edits: Iterable[Edit]) -> list[Edit]:
    """The edits, in order, that touch no code an earlier chosen one touches (the others
    wait for the next pass, on the rewritten tree)."""
    chosen: list[Edit] = []
    claimed: set[int] = set()  # every node inside a chosen edit's targets
    roots: set[int] = set()  # the chosen edits' targets
    for edit in edits:
        inside = {id(node) for target in edit.targets() for node in walk(target)}
        if inside & roots or any(id(target) in claimed for target in edit.targets()):
            continue
        chosen.append(edit)
        claimed |= inside
        roots |= {id(target) for target in edit.targets()}
    return chosen


def apply_edits(module: cst.Module, edits: Sequence[Edit]) -> cst.Module:
    """`module` with non-overlapping `edits` applied."""
    replacements: dict[int, Replacement] = {
        id(original): new for edit in edits for original, new in edit.replacements
    }
    insertions = _insertions(module, [a for edit in edits for a in edit.additions])
    rewriter = _Rewriter(replacements, _ancestors_of(module, replacements.keys()), insertions)
    return module.visit(rewriter)


def _ancestors_of(module: cst.Module, targets: Iterable[int]) -> set[int]:
    """Ids of the nodes whose subtree holds a target (the module always)."""
    wanted = set(targets)
    found = {id(module)}
    path: list[cst.CSTNode] = []
    pending: list[tuple[cst.CSTNode, int]] = [(module, 0)]
    while pending:
        node, depth = pending.pop()
        del path[depth:]
        if id(node) in wanted:
            found.update(id(ancestor) for ancestor in path)
            continue
        path.append(node)
        pending.extend((child, depth + 1) for child in reversed(children(node)))
    return found


def _is_import_line(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _insertion_index(body: Sequence[cst.CSTNode], anchor: cst.CSTNode) -> int:
    """After the last top-level import before `anchor`; else after the docstring."""
    anchor_index = next((i for i, s in enumerate(body) if s is anchor), len(body))
    for index in range(anchor_index - 1, -1, -1):
        if _is_import_line(body[index]):
            return index + 1
    return 1 if anchor_index > 0 and body and _is_docstring(body[0]) else 0


def _insertions(
    module: cst.Module, additions: Sequence[Addition]
) -> dict[int, list[cst.SimpleStatementLine]]:
    """Original body index -> the statements to insert before it (imports first)."""
    first: dict[str, tuple[int, Addition]] = {}
    for addition in additions:
        index = _insertion_index(module.body, addition.anchor)
        if addition.key not in first or index < first[addition.key][0]:
            first[addition.key] = (index, addition)
    placed: dict[int, list[cst.SimpleStatementLine]] = {}
    ordered = sorted(first.values(), key=lambda item: (item[0], not item[1].is_import))
    for index, addition in ordered:
        group = placed.setdefault(index, [])
        statement = addition.statement
        first_definition = not addition.is_import and all(_is_import_line(s) for s in group)
        blank = [cst.EmptyLine()] if first_definition and index > 0 else []
        group.append(statement.with_changes(leading_lines=blank))
    return placed


class _Rewriter(cst.CSTTransformer):
    def __init__(
        self,
        replacements: dict[int, Replacement],
        on_path: set[int],
        insertions: dict[int, list[cst.SimpleStatementLine]],
    ) -> None:
        super().__init__()
        self.replacements = replacements
        self.on_path = on_path
        self.insertions = insertions

    def on_visit(self, node: cst.CSTNode) -> bool:
        return id(node) in self.on_path  # nothing to change below any other node

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        new = self.replacements.get(id(original_node))
        if new is not None:
            return new
        return super().on_leave(original_node, updated_node)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.insertions:
            return updated_node
        kept = iter(updated_node.body)
        body: list[cst.BaseStatement] = []
        for index, statement in enumerate(original_node.body):
            body.extend(self.insertions.get(index, ()))
            if not isinstance(self.replacements.get(id(statement)), cst.RemovalSentinel):
                body.append(next(kept))
        body.extend(self.insertions.get(len(original_node.body), ()))
        header = list(updated_node.header)
        blank = max((i for i, line in enumerate(header) if line.comment is None), default=-1)
        if 0 in self.insertions and len(body) > len(self.insertions[0]) and blank >= 0:
            # Comments right above the first statement (after the file's header comments and
            # a blank line) are in the header: keep them on that statement.
            first = len(self.insertions[0])
            body[first] = body[first].with_changes(
                leading_lines=[*header[blank + 1 :], *body[first].leading_lines]
            )
            header = header[: blank + 1]
        return updated_node.with_changes(header=header, body=body)
