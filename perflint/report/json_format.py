"""A JSON array of finding objects."""

from __future__ import annotations

import json

from perflint.findings import Finding


def render(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], indent=2) + "\n"
