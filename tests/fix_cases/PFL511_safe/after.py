def print_names(settings: dict):
    for name in settings:
        print(name)


def total(prices: dict[str, float]) -> float:
    s = 0.0
    for price in prices.values():  # only the prices
        s += price
    return s


def ids(by_id: dict):
    for key in by_id:
        yield key
