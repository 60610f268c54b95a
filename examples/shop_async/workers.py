"""Background workers: nightly sync and notifications."""

import smtplib

import boto3
import requests


class SupplierSync:
    def __init__(self, api_key: str):
        self.session = requests.Session()
        self.session.headers["X-Api-Key"] = api_key

    def stock_levels(self, skus: list[str]) -> dict[str, int]:
        levels = {}
        for sku in skus:
            reply = self.session.get(f"https://supplier.example.com/stock/{sku}")
            levels[sku] = reply.json()["level"]
        return levels


def push_prices(prices: dict[str, float]) -> None:
    for sku, price in prices.items():
        requests.put(
            f"https://shop.example.com/api/prices/{sku}", json={"price": price}, timeout=5
        )


def archive_receipts(keys: list[str]) -> None:
    for key in keys:
        s3 = boto3.client("s3")
        s3.copy_object(Bucket="archive", Key=key, CopySource={"Bucket": "receipts", "Key": key})


def email_receipt(address: str, body: str) -> None:
    with smtplib.SMTP("mail.example.com", 587) as smtp:
        smtp.sendmail("shop@example.com", [address], body)
