"""GitHub Actions workflow commands, shown as annotations on the pull request."""

from __future__ import annotations

from perflint.findings import Finding
from perflint.report.text import printable_path


def _escape(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape(value).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        level = "error" if f.impact in ("high", "-") else "warning"
        path = _escape_property(printable_path(f.path))
        lines.append(
            f"::{level} file={path},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},"
            f"title={_escape_property(f'{f.code} {f.name}')}::{_escape(f.message)}\n"
        )
    return "".join(lines)
