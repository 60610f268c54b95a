"""Calls to remote services."""
import smtplib
import urllib.request

import requests
import urllib3

DEFAULT_TIMEOUT = 10  # seconds a network call may wait for the server

API = "https://api.example.com"


def rates(currency: str) -> float:
    return requests.get(f"{API}/rates/{currency}", timeout=DEFAULT_TIMEOUT).json()["rate"]


def create_order(session: requests.Session, order: dict):
    return session.post(
        f"{API}/orders",
        json=order,  # the whole order
        timeout=DEFAULT_TIMEOUT,
    )


def ping(url: str) -> int:
    return urllib.request.urlopen(url, timeout=DEFAULT_TIMEOUT  # status only
    ).status


def pool():
    return urllib3.PoolManager(timeout=DEFAULT_TIMEOUT)


def mail(host: str, message: str):
    with smtplib.SMTP(host, 587, timeout=DEFAULT_TIMEOUT,) as smtp:
        smtp.sendmail("shop@example.com", ["ops@example.com"], message)
