"""Log parsing helpers."""

import re

ERROR_LINES_PATTERN = re.compile(r"^ERROR\b")
VALID_EMAILS_PATTERN = re.compile(
    r"[^@\s]+@[^@\s]+",  # local part @ domain
    re.IGNORECASE,
)
PARSE_PATTERN_2 = re.compile(r"(\w+)=(\w+)", flags=re.ASCII)
WORDS_PATTERN = re.compile(r"\w+", re.I | re.M)

SLUG = re.compile(r"[^a-z0-9]+")
PARSE_PATTERN = "key=value"  # taken: the fix picks another name


def error_lines(lines):
    for line in lines:
        # one compile per line read
        if ERROR_LINES_PATTERN.match(line):
            yield line


def error_count(lines):
    return sum(1 for line in lines if ERROR_LINES_PATTERN.match(line))  # shares the constant


def valid_emails(texts):
    for text in texts:
        pattern = VALID_EMAILS_PATTERN
        if pattern.fullmatch(text):
            yield text


class Parser:
    def parse(self, lines):
        return [PARSE_PATTERN_2.findall(line) for line in lines]


def words(docs):
    counts = {}
    for doc in docs:
        for word in WORDS_PATTERN.findall(doc):
            counts[word] = counts.get(word, 0) + 1
    return counts
