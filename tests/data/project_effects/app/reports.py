from app import settings, store
from app.base import Repository
from app.chain import countdown, level1, ping
from app.store import active_accounts, copy_row, fetch_account, price, save_row


def totals(ids):
    for account_id in ids:
        fetch_account(account_id)
    for account_id in ids:
        save_row(account_id)
    return {sku: price(sku) for sku in ids}


def via_module(ids):
    return [store.fetch_account(i) for i in ids]


def deep(ids):
    for key in ids:
        level1(key)


def loops_without_queries(ids, table):
    for n in ids:
        countdown(n)
        ping(n)
        active_accounts(table)


def silenced(ids):
    for account_id in ids:
        fetch_account(account_id)  # noqa: PFL101


class Accounts(Repository):
    def names(self, keys):
        return [self.load(key) for key in keys]


def copies(rows):
    return [copy_row(row) for row in rows]


def labels(keys):
    return [settings.setting(key) for key in keys]
