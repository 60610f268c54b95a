"""A JSON array of finding objects, each with its fingerprint (as in the baseline)."""

from __future__ import annotations

import json

from perflint.findings import Finding
from perflint.report.context import ReportContext


def render(findings: list[Finding], context: ReportContext) -> str:
    document = [{**f.as_dict(), "fingerprint": context.fingerprints.get(f, "")} for f in findings]
    return json.dumps(document, indent=2) + "\n"
