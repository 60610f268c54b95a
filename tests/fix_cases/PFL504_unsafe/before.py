import re

import regex


def broken(text):
    return re.compile(r"(unclosed").match(text)  # fails when called; after the fix, at import


def graphemes(text):
    return regex.compile(r"\X").findall(text)
