"""Lint one file: decode, parse once, walk once with every enabled rule, then place
the findings (positions and scopes are computed only for files that have findings) and
honour ``# noqa`` and ``# perflint: skip-file``."""

from __future__ import annotations

import ast
import codecs
import io
import tokenize
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import libcst as cst

from perflint.analysis import needed_analyses
from perflint.context import FileContext
from perflint.effects.propagate import PROJECT_CODES
from perflint.effects.record import ProjectCalls
from perflint.enclosing import locate_in_scopes
from perflint.findings import FileResult, Finding, Location, PendingReport
from perflint.knowledge import Knowledge
from perflint.lines import physical_lines
from perflint.noqa import skips_file
from perflint.positions import Span
from perflint.project import NO_PROJECT, ProjectFacts
from perflint.registry import PARSE_ERROR
from perflint.rule import Rule
from perflint.settings import DEFAULT_SETTINGS, FileSettings
from perflint.suppression import apply_noqa
from perflint.tracking import ScopeTracker
from perflint.walk import HookFailed, hook_tables, walk_tree


class AnalysisError(Exception):
    """A rule (or the engine's scope tracking) raised while analysing a file: a bug in
    perflint, not a fault of the file. `culprit` names the hook that raised; `rule` is
    the rule class when a rule's hook raised."""

    def __init__(self, culprit: str, rule: type[Rule] | None, error: Exception) -> None:
        super().__init__(f"{culprit} raised {type(error).__name__}: {error}")
        self.culprit = culprit
        self.rule = rule


def _failed(hook: Callable[..., Any], error: Exception) -> AnalysisError:
    owner = getattr(hook, "__self__", None)
    method = f"{type(owner).__name__}.{getattr(hook, '__name__', '?')}"
    if isinstance(owner, Rule):
        return AnalysisError(f"rule {owner.code} ({method})", type(owner), error)
    return AnalysisError(method, None, error)


class SourceError(Exception):
    """The file cannot be turned into a module: the message says why, for PFL001."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def decode_source(data: bytes) -> str:
    """Bytes -> text per PEP 263 (BOM, coding cookie, else UTF-8)."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError("file contains a NUL byte", line)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if "unknown encoding" in str(error):
            raise SourceError(f"bad encoding declaration: {error}") from None
        encoding = "utf-8"  # undecodable bytes near the top: decoding below says where
    try:
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except LookupError as error:
        reason = "not a text encoding" if "not a text encoding" in str(error) else "unknown"
        raise SourceError(f"cannot decode as {encoding!r}: {reason} encoding") from None
    except UnicodeDecodeError as error:
        if error.object != data:  # a codec that decodes in stages (punycode, idna)
            raise SourceError(f"cannot decode as {encoding}: {error.reason}") from None
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            f"cannot decode as {encoding}: invalid byte 0x{data[error.start]:02x}", line
        ) from None
    except Exception as error:  # odd codecs: `undefined` raises UnicodeError, others worse
        raise SourceError(f"cannot decode as {encoding}: {error}") from None
    return text[1:] if text.startswith("\ufeff") else text


def parse_source(text: str) -> cst.Module:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        raise _syntax_error(text, error) from None
    except RecursionError:
        raise SourceError("syntax error: nesting too deep to parse") from None


def _syntax_error(text: str, error: cst.ParserSyntaxError) -> SourceError:
    """CPython's parser locates syntax errors precisely and words them clearly; LibCST's
    native parser does neither, so ask CPython (only on this failure path)."""
    try:
        with warnings.catch_warnings():  # SyntaxWarnings would reach stderr from a worker
            warnings.simplefilter("ignore")
            ast.parse(text)
    except SyntaxError as cpython:
        return SourceError(f"syntax error: {cpython.msg}", cpython.lineno or 1, cpython.offset or 1)
    except (ValueError, RecursionError, MemoryError):
        pass
    detail = str(error.message).strip().splitlines()[0] if error.message else "syntax error"
    return SourceError(
        f"LibCST cannot parse this file: {detail}", error.raw_line, error.raw_column + 1
    )


def lint_source(
    path: str,
    data: bytes,
    rules: Sequence[type[Rule]],
    knowledge: Knowledge,
    settings: FileSettings = DEFAULT_SETTINGS,
    project: ProjectFacts = NO_PROJECT,
    unused_noqa: bool = False,
    module_name: str = "",
    summarise: bool = False,
) -> FileResult:
    """Lint one file's bytes with the given rule classes (and PFL002 when `unused_noqa`);
    with `summarise`, also summarise its functions for the project-wide pass (the file is
    module `module_name`). Never raises for bad input; a bug in a rule raises
    `AnalysisError` naming it."""
    try:
        text = decode_source(data)
        if skips_file(text):
            return FileResult(path)
        module = parse_source(text)
    except SourceError as error:
        return FileResult(path, [parse_error(path, str(error), error.line, error.column)])
    try:
        ctx = check_module(
            path, text, module, rules, knowledge, settings, project, module_name, summarise
        )
    except RecursionError:
        return FileResult(path, [parse_error(path, "file is nested too deeply to analyse")])
    nodes = report_nodes(ctx.reports)
    spans, scopes = locate_in_scopes(module, nodes) if nodes else ({}, {})
    findings = [f for f, _ in place_located(path, text, ctx.reports, spans, scopes)]
    enabled = frozenset(rule.code for rule in rules) if unused_noqa else None
    codes = sorted(PROJECT_CODES.intersection(rule.code for rule in rules))
    summary = ctx.analysis(ProjectCalls).summary(codes) if summarise else None
    return FileResult(path, sorted(apply_noqa(path, text, findings, enabled)), summary)


