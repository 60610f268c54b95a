"""flake8-compatible ``# noqa`` comments: blanket, or limited to codes and prefixes."""

from __future__ import annotations

import re

# The shapes flake8 accepts after a hash: "noqa", "NOQA:PFL101", "noqa: PFL101, PFL5 PFL2".
# A code is letters then digits, so words after the codes ("# noqa: PFL501 why") are not.
_NOQA = re.compile(
    r"#\s*noqa(?::\s?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"[,\s]+")


def suppressed_codes(line: str) -> frozenset[str] | None:
    """None: no noqa on the line; empty set: blanket noqa; else the codes/prefixes named."""
    if "#" not in line:
        return None
    match = _NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return frozenset()
    return frozenset(code.upper() for code in _SEPARATOR.split(codes.strip()) if code)


def is_suppressed(line: str, code: str) -> bool:
    codes = suppressed_codes(line)
    if codes is None:
        return False
    return not codes or any(code.startswith(prefix) for prefix in codes)
