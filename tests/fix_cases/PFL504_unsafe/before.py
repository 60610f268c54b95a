import re

import regex


def broken(lines):
    # fails when called; after the fix, at import
    return [re.compile(r"(unclosed").match(line) for line in lines]


def graphemes(texts):
    for text in texts:
        yield regex.compile(r"\X").findall(text)
