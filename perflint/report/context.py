"""What an output format needs besides the findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from perflint.findings import Finding


@dataclass(frozen=True)
class ReportContext:
    root: Path  # the project root: SARIF uris and report paths are relative to it
    fingerprints: Mapping[Finding, str] = field(default_factory=dict)
    show_impact: bool = False  # text: the impact after the code
