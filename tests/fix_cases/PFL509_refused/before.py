def cheapest(offers):
    return sorted(offers)[
        0  # the first one
    ]


def smallest(values, min=None):
    return sorted(values)[0]  # `min` is not the builtin here
