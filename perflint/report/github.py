"""GitHub Actions workflow commands, shown as annotations on the pull request. Paths are
relative to the project root (the checkout), wherever perflint ran, as GitHub needs."""

from __future__ import annotations

from perflint.findings import Finding
from perflint.fingerprint import project_path
from perflint.report.context import ReportContext
from perflint.report.text import printable_path


def _escape(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape(value).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding], context: ReportContext) -> str:
    lines = []
    for f in findings:
        level = "error" if f.impact in ("high", "-") else "warning"
        path = _escape_property(printable_path(project_path(f, context.root)))
        lines.append(
            f"::{level} file={path},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},"
            f"title={_escape_property(f'{f.code} {f.name}')}::{_escape(f.message)}\n"
        )
    return "".join(lines)
