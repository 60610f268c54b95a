"""Nightly catalog sync worker: fine on the demo data, slow on a real catalog."""
import functools
import re
from pathlib import Path


class PriceBook:
    def __init__(self, rates):
        self.rates = rates

    @functools.lru_cache(maxsize=None)
    def converted(self, amount, currency):
        return amount * self.rates[currency]


def read_skus(path: Path):
    skus = []
    with path.open() as feed:
        for line in feed.readlines():
            skus.append(line.strip())
    return skus


def sync(feed_path: Path, catalog, book: PriceBook):
    with feed_path.open() as feed:
        known = [line.strip() for line in feed]
    missing = []
    for item in catalog:
        if item.sku not in known:
            missing.append(item)
    with feed_path.open() as feed:
        pending = feed.readlines()
    while pending:
        sku = pending.pop(0).strip()
        code = re.compile(r"^[A-Z]{3}-\d{4}$")
        if code.match(sku):
            print(sku, book.converted(len(pending), "EUR"))
    return missing, read_skus(feed_path)


def cheapest_supplier(offers):
    return sorted(offers, key=lambda o: o.price)[0]


def totals_by_category(totals: dict):
    grand = 0
    for category, amount in totals.items():
        grand += amount
    return grand


def all_rows(pages):
    rows = []
    for page in pages:
        rows = rows + page.rows
    return rows, any([r.flagged for r in rows])
