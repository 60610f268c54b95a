import re

import regex

BROKEN_PATTERN = re.compile(r"(unclosed")
GRAPHEMES_PATTERN = regex.compile(r"\X")


def broken(lines):
    # fails when called; after the fix, at import
    return [BROKEN_PATTERN.match(line) for line in lines]


def graphemes(texts):
    for text in texts:
        yield GRAPHEMES_PATTERN.findall(text)
