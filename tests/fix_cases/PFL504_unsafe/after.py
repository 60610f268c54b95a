import re

import regex

BROKEN_PATTERN = re.compile(r"(unclosed")
GRAPHEMES_PATTERN = regex.compile(r"\X")


def broken(text):
    return BROKEN_PATTERN.match(text)  # fails when called; after the fix, at import


def graphemes(text):
    return GRAPHEMES_PATTERN.findall(text)
