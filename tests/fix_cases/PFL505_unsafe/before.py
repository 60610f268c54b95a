"""Flattening pages of rows."""


def all_rows(pages):
    return sum((page.rows for page in pages), [])


def all_pairs(groups):
    return sum(groups, start=())


def merged(batches):
    # one list from many
    return sum(batches, [])  # quadratic
