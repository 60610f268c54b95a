"""Fix one file: lint, plan the edits, apply those that do not overlap, and again on the
result until nothing more applies (at most `MAX_PASSES` passes)."""

from __future__ import annotations

import io
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from perflint.discovery import SourceFile
from perflint.engine import SourceError, check_module, decode_source, parse_error, parse_source
from perflint.engine import place as place_reports
from perflint.findings import Finding
from perflint.fixes.apply import apply_edits, non_overlapping
from perflint.fixes.plan import FixRequest, Planned, plan_edits
from perflint.knowledge import Knowledge
from perflint.project import ProjectFacts
from perflint.registry import all_rules
from perflint.rule import Rule
from perflint.runner import Runner
from perflint.settings import FileSettings
from perflint.suppression import apply_noqa

MAX_PASSES = 4


@dataclass(frozen=True)
class FileJob:
    """What linting one file depends on besides its text."""

    path: str  # as reported
    rules: tuple[type[Rule], ...]
    codes: frozenset[str]
    knowledge: Knowledge
    settings: FileSettings
    project: ProjectFacts


def job_for(runner: Runner, source: SourceFile, data: bytes) -> FileJob:
    """The rules, settings and project facts the runner gives this file (`data`: its bytes,
    which tell a migration from other code)."""
    profile = runner.profile(source)
    codes = profile.codes_for_file(source.path, data)
    rules = tuple(rule for code, rule in all_rules().items() if code in codes)
    settings = profile.settings_for(source.path)
    return FileJob(source.display, rules, codes, profile.knowledge, settings, profile.project)


@dataclass
class Checked:
    """One lint of a text: its findings, and an edit for each finding a fix can repair."""

    text: str
    module: cst.Module | None  # None: the text does not parse
    findings: list[Finding]
    planned: list[Planned]


def check_text(job: FileJob, text: str) -> Checked:
    try:
        module = parse_source(text)
        ctx = check_module(
            job.path, text, module, job.rules, job.knowledge, job.settings, job.project
        )
    except SourceError as error:
        return Checked(text, None, _failure(job, str(error), error.line, error.column), [])
    except RecursionError:
        return Checked(text, None, _failure(job, "file is nested too deeply to analyse"), [])
    placed = place_reports(job.path, text, module, ctx.reports)
    kept = set(apply_noqa(job.path, text, [finding for finding, _ in placed], None))
    pairs = [(f, report) for f, report in placed if f.code in job.codes and f in kept]
    fixes = {rule.code: rule.fix for rule in job.rules if rule.fix is not None}
    requests = [FixRequest(f, r, fixes[f.code]) for f, r in pairs if f.code in fixes]
    planned = plan_edits(job.path, text, module, job.knowledge, job.settings, job.project, requests)
    return Checked(text, module, [finding for finding, _ in pairs], planned)


def _failure(job: FileJob, message: str, line: int = 1, column: int = 1) -> list[Finding]:
    return [parse_error(job.path, message, line, column)] if "PFL001" in job.codes else []


@dataclass
class FixOutcome:
    path: str
    data: bytes
    text: str | None  # the fixed text; None when the file could not be decoded
    fixed: list[Finding] = field(default_factory=list)  # as found before their fix
    remaining: list[Finding] = field(default_factory=list)  # in the fixed text
    unsafe_fixable: list[Finding] = field(default_factory=list)  # of `remaining`
    rejected: list[Finding] = field(default_factory=list)  # fixes that broke the code

    @property
    def original(self) -> str | None:
        return None if self.text is None else decode_source(self.data)

    @property
    def changed(self) -> bool:
        return bool(self.fixed)

    def encoded(self) -> bytes:
        """The fixed text in the file's own encoding (and byte-order mark)."""
        assert self.text is not None
        encoding, _ = tokenize.detect_encoding(io.BytesIO(self.data).readline)
        return self.text.encode(encoding)


def fix_source(job: FileJob, data: bytes, unsafe: bool) -> FixOutcome:
    """Apply the safe fixes (and the unsafe ones with `unsafe`) to a file's bytes."""
    try:
        text = decode_source(data)
    except SourceError as error:
        failure = _failure(job, str(error), error.line, error.column)
        return FixOutcome(job.path, data, None, remaining=failure)
    outcome = FixOutcome(job.path, data, text)
    compiled = compiles(text, job.path)
    checked = check_text(job, text)
    for _ in range(MAX_PASSES):
        wanted = {
            id(e) for e in non_overlapping(p.edit for p in checked.planned if p.edit.safe or unsafe)
        }
        chosen = [p for p in checked.planned if id(p.edit) in wanted]
        if not chosen or checked.module is None:
            break
        text, applied, failed = apply_valid(checked.module, chosen, compiled, job.path)
        seen = {(f.code, f.message) for f in outcome.rejected}
        outcome.rejected.extend(
            p.finding for p in failed if (p.finding.code, p.finding.message) not in seen
        )
        if not applied:
            break
        outcome.fixed.extend(p.finding for p in applied)
        checked = check_text(job, text)
    outcome.text = checked.text
    outcome.remaining = checked.findings
    if not unsafe:
        outcome.unsafe_fixable = sorted({p.finding for p in checked.planned if not p.edit.safe})
    return outcome


def apply_valid(
    module: cst.Module, chosen: Sequence[Planned], compiled: bool, path: str
) -> tuple[str, list[Planned], list[Planned]]:
    """The text with `chosen` applied; an edit whose result does not parse (or compile,
    when the original did) is left out."""
    text = apply_edits(module, [p.edit for p in chosen]).code
    if _valid(text, compiled, path):
        return text, list(chosen), []
    applied: list[Planned] = []
    failed: list[Planned] = []
    for planned in chosen:
        trial = apply_edits(module, [p.edit for p in [*applied, planned]]).code
        (applied if _valid(trial, compiled, path) else failed).append(planned)
    return apply_edits(module, [p.edit for p in applied]).code, applied, failed


def _valid(text: str, compiled: bool, path: str) -> bool:
    try:
        parse_source(text)
    except SourceError:
        return False
    return compiles(text, path) or not compiled


def compiles(text: str, path: str) -> bool:
    try:
        compile(text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True
