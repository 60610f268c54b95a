def cheapest(offers):
    return sorted(offers)[0]


def most_expensive(prices: list[float]):
    return sorted(prices)[-1]


def newest(posts):
    return sorted(posts, key=lambda p: p.created_at, reverse=True)[0]  # latest first


def slowest(results):
    return sorted(
        (r.duration for r in results),
        reverse=True,
    )[0]


def fastest(results):
    return sorted((r.duration for r in results))[0]
