"""What a worker does with one editor buffer: find its configuration as the CLI does
(the nearest ``[tool.perflint]``), lint it with the project facts of the workspace, and
prepare the text edits of every available fix and ``# noqa``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from perflint.config import Config, ConfigError, Configs
from perflint.discovery import SourceFile
from perflint.engine import parse_error
from perflint.findings import Finding
from perflint.fixes.session import apply_valid, check_text, compiles, job_for
from perflint.lsp.edits import TextEdit, noqa_edit, text_edits
from perflint.registry import PARSE_ERROR
from perflint.runner import Runner


@dataclass(frozen=True)
class LintRequest:
    path: str  # the document's file (it need not exist yet)
    text: str  # the buffer, saved or not
    root: str | None  # the workspace folder: its project facts (Django models) are indexed
    generation: int  # changes when a file is saved: the project facts are gathered again


@dataclass(frozen=True)
class Action:
    finding: int  # index into the report's findings
    title: str
    preferred: bool  # a safe fix
    edits: tuple[TextEdit, ...]


@dataclass(frozen=True)
class LintReport:
    findings: list[Finding]
    actions: list[Action]


@lru_cache(maxsize=8)
def _runner(config: Config, root: str | None, generation: int) -> Runner:
    """A runner whose profile for `config` has the project facts of the workspace."""
    runner = Runner()
    anchor = SourceFile(str(config.root), config.root, config)
    runner.prepare([anchor], roots=[Path(root)] if root else [])
    return runner


def analyse(request: LintRequest) -> LintReport:
    path = Path(request.path)
    try:
        config = Configs().for_path(path)
        runner = _runner(config, request.root, request.generation)
    except ConfigError as error:
        message = f"cannot use the perflint configuration: {error}"
        return LintReport([parse_error(request.path, message)], [])
    source = SourceFile(request.path, path, config)
    job = job_for(runner, source, request.text.encode("utf-8", "surrogateescape"))
    checked = check_text(job, request.text)
    index = {id(finding): i for i, finding in enumerate(checked.findings)}
    actions = []
    if checked.module is not None:
        compiled = compiles(request.text, request.path)
        for planned in checked.planned:
            fixed, applied, _ = apply_valid(checked.module, [planned], compiled, request.path)
            if applied:
                edit = planned.edit
                title = f"{edit.title} ({planned.finding.code})"
                if not edit.safe:
                    title += " - unsafe: see the rule's Fix section"
                edits = tuple(text_edits(request.text, fixed))
                actions.append(Action(index[id(planned.finding)], title, edit.safe, edits))
    for i, finding in enumerate(checked.findings):
        noqa = noqa_edit(request.text, finding.line, finding.code)
        if noqa is not None and finding.code != PARSE_ERROR.code:
            title = f"Ignore {finding.code} on this line (# noqa: {finding.code})"
            actions.append(Action(i, title, False, (noqa,)))
    return LintReport(checked.findings, actions)
