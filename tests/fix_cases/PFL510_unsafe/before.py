import sys


def count_errors(path):
    errors = 0
    with open(path) as log:
        for line in log.readlines():  # every line
            if "ERROR" in line:
                errors += 1
    return errors


def load_ids(path):
    with open(path, encoding="utf-8") as handle:
        return {line.strip() for line in handle.readlines()}


def echo():
    for line in (sys.stdin).readlines():
        print(line, end="")
