from app.store import fetch_account


class Repository:
    def load(self, key):
        return fetch_account(key)
