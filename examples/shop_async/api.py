"""Async storefront API handlers: fine in a demo, stalls the event loop under load."""

import asyncio
import time
from pathlib import Path

import httpx
import requests

TEMPLATES = Path(__file__).parent / "templates"
RATES_URL = "https://rates.example.com/latest"


async def product_page(product_id: int, client: httpx.AsyncClient) -> str:
    template = (TEMPLATES / "product.html").read_text()
    product = (await client.get(f"https://catalog.example.com/products/{product_id}")).json()
    rates = requests.get(RATES_URL).json()
    return template.format(name=product["name"], price=product["price"] * rates["EUR"])


async def cart_totals(client: httpx.AsyncClient, cart_ids: list[int]) -> list[float]:
    totals = []
    for cart_id in cart_ids:
        response = await client.get(f"https://carts.example.com/carts/{cart_id}/total")
        totals.append(response.json()["total"])
    return totals


async def place_order(order: dict) -> dict:
    for attempt in range(3):
        reply = requests.post("https://erp.example.com/orders", json=order, timeout=10)
        if reply.ok:
            return reply.json()
        time.sleep(2**attempt)
    raise RuntimeError("ERP unavailable")


async def order_confirmation(order_id: int) -> dict:
    async with httpx.AsyncClient(timeout=None) as client:
        response = await client.get(f"https://erp.example.com/orders/{order_id}")
        return response.json()


async def legacy_invoice(order_id: int) -> bytes:
    return asyncio.run(render_invoice(order_id))


async def render_invoice(order_id: int) -> bytes:
    await asyncio.sleep(0)
    return str(order_id).encode()
