import functools

from app.store import conn


@functools.cache
def setting(key):
    return conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
