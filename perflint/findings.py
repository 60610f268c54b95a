"""The types every layer shares: what a rule is, what it reports while a file is walked,
and the findings linting a file produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import libcst as cst

from perflint.effects.summary import FileSummary

IMPACTS = ("high", "medium", "low")


@dataclass(frozen=True)
class RuleInfo:
    """A rule as the catalog and the reports see it."""

    code: str
    name: str
    impact: str
    summary: str
    applies_to: tuple[str, ...] = ("app", "test", "migration")  # file roles, in that order
    preview: str = ""  # why the rule is in preview (its measured precision), else ""


@dataclass(frozen=True, slots=True)
class RelativePosition:
    """A point inside a reported node: on its first line (``line_offset == 0``) the
    column counts from the node's start, on later lines it is the absolute column
    (0-based). SQL rules use it to point at a token inside a string literal."""

    line_offset: int
    column: int
    length: int = 1


@dataclass(frozen=True, order=True)
class Location:
    """Another place that belongs to the same finding (a second ``+=`` on the same
    accumulator in the same loop, the query a called helper runs): reported with it,
    never as a finding of its own."""

    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int
    message: str
    path: str = ""  # the file, when not the finding's own (a helper in another module)


@dataclass(slots=True)
class PendingReport:
    """A finding made during the walk, before its node has a position."""

    rule: RuleInfo
    node: cst.CSTNode
    message: str
    position: RelativePosition | None
    impact: str  # the rule's, or its variant's when that differs
    variant: str = "main"  # which of the rule's messages, and what filled it: a fix reads them
    params: Mapping[str, object] = field(default_factory=dict)
    # Other nodes of the same cause, each with what happens there (`Finding.related`).
    related: tuple[tuple[cst.CSTNode, str], ...] = ()


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
    related: tuple[Location, ...] = ()  # the other places of the same cause, in order

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FileResult:
    """Findings of one file plus, when the project-wide rules run, the summary of its
    functions' effects and calls that the project-wide pass follows
    (`perflint.effects.summary`)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    summary: FileSummary | None = None
    # Bugs in perflint met while linting this file (a rule raised): reported on stderr,
    # exit status 2, never cached.
    internal_errors: list[str] = field(default_factory=list)
