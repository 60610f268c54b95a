"""Log parsing helpers."""

import re

SLUG = re.compile(r"[^a-z0-9]+")
PARSE_PATTERN = "key=value"  # taken: the fix picks another name


def error_lines(lines):
    for line in lines:
        # one compile per line read
        if re.compile(r"^ERROR\b").match(line):
            yield line


def error_count(lines):
    return sum(1 for line in lines if re.compile(r"^ERROR\b").match(line))  # shares the constant


def valid_emails(texts):
    for text in texts:
        pattern = re.compile(
            r"[^@\s]+@[^@\s]+",  # local part @ domain
            re.IGNORECASE,
        )
        if pattern.fullmatch(text):
            yield text


class Parser:
    def parse(self, lines):
        return [re.compile(r"(\w+)=(\w+)", flags=re.ASCII).findall(line) for line in lines]


def words(docs):
    counts = {}
    for doc in docs:
        for word in re.compile(r"\w+", re.I | re.M).findall(doc):
            counts[word] = counts.get(word, 0) + 1
    return counts
