import sqlite3

conn = sqlite3.connect("shop.db")


def fetch_account(account_id):
    return conn.execute("SELECT name FROM accounts WHERE id = ?", (account_id,)).fetchone()
