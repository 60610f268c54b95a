def cheapest(offers):
    return min(offers)


def most_expensive(prices: list[float]):
    return max(prices)


def newest(posts):
    return max(posts, key=lambda p: p.created_at)  # latest first


def slowest(results):
    return max(
        (r.duration for r in results),
    )


def fastest(results):
    return min(r.duration for r in results)
