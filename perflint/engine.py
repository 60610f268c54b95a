"""Lint one file: decode, parse once, walk once with every enabled rule, then place
the findings (positions and scopes are computed only for files that have findings) and
honour ``# noqa`` and ``# perflint: skip-file``."""

from __future__ import annotations

import ast
import codecs
import io
import tokenize
from collections.abc import Callable, Sequence
from typing import Any

import libcst as cst

from perflint.context import FileContext, Report
from perflint.enclosing import locate_in_scopes
from perflint.findings import FileResult, Finding
from perflint.knowledge import Knowledge
from perflint.lines import physical_lines
from perflint.noqa import skips_file
from perflint.registry import PARSE_ERROR
from perflint.rule import Rule, hook_methods
from perflint.suppression import apply_noqa
from perflint.tracking import ScopeTracker

Hook = Callable[[cst.CSTNode], None]


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
    except LookupError:
        raise SourceError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            f"cannot decode as {encoding}: invalid byte 0x{data[error.start]:02x}", line
        ) from None
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
        ast.parse(text)
    except SyntaxError as cpython:
        return SourceError(f"syntax error: {cpython.msg}", cpython.lineno or 1, cpython.offset or 1)
    except (ValueError, RecursionError, MemoryError):
        pass
    detail = str(error.message).strip().splitlines()[0] if error.message else "syntax error"
    return SourceError(
        f"LibCST cannot parse this file: {detail}", error.raw_line, error.raw_column + 1
    )


class _Walker(cst.CSTVisitor):
    """Dispatches each node to the hooks registered for its type, keeping the stack."""

    def __init__(
        self,
        stack: list[cst.CSTNode],
        visit: dict[type, list[Hook]],
        leave: dict[type, list[Hook]],
    ) -> None:
        self.stack = stack
        self.visit_hooks = visit
        self.leave_hooks = leave

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.stack.append(node)
        hooks = self.visit_hooks.get(type(node))
        if hooks:
            for hook in hooks:
                hook(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        hooks = self.leave_hooks.get(type(original_node))
        if hooks:
            for hook in hooks:
                hook(original_node)
        self.stack.pop()

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None


def _hook_tables(
    tracker: ScopeTracker, rules: Sequence[Rule]
) -> tuple[dict[type, list[Hook]], dict[type, list[Hook]]]:
    """Scope tracking sees each node first on the way in and last on the way out."""
    visit: dict[type, list[Hook]] = {}
    leave: dict[type, list[Hook]] = {}
    for owner in (tracker, *rules):
        for kind, node_type, attr in hook_methods(type(owner)):
            if kind == "visit":
                visit.setdefault(node_type, []).append(getattr(owner, attr))
    for owner in (*rules, tracker):
        for kind, node_type, attr in hook_methods(type(owner)):
            if kind == "leave":
                leave.setdefault(node_type, []).append(getattr(owner, attr))
    return visit, leave


def lint_source(
    path: str,
    data: bytes,
    rules: Sequence[type[Rule]],
    knowledge: Knowledge,
    config: Any = None,
    unused_noqa: bool = False,
) -> FileResult:
    """Lint one file's bytes with the given rule classes (and PFL002 when `unused_noqa`).
    Never raises for bad input."""
    try:
        text = decode_source(data)
        if skips_file(text):
            return FileResult(path)
        module = parse_source(text)
    except SourceError as error:
        return FileResult(path, [parse_error(path, str(error), error.line, error.column)])

    ctx = FileContext(path, text, module, knowledge, config)
    instances = [rule_class(ctx) for rule_class in rules]
    visit, leave = _hook_tables(ScopeTracker(ctx), instances)
    try:
        module.visit(_Walker(ctx.stack, visit, leave))
    except RecursionError:
        return FileResult(path, [parse_error(path, "file is nested too deeply to analyse")])
    for rule in instances:
        rule.finish()
    findings = _place(path, text, module, ctx.reports)
    enabled = frozenset(rule.code for rule in rules) if unused_noqa else None
    return FileResult(path, sorted(apply_noqa(path, text, findings, enabled)), _summary(ctx))


def parse_error(path: str, message: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(
        path, line, column, line, column, PARSE_ERROR.code, PARSE_ERROR.name, "-", message
    )


def _place(path: str, text: str, module: cst.Module, reports: list[Report]) -> list[Finding]:
    if not reports:
        return []
    spans, scopes = locate_in_scopes(module, (report.node for report in reports))
    lines = physical_lines(text)
    findings = []
    seen = set()
    for report in reports:
        line, column, end_line, end_column = spans[id(report.node)]
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
            rule.impact,
            report.message,
            scopes.get(id(report.node), ""),
            lines[line - 1] if 0 < line <= len(lines) else "",
        )
        if finding not in seen:
            seen.add(finding)
            findings.append(finding)
    return findings


def _summary(ctx: FileContext) -> dict[str, dict[str, list[str]]]:
    return {
        function: {
            "effects": sorted(effects),
            "calls": sorted(ctx.local_calls.get(function, ())),
        }
        for function, effects in ctx.effects.items()
    }
