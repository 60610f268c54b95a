"""``--add-noqa``: silence today's findings where they are, with ``# noqa: CODE`` comments.

Only comments change, never code: a comment is appended to the line (after any comment
already there), or an existing ``# noqa: ...`` gets the new codes merged in. A finding
inside a multi-line string or a backslash continuation is silenced on the statement
part's last line, the one line that can hold a comment and where flake8 and ruff read it.
The file keeps its encoding, BOM and line ends.
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterable
from pathlib import Path

from perflint.findings import Finding
from perflint.lines import LINE_BREAK, lines_with_ends
from perflint.noqa import NoqaComments
from perflint.registry import ENGINE_CODES


def add_noqa(findings: Iterable[Finding]) -> tuple[int, int]:
    """Comment the findings' lines; (lines changed, files changed)."""
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        # Parse errors and idle noqa codes are not silenced: they need a real fix.
        if finding.path != "-" and finding.code not in ENGINE_CODES:
            by_file.setdefault(finding.path, []).append(finding)
    lines = files = 0
    for path, found in sorted(by_file.items()):
        changed = _comment_file(Path(path), found)
        lines += changed
        files += bool(changed)
    return lines, files


def _comment_file(path: Path, findings: list[Finding]) -> int:
    try:
        data = path.read_bytes()
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (OSError, SyntaxError, LookupError, UnicodeDecodeError):
        return 0  # reported as PFL001 already, or gone since
    comments = NoqaComments.of(text)
    wanted: dict[int, set[str]] = {}
    for finding in findings:
        line = comments.last_line.get(finding.line, finding.line)
        wanted.setdefault(line, set()).add(finding.code)
    lines = lines_with_ends(text)
    changed = 0
    for number, codes in sorted(wanted.items()):
        if not 0 < number <= len(lines):
            continue
        line = lines[number - 1]
        end = LINE_BREAK.search(line)
        body, newline = (line[: end.start()], end.group()) if end else (line, "")
        existing = comments.comments.get(number)
        if existing is None:
            body = body.rstrip(" \t") + "  " + _directive(codes)
        elif existing.codes:
            start, stop = existing.column, existing.column + existing.length
            body = body[:start] + _directive(existing.codes | codes) + body[stop:]
        else:
            continue  # a blanket noqa silences everything already
        lines[number - 1] = body + newline
        changed += 1
    if changed:
        path.write_bytes("".join(lines).encode(encoding))
    return changed


def _directive(codes: set[str] | frozenset[str]) -> str:
    return "# noqa: " + ", ".join(sorted(codes))
