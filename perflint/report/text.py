"""flake8-style lines: ``path:line:col: CODE message`` (``CODE [impact] message`` with
--show-impact, which flake8-format parsers still read: the message just starts with it)."""

from __future__ import annotations

from collections import Counter

from perflint.findings import Finding
from perflint.report.context import ReportContext


def printable_path(path: str) -> str:
    """The path on one line, whatever its name: control characters (a newline) and bytes
    that are not UTF-8 (surrogate escapes) are written as backslash escapes."""
    if path.isprintable():
        return path
    escaped = []
    for char in path:
        if "\udc80" <= char <= "\udcff":  # an undecodable byte of the file name
            escaped.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char == "\\" or not char.isprintable():
            escaped.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            escaped.append(char)
    return "".join(escaped)


def render(findings: list[Finding], context: ReportContext) -> str:
    return "".join(_line(finding, context.show_impact) for finding in findings)


def _line(f: Finding, show_impact: bool) -> str:
    impact = f"[{f.impact}] " if show_impact else ""
    return f"{printable_path(f.path)}:{f.line}:{f.column}: {f.code} {impact}{f.message}\n"


def statistics(findings: list[Finding]) -> str:
    counts = Counter((f.code, f.name) for f in findings)
    return "".join(f"{count:<5} {code} {name}\n" for (code, name), count in sorted(counts.items()))
