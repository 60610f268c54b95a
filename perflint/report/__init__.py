"""Output formats: each turns the findings, in the order to show them, into text."""

from __future__ import annotations

from collections.abc import Callable

from perflint.findings import Finding
from perflint.report import github, json_format, markdown, sarif, text
from perflint.report.context import ReportContext

FORMATTERS: dict[str, Callable[[list[Finding], ReportContext], str]] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "report": markdown.render,
}
# Formats read by programs as one document: nothing else may be written into them.
DOCUMENT_FORMATS = frozenset({"json", "sarif", "report"})
