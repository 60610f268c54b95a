import httpx
import requests


def stream(url: str):
    return requests.get(url, timeout=None)  # disabled on purpose: not rewritten


def client():
    return httpx.Client(timeout=None)
