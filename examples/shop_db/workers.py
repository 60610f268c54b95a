"""Nightly jobs: stock sync from the warehouse database and order shipping."""

import psycopg2
import redis
from django.db import transaction

from .models import Order, Product

WAREHOUSE_DSN = "dbname=warehouse user=sync"


def sync_stock(skus):
    conn = psycopg2.connect(WAREHOUSE_DSN)
    levels = {}
    with conn.cursor() as cur:
        for sku in skus:
            cur.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
            levels[sku] = cur.fetchone()[0]
    for sku, qty in levels.items():
        product = Product.objects.get(sku=sku)
        product.stock = qty
        product.save(update_fields=["stock"])
    return levels


def ship_orders(order_ids):
    for order_id in order_ids:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            order.shipped = True
            order.save()


def publish_stock(skus):
    client = redis.Redis(host="cache")
    for sku in skus:
        client.set(f"stock:{sku}", Product.objects.get(sku=sku).stock)


def record_shipments(conn, shipments):
    with conn.cursor() as cur:
        for shipment in shipments:
            cur.execute(
                "INSERT INTO shipments (order_id, carrier) VALUES (%s, %s)",
                (shipment.order_id, shipment.carrier),
            )
        conn.commit()
