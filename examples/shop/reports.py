"""Nightly sales report: the kind of code that is fine on 10 rows and slow on 100,000."""


class OrderReport:
    def render(self, orders):
        self.html = "<table>"
        for order in orders:
            self.html += f"<tr><td>{order.id}</td><td>{order.total}</td></tr>"
        return self.html + "</table>"


def export_csv(rows) -> bytes:
    payload = b""
    for row in rows:
        payload += ",".join(str(v) for v in row).encode() + b"\n"
    return payload
