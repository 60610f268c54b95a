from .store import conn, fetch_account


class Loader:
    def __init__(self, key):
        self.row = fetch_account(key)


class Child(Loader):
    pass


class Plain:
    def __init__(self, key):
        self.key = key


class Repo:
    def load(self, key):
        return conn.execute("SELECT name FROM items WHERE id = ?", (key,)).fetchone()
