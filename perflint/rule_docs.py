"""The rule reference pages (``rules/PFLnnn.md``): shipped in the wheel as
``perflint/docs``, read from ``rules/`` in a source checkout. Reports quote them and link
to them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
_CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
# The project URL (pyproject.toml, [project.urls]) under which the pages are published.
_RULES_URL_LABEL = "Rules"


@lru_cache(maxsize=128)
def page(code: str) -> str | None:
    """The page's Markdown, or None when the rule has none."""
    package = Path(__file__).parent
    for candidate in (package / "docs" / f"{code}.md", package.parent / "rules" / f"{code}.md"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return None


@dataclass(frozen=True)
class RulePage:
    markdown: str
    sections: dict[str, str]  # "what it does", "why is this bad?", ... -> Markdown body

    def section(self, name: str) -> str:
        return self.sections.get(name, "").strip()

    def first_paragraph(self, name: str) -> str:
        return self.section(name).split("\n\n")[0].strip()

    def example(self, name: str) -> str | None:
        """The first Python code block of a section."""
        block = _CODE_BLOCK.search(self.section(name))
        return block.group(1).rstrip() if block else None


def read(code: str) -> RulePage | None:
    markdown = page(code)
    if markdown is None:
        return None
    parts = _SECTION.split(markdown)
    sections = {
        title.strip().lower(): body for title, body in zip(parts[1::2], parts[2::2], strict=True)
    }
    return RulePage(markdown, sections)


def plain_text(markdown: str) -> str:
    """A page as plain text: code fences, emphasis and heading marks dropped."""
    text = re.sub(r"^```\w*\n?", "", markdown, flags=re.MULTILINE)
    text = re.sub(r"^#+ ", "", text, flags=re.MULTILINE)
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text).strip()


@lru_cache(maxsize=8)
def project_url(label: str) -> str | None:
    """A project URL of the installed metadata (pyproject.toml, [project.urls])."""
    try:
        entries = metadata.metadata("perflint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in entries:
        name, _, address = entry.partition(",")
        if name.strip() == label:
            return address.strip()
    return None


def rules_url() -> str | None:
    """Where the pages are published."""
    base = project_url(_RULES_URL_LABEL)
    return base.rstrip("/") + "/" if base else None


def url(code: str) -> str | None:
    base = rules_url()
    return f"{base}{code}.md" if base else None
