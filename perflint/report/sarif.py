"""SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json

from perflint import __version__
from perflint.findings import Finding
from perflint.registry import catalog

_LEVELS = {"high": "error", "medium": "warning", "low": "note", "-": "error"}


def render(findings: list[Finding]) -> str:
    rules = catalog()
    index = {rule.code: i for i, rule in enumerate(rules)}
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "perflint",
                        "version": __version__,
                        "rules": [
                            {
                                "id": rule.code,
                                "name": rule.name,
                                "shortDescription": {"text": rule.summary},
                                "defaultConfiguration": {"level": _LEVELS[rule.impact]},
                                "properties": {"impact": rule.impact},
                            }
                            for rule in rules
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": f.code,
                        "ruleIndex": index[f.code],
                        "level": _LEVELS[f.impact],
                        "message": {"text": f.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": f.path.replace("\\", "/")},
                                    "region": {
                                        "startLine": f.line,
                                        "startColumn": f.column,
                                        "endLine": f.end_line,
                                        "endColumn": f.end_column,
                                    },
                                }
                            }
                        ],
                        "properties": {"impact": f.impact},
                    }
                    for f in findings
                ],
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"
