"""Flattening pages of rows."""
import itertools


def all_rows(pages):
    return list(itertools.chain.from_iterable(page.rows for page in pages))


def all_pairs(groups):
    return tuple(itertools.chain.from_iterable(groups))


def merged(batches):
    # one list from many
    return list(itertools.chain.from_iterable(batches))  # quadratic
