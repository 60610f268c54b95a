from app.store import fetch_account


def level1(key):
    return level2(key)


def level2(key):
    return level3(key)


def level3(key):
    return fetch_account(key)


def countdown(n):
    if n:
        countdown(n - 1)


def ping(n):
    return pong(n)


def pong(n):
    return ping(n - 1) if n else 0
