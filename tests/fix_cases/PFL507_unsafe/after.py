"""Containers filled by loops."""


def prices_with_tax(items):
    # prices shown to the customer
    # add VAT to each
    # every item
    # 20% VAT
    prices = [item.price * 1.2 for item in items]  # in euros
    return prices


def active_ids(users):
    # skip the others
    ids = [user.id for user in users if user.is_active]
    return ids


def index_by_email(users):
    by_email: dict[str, object] = {user.email: user for user in users}
    return by_email


def domains(accounts):
    found = {account.domain for account in accounts}
    return found


def copy_rows(rows):
    out = list(rows)
    return out


def append_rows(rows, out: list):
    # keep what is there
    out.extend(rows)
    return out


def sizes(small, names):
    result = [n.size if n else 0 for n in (names[:3] if small else names)]
    return result


def pairs(points):
    coords = {p.name: (p.x, p.y) for p in points}
    return coords
