"""Log parsing helpers."""

import re

SLUG = re.compile(r"[^a-z0-9]+")
PARSE_PATTERN = "key=value"  # taken: the fix picks another name


def error_lines(lines):
    for line in lines:
        # one compile per line read
        if re.compile(r"^ERROR\b").match(line):
            yield line


def is_email(text):
    pattern = re.compile(
        r"[^@\s]+@[^@\s]+",  # local part @ domain
        re.IGNORECASE,
    )
    return pattern.fullmatch(text) is not None


class Parser:
    def parse(self, line):
        return re.compile(r"(\w+)=(\w+)", flags=re.ASCII).findall(line)


def words(docs):
    counts = {}
    for doc in docs:
        for word in re.compile(r"\w+", re.I | re.M).findall(doc):
            counts[word] = counts.get(word, 0) + 1
    return counts
