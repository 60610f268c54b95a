import sqlite3
import time

import redis
from sqlalchemy import select

conn = sqlite3.connect("app.db")
cache = redis.Redis()


def fetch_account(account_id):
    cur = conn.cursor()
    cur.execute("SELECT name FROM accounts WHERE id = ?", (account_id,))
    return cur.fetchone()


def save_row(row):
    conn.execute("INSERT INTO rows (value) VALUES (?)", (row,))


def price(sku):
    return cache.get(f"price:{sku}")


def active_accounts(table):
    return select(table).where(table.c.active)


def wait_for_lock():
    time.sleep(1)


async def fetch_async(account_id):
    return account_id


def copy_row(row, save=False):
    if save:
        conn.execute("INSERT INTO rows (value) VALUES (?)", (row,))
    return row
