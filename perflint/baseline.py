"""A baseline file: the findings a team accepted when it adopted perflint.

``--write-baseline`` records every current finding by fingerprint (with its code, path,
scope and line text, so a reviewer can read the file); ``--baseline`` then reports only
findings not in it, and counts the recorded ones that are gone, so the file can shrink.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from perflint.findings import Finding
from perflint.fingerprint import normalised, project_path

FORMAT = "perflint-baseline"
VERSION = 1


class BaselineError(Exception):
    pass


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    code: str
    path: str  # below the project root
    scope: str
    line_text: str


def write(target: Path, fingerprints: dict[Finding, str], root: Path) -> int:
    """Record `fingerprints`' findings in `target`; the number recorded."""
    entries = sorted(
        (
            {
                "fingerprint": fingerprint,
                "code": finding.code,
                "path": project_path(finding, root),
                "scope": finding.scope,
                "line_text": normalised(finding.line_text),
            }
            for finding, fingerprint in fingerprints.items()
        ),
        key=lambda e: (e["path"], e["code"], e["scope"], e["line_text"], e["fingerprint"]),
    )
    document = {"format": FORMAT, "version": VERSION, "findings": entries}
    try:
        target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"{target}: cannot write the baseline: {error.strerror}") from None
    return len(entries)


def read(source: Path) -> list[Entry]:
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{source}: cannot read the baseline: {error.strerror}") from None
    except ValueError as error:
        raise BaselineError(f"{source}: not a perflint baseline: {error}") from None
    try:
        if document["format"] != FORMAT or document["version"] != VERSION:
            raise BaselineError(
                f"{source}: not a {FORMAT} file of version {VERSION}: write it again "
                "with --write-baseline"
            )
        return [Entry(**entry) for entry in document["findings"]]
    except (KeyError, TypeError) as error:
        raise BaselineError(f"{source}: not a perflint baseline: bad entry ({error})") from None


@dataclass(frozen=True)
class Outcome:
    new: list[Finding]  # findings not in the baseline: the ones to report
    gone: int  # baselined findings no longer found where this run looked


def apply(
    entries: Iterable[Entry],
    fingerprints: dict[Finding, str],
    looked_for: Callable[[str, str], bool],
) -> Outcome:
    """Split the findings by the baseline. `looked_for(path, code)` says whether this run
    linted that file with that rule, so an entry not found there is really gone."""
    entries = list(entries)
    known = {entry.fingerprint for entry in entries}
    found = set(fingerprints.values())
    new = [finding for finding, fingerprint in fingerprints.items() if fingerprint not in known]
    gone = sum(
        1
        for entry in entries
        if entry.fingerprint not in found and looked_for(entry.path, entry.code)
    )
    return Outcome(sorted(new), gone)
