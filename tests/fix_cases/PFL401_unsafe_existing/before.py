import requests

DEFAULT_TIMEOUT = 3.5  # our own policy


def health(url: str) -> bool:
    return requests.head(url).ok
