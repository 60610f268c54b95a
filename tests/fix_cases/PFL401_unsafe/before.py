"""Calls to remote services."""
import smtplib
import urllib.request

import requests
import urllib3

API = "https://api.example.com"


def rates(currency: str) -> float:
    return requests.get(f"{API}/rates/{currency}").json()["rate"]


def create_order(session: requests.Session, order: dict):
    return session.post(
        f"{API}/orders",
        json=order,  # the whole order
    )


def ping(url: str) -> int:
    return urllib.request.urlopen(url  # status only
    ).status


def pool():
    return urllib3.PoolManager()


def mail(host: str, message: str):
    with smtplib.SMTP(host, 587,) as smtp:
        smtp.sendmail("shop@example.com", ["ops@example.com"], message)
