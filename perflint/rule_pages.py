"""The rules' reference pages (rules/PFLnnn.md), for ``--explain`` and editors' hovers."""

from __future__ import annotations

from pathlib import Path


def rule_doc(code: str) -> str | None:
    """The rule's reference page: shipped in the wheel, or rules/ in a source checkout."""
    package = Path(__file__).parent
    for candidate in (package / "docs" / f"{code}.md", package.parent / "rules" / f"{code}.md"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return None
