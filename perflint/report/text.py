"""flake8-style lines: ``path:line:col: CODE message`` (``CODE [impact] message`` with
--show-impact, which flake8-format parsers still read: the message just starts with it)."""

from __future__ import annotations

from collections import Counter

from perflint.findings import Finding
from perflint.report.context import ReportContext


def render(findings: list[Finding], context: ReportContext) -> str:
    if context.show_impact:
        return "".join(
            f"{f.path}:{f.line}:{f.column}: {f.code} [{f.impact}] {f.message}\n" for f in findings
        )
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n" for f in findings)


def statistics(findings: list[Finding]) -> str:
    counts = Counter((f.code, f.name) for f in findings)
    return "".join(f"{count:<5} {code} {name}\n" for (code, name), count in sorted(counts.items()))
