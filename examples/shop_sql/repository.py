"""Order repository on psycopg: queries that work on a laptop and crawl in production."""

import psycopg

PAGE_SIZE = 50

RECENT_ORDERS = """
    SELECT *
    FROM orders
    WHERE created_at::date = %s
    ORDER BY id
    LIMIT %s OFFSET %s
"""


class OrderRepository:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def recent(self, day, page: int):
        with psycopg.connect(self.dsn) as conn:
            with conn.cursor() as cur:
                cur.execute(RECENT_ORDERS, (day, PAGE_SIZE, page * PAGE_SIZE))
                return cur.fetchall()

    def customer_by_email(self, email: str):
        with psycopg.connect(self.dsn) as conn:
            with conn.cursor() as cur:
                cur.execute("SELECT id, name FROM customers WHERE LOWER(email) = %s", (email.lower(),))
                return cur.fetchone()

    def has_open_orders(self, customer_id: int) -> bool:
        with psycopg.connect(self.dsn) as conn:
            with conn.cursor() as cur:
                cur.execute(
                    "SELECT COUNT(*) FROM orders WHERE customer_id = %s AND status = 'open'",
                    (customer_id,),
                )
                count = cur.fetchone()[0]
                return count > 0

    def never_ordered(self):
        with psycopg.connect(self.dsn) as conn:
            with conn.cursor() as cur:
                cur.execute(
                    "SELECT id, email FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)"
                )
                return cur.fetchall()

    def search(self, term: str):
        with psycopg.connect(self.dsn) as conn:
            with conn.cursor() as cur:
                cur.execute(f"SELECT id, name FROM products WHERE name ILIKE '%{term}%'")
                return cur.fetchall()
