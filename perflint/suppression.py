"""The engine's last step for a file: drop the findings a ``# noqa`` comment silences and,
when PFL002 is enabled, report the noqa codes that silence nothing."""

from __future__ import annotations

from collections import defaultdict

from perflint.findings import Finding
from perflint.lines import physical_lines
from perflint.noqa import Noqa, NoqaComments, mentions_noqa
from perflint.registry import UNUSED_NOQA, known_codes


def apply_noqa(
    path: str, text: str, findings: list[Finding], enabled: frozenset[str] | None
) -> list[Finding]:
    """`findings` minus the silenced ones; with `enabled` (the codes whose rules ran on
    this file) also a PFL002 finding for each noqa comment naming codes that silenced
    nothing here."""
    if not (findings or enabled is not None) or not mentions_noqa(text):
        return findings
    comments = NoqaComments.of(text)
    used: dict[Noqa, set[str]] = defaultdict(set)
    kept = []
    for finding in findings:
        silencing = [n for n in comments.covering(finding.line) if n.silences(finding.code)]
        for noqa in silencing:
            used[noqa].add(finding.code)
        if not silencing:
            kept.append(finding)
    if enabled is not None:
        kept.extend(_unused(path, text, comments, used, enabled))
    return kept


def credit_noqa(text: str, findings: list[Finding], silenced: list[Finding]) -> list[Finding]:
    """A file's `findings` (noqa applied) once the project-wide pass found that its noqa
    comments silence `silenced` too: a PFL002 finding no longer names the codes that
    silenced one of them (and goes when none is left)."""
    if not any(finding.code == UNUSED_NOQA.code for finding in findings):
        return findings
    comments = NoqaComments.of(text)
    used: dict[Noqa, set[str]] = defaultdict(set)
    for finding in silenced:
        for noqa in comments.covering(finding.line):
            if noqa.silences(finding.code):
                used[noqa].add(finding.code)
    lines = physical_lines(text)
    kept = []
    for finding in findings:
        noqa = _noqa_of(comments, finding) if finding.code == UNUSED_NOQA.code else None
        if noqa is None or noqa not in used:
            kept.append(finding)
            continue
        idle = [c for c in _idle(finding) if not any(u.startswith(c) for u in used[noqa])]
        if idle:
            kept.append(_finding(finding.path, noqa, idle, lines))
    return kept


def _noqa_of(comments: NoqaComments, finding: Finding) -> Noqa | None:
    """The noqa comment a PFL002 finding is about (it starts where the comment does)."""
    for noqa in (comments.comments.get(finding.line), comments.in_sql.get(finding.line)):
        if noqa is not None and noqa.column + 1 == finding.column:
            return noqa
    return None


def _unused(
    path: str,
    text: str,
    comments: NoqaComments,
    used: dict[Noqa, set[str]],
    enabled: frozenset[str],
) -> list[Finding]:
    known = known_codes()
    lines = physical_lines(text)
    found = []
    for noqa in (*comments.comments.values(), *comments.in_sql.values()):
        if not noqa.codes or noqa.silences(UNUSED_NOQA.code):
            continue
        idle = [
            code
            for code in sorted(noqa.codes)
            if code.startswith("PFL")
            and not any(hit.startswith(code) for hit in used[noqa])
            # a code whose rule did not run may well be needed: only an enabled or an
            # unknown code is certainly idle
            and (
                any(c.startswith(code) for c in enabled)
                or not any(c.startswith(code) for c in known)
            )
        ]
        if idle:
            found.append(_finding(path, noqa, idle, lines))
    return found


_UNUSED_PREFIX = "unused `noqa`: "


def _idle(finding: Finding) -> list[str]:
    """The codes a PFL002 finding names: its message as `_finding` writes it."""
    names = finding.message.removeprefix(_UNUSED_PREFIX).split(" silence", 1)[0]
    return names.split(", ")


def _finding(path: str, noqa: Noqa, idle: list[str], lines: list[str]) -> Finding:
    unknown = [code for code in idle if not any(c.startswith(code) for c in known_codes())]
    names = ", ".join(idle)
    verb = "silences" if len(idle) == 1 else "silence"
    message = f"{_UNUSED_PREFIX}{names} {verb} nothing on this line"
    if unknown:
        message += f" ({', '.join(unknown)}: no such rule)"
    return Finding(
        path,
        noqa.line,
        noqa.column + 1,
        noqa.line,
        noqa.column + 1 + noqa.length,
        UNUSED_NOQA.code,
        UNUSED_NOQA.name,
        UNUSED_NOQA.impact,
        message,
        line_text=lines[noqa.line - 1] if noqa.line <= len(lines) else "",
    )
