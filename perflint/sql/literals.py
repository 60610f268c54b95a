"""Read Python string literals: the characters a literal's code stands for, each with the
offset in the code where it was written (so SQL findings can point into the source)."""

from __future__ import annotations

import codecs

_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def decode_body(raw: str, base: int, is_raw: bool, braces: bool) -> list[tuple[str, int]]:
    """The characters a literal body stands for, each with its offset in the code."""
    if (is_raw or "\\" not in raw) and not (braces and ("{{" in raw or "}}" in raw)):
        return [(char, base + i) for i, char in enumerate(raw)]
    out: list[tuple[str, int]] = []
    i, n = 0, len(raw)
    while i < n:
        char = raw[i]
        if braces and char in "{}" and raw[i + 1 : i + 2] == char:
            out.append((char, base + i))
            i += 2
            continue
        if char != "\\" or is_raw:
            out.append((char, base + i))
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        if nxt == "\n":
            i += 2
        elif nxt in _SIMPLE_ESCAPES:
            out.append((_SIMPLE_ESCAPES[nxt], base + i))
            i += 2
        elif nxt in _HEX_ESCAPES or nxt == "N" or nxt.isdigit():
            if nxt == "N":
                end = raw.find("}", i) + 1 or n
            elif nxt.isdigit():
                end = i + 1
                while end < min(n, i + 4) and raw[end] in "01234567":
                    end += 1
            else:
                end = i + 2 + _HEX_ESCAPES[nxt]
            try:
                decoded = codecs.decode(raw[i:end], "unicode_escape")
            except UnicodeDecodeError:
                decoded = raw[i:end]
            out.extend((c, base + i) for c in decoded)
            i = end
        else:
            out.append(("\\", base + i))
            i += 1
    return out


def split_literal(code: str) -> tuple[str, str, int]:
    """(prefix, body, offset of body) of a string literal's code."""
    prefix_len = 0
    while code[prefix_len] not in "'\"":
        prefix_len += 1
    quote = code[prefix_len : prefix_len + 3]
    if quote not in ('"""', "'''"):
        quote = quote[0]
    start = prefix_len + len(quote)
    return code[:prefix_len].lower(), code[start : len(code) - len(quote)], start
