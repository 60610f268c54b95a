def all_paid(invoices):
    return all(inv.paid for inv in invoices)


def has_admin(users):
    return any(u.role == "admin" for u in users)


def first_key(config: dict):
    return next(iter(config))


def emit(events: list, send):
    for event in events:
        send(event)
