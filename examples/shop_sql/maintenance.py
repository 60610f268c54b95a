"""Nightly maintenance and reporting jobs (sqlite cache, SQLAlchemy warehouse, pandas)."""

import sqlite3

import pandas as pd
from sqlalchemy import create_engine, text

warehouse = create_engine("postgresql://warehouse/analytics")


def expire_sessions(path: str, cutoff: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM sessions")  # the cutoff was meant to bound it
    conn.execute("INSERT INTO cache_log (cleared_at) VALUES (datetime('now')")
    conn.commit()


def featured_products():
    with warehouse.connect() as conn:
        return conn.execute(
            text("SELECT id, name FROM products WHERE featured ORDER BY RANDOM() LIMIT 4")
        ).all()


def revenue_by_region() -> pd.DataFrame:
    return pd.read_sql(
        "SELECT r.name, SUM(o.total) FROM orders o, regions r WHERE o.total > 0 GROUP BY r.name",
        warehouse,
    )


def revenue_by_region_fixed() -> pd.DataFrame:
    return pd.read_sql(
        "SELECT r.name, SUM(o.total) FROM orders o JOIN regions r ON r.id = o.region_id "
        "GROUP BY r.name",
        warehouse,
    )