def check_module(
    path: str,
    text: str,
    module: cst.Module,
    rules: Sequence[type[Rule]],
    knowledge: Knowledge,
    settings: FileSettings = DEFAULT_SETTINGS,
    project: ProjectFacts = NO_PROJECT,
    module_name: str = "",
    summarise: bool = False,
) -> FileContext:
    """Walk a parsed module once with the rules (and, with `summarise`, the recording of
    `ProjectCalls`); their reports are on the returned context. Raises RecursionError on
    a tree nested too deeply to walk."""
    ctx = FileContext(path, text, module, knowledge, settings, project, module_name)
    also = (ProjectCalls,) if summarise else ()
    analyses = [kind(ctx) for kind in needed_analyses(rules, also)]
    for analysis in analyses:
        ctx.add_analysis(analysis)
    instances = [rule_class(ctx) for rule_class in rules]
    # The tracker sees each node first on the way in and last on the way out, the
    # analyses next, so rules see bindings and shared facts as of their node.
    tracker = ScopeTracker(ctx)
    visit, leave = hook_tables(
        [tracker, *analyses, *instances], [*instances, *reversed(analyses), tracker]
    )
    try:
        walk_tree(module, ctx.stack, visit, leave)
    except HookFailed as failure:
        raise _failed(failure.hook, failure.error) from failure.error
    try:
        for rule in instances:
            rule.finish()
    except Exception as error:
        raise _failed(rule.finish, error) from error
    return ctx


def parse_error(path: str, message: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(
        path,
        line,
        column,
        line,
        column,
        PARSE_ERROR.code,
        PARSE_ERROR.name,
        "-",
        _one_line(message),
    )


def report_nodes(reports: list[PendingReport]) -> list[cst.CSTNode]:
    """The nodes `place` needs located: each report's, and those of its related places."""
    nodes = [report.node for report in reports]
    nodes.extend(node for report in reports for node, _ in report.related)
    return nodes


def place(
    path: str, text: str, module: cst.Module, reports: list[PendingReport]
) -> list[tuple[Finding, PendingReport]]:
    """Each report as a finding, with the report it came from (the first of several that
    give the same finding); sorted by finding. ``# noqa`` is for the caller to apply
    (`perflint.suppression.apply_noqa`)."""
    if not reports:
        return []
    spans, scopes = locate_in_scopes(module, report_nodes(reports))
    return place_located(path, text, reports, spans, scopes)


def place_located(
    path: str,
    text: str,
    reports: list[PendingReport],
    spans: dict[int, Span],
    scopes: dict[int, str],
) -> list[tuple[Finding, PendingReport]]:
    """`place` with the reports' nodes (`report_nodes`) already located."""
    lines = physical_lines(text)
    findings = []
    seen = set()
    for report in reports:
        line, column, end_line, end_column = spans[id(report.node)]
        related = _related(report, spans)
        if report.position is not None:
            offset = report.position
            line += offset.line_offset
            column = column + offset.column if offset.line_offset == 0 else offset.column
            end_line, end_column = line, column + offset.length
        rule = report.rule
        finding = Finding(
            path,
            line,
            column + 1,
            end_line,
            end_column + 1,
            rule.code,
            rule.name,
            report.impact,
            _one_line(report.message) + _also_at(related),
            scopes.get(id(report.node), ""),
            lines[line - 1] if 0 < line <= len(lines) else "",
            related,
        )
        if finding not in seen:
            seen.add(finding)
            findings.append((finding, report))
    findings.sort(key=lambda pair: pair[0])
    return findings


def _related(report: PendingReport, spans: dict[int, Span]) -> tuple[Location, ...]:
    located = []
    for node, message in report.related:
        line, column, end_line, end_column = spans[id(node)]
        located.append(Location(line, column + 1, end_line, end_column + 1, _one_line(message)))
    return tuple(sorted(located))


def _also_at(related: tuple[Location, ...]) -> str:
    """The other places of the cause, for outputs that show only the message (text)."""
    if not related:
        return ""
    lines = sorted({location.line for location in related})
    named = ", ".join(map(str, lines[:-1])) + " and " if len(lines) > 1 else ""
    return f" (also line{'s' if len(lines) > 1 else ''} {named}{lines[-1]})"


def _one_line(message: str) -> str:
    """Code quoted over several lines becomes one line: one finding, one output line."""
    parts = message.splitlines()
    if len(parts) == 1 and parts[0] == message:
        return message
    return " ".join(part.strip() for part in parts if part.strip())
