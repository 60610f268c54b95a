def print_names(settings: dict):
    for name, value in settings.items():
        print(name)


def total(prices: dict[str, float]) -> float:
    s = 0.0
    for sku, price in prices.items():  # only the prices
        s += price
    return s


def ids(by_id: dict):
    for [key, _] in by_id.items():
        yield key
