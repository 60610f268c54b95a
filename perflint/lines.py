"""Lines as Python counts them.

Only ``\\r\\n``, ``\\r`` and ``\\n`` end a line of Python source. ``str.splitlines()`` also
splits at form feeds, vertical tabs, ``\\x1c``-``\\x1e``, NEL and U+2028/U+2029, so its line
numbers drift from the parser's after any of them.
"""

from __future__ import annotations

import re

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def physical_lines(text: str) -> list[str]:
    """The lines of `text` without their line breaks, numbered as the parser numbers them."""
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()  # text ending with a line break has no extra empty line
    return lines


def lines_with_ends(text: str) -> list[str]:
    """The lines of `text`, each with the line break it ends with (the last may have none)."""
    lines = []
    start = 0
    for match in LINE_BREAK.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines
