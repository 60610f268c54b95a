"""Containers filled by loops."""


def prices_with_tax(items):
    # prices shown to the customer
    prices = []  # in euros
    # add VAT to each
    for item in items:  # every item
        prices.append(item.price * 1.2)  # 20% VAT
    return prices


def active_ids(users):
    ids = []
    for user in users:
        if user.is_active:  # skip the others
            ids.append(user.id)
    return ids


def index_by_email(users):
    by_email: dict[str, object] = {}
    for user in users:
        by_email[user.email] = user
    return by_email


def domains(accounts):
    found = set()
    for account in accounts:
        found.add(account.domain)
    return found


def copy_rows(rows):
    out = list()
    for row in rows:
        out.append(row)
    return out


def append_rows(rows, out: list):
    # keep what is there
    for row in rows:
        out.append(row)
    return out


def sizes(small, names):
    result = []
    for n in names[:3] if small else names:
        result.append(n.size if n else 0)
    return result


def pairs(points):
    coords = {}
    for p in points:
        coords[p.name] = p.x, p.y
    return coords
