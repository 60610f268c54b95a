"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning and others).

Paths are uri-references relative to the project root (``uriBaseId`` PROJECTROOT, whose
absolute location is in ``originalUriBaseIds``), percent-encoded, whatever path was typed
and wherever perflint ran. Each rule carries its reference page as help; each result
carries the baseline fingerprint, so dashboards follow a finding across edits.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from perflint import __version__
from perflint.findings import Finding
from perflint.fingerprint import project_path
from perflint.registry import RuleInfo, catalog
from perflint.report.context import ReportContext
from perflint.rule_docs import plain_text, project_url, read, url

_LEVELS = {"high": "error", "medium": "warning", "low": "note", "-": "error"}
ROOT_ID = "PROJECTROOT"
FINGERPRINT_KEY = "perflint/v1"


def uri_reference(path: str) -> str:
    """A '/'-separated path as a uri-reference: every byte outside the unreserved
    characters percent-encoded (spaces, ':', '#', '?', '%', non-ASCII, undecodable
    file-name bytes), so it resolves back to the same file."""
    return quote(os.fsencode(path), safe="/")


def _artifact(finding: Finding, root: Path) -> dict[str, str]:
    relative = project_path(finding, root)
    if Path(relative).is_absolute():  # outside the project: an absolute file URI
        return {"uri": "file://" + uri_reference(Path(relative).as_posix())}
    return {"uri": uri_reference(relative), "uriBaseId": ROOT_ID}


def _rule(rule: RuleInfo) -> dict:
    described = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": _LEVELS[rule.impact]},
        "properties": {"impact": rule.impact, "tags": ["performance"]},
    }
    page = read(rule.code)
    if page is not None:
        what = page.section("what it does")
        described["fullDescription"] = {"text": plain_text(what) or rule.summary}
        described["help"] = {"text": plain_text(page.markdown), "markdown": page.markdown}
    link = url(rule.code)
    if link is not None:
        described["helpUri"] = link
    return described


def _related_locations(finding: Finding, root: Path) -> list[dict]:
    """The finding's other places of the same cause (SARIF §3.27.22), numbered from 1."""
    return [
        {
            "id": number,
            "physicalLocation": {
                "artifactLocation": _artifact(
                    replace(finding, path=location.path) if location.path else finding, root
                ),
                "region": {
                    "startLine": location.line,
                    "startColumn": location.column,
                    "endLine": location.end_line,
                    "endColumn": location.end_column,
                },
            },
            "message": {"text": location.message},
        }
        for number, location in enumerate(finding.related, start=1)
    ]


def _root_uri(root: Path) -> str:
    return "file://" + uri_reference(root.resolve().as_posix().rstrip("/") + "/")


def render(findings: list[Finding], context: ReportContext) -> str:
    rules = catalog()
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver = {
        "name": "perflint",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(rule) for rule in rules],
    }
    home = project_url("Homepage")
    if home is not None:
        driver["informationUri"] = home
    results = []
    for f in findings:
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVELS[f.impact],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(f, context.root),
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
        if f in context.fingerprints:
            result["partialFingerprints"] = {FINGERPRINT_KEY: context.fingerprints[f]}
        if f.scope:
            result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": f.scope}]
        if f.related:
            result["relatedLocations"] = _related_locations(f, context.root)
        results.append(result)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {ROOT_ID: {"uri": _root_uri(context.root)}},
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"
