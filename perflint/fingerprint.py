"""A finding's identity across edits, shared by the baseline and SARIF.

It is made of the rule code, the file's path below the project root ('/'-separated), the
enclosing function or class, the flagged line's text with its whitespace normalised, and
the finding's rank among findings identical in all of these (so a second identical
anti-pattern added to the same function is new). Never the line number: lines added
above a finding do not change it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from perflint.findings import Finding
from perflint.globs import relative_to


def normalised(line_text: str) -> str:
    return " ".join(line_text.split())


def project_path(finding: Finding, root: Path) -> str:
    """The finding's file below the project root, whatever path was typed."""
    return relative_to(Path(finding.path), root)


def fingerprints(findings: Iterable[Finding], root: Path) -> dict[Finding, str]:
    seen: Counter[tuple[str, ...]] = Counter()
    found = {}
    for finding in sorted(findings):  # by path, line, column: ranks follow the file
        key = (
            finding.code,
            project_path(finding, root),
            finding.scope,
            normalised(finding.line_text),
        )
        rank = seen[key]
        seen[key] += 1
        text = "\x00".join((*key, str(rank)))
        # surrogatepass: a file name that is not UTF-8 arrives with surrogate escapes
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
        found[finding] = digest.hexdigest()
    return found
