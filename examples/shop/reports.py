"""Nightly sales report: the kind of code that is fine on 10 rows and slow on 100,000."""


def render_orders(orders):
    html = "<table>"
    for order in orders:
        html += f"<tr><td>{order.id}</td><td>{order.total}</td></tr>"
    return html + "</table>"


def export_csv(rows) -> bytes:
    payload = b""
    for row in rows:
        payload += ",".join(str(v) for v in row).encode() + b"\n"
    return payload
