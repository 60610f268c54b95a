"""The types every layer shares: a finding, and what linting one file produces."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int
    code: str
    name: str
    impact: str
    message: str
    scope: str = ""  # the enclosing function or class, dotted ("Repo.fetch_all"); "" at top
    line_text: str = ""  # the source line the finding starts on

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FileResult:
    """Findings of one file plus a serialisable summary of its functions' effects.

    `summary` maps a function's dotted name inside the file ("Repo.fetch_all") to
    {"effects": [kinds...], "calls": [local function names...]}: what a later
    project-wide pass needs to follow calls into helper functions.
    """

    path: str
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, dict[str, list[str]]] = field(default_factory=dict)
