def revenue(orders):
    return sum(o.total for o in orders if o.paid)


def longest(names):
    return max((len(n) for n in names), key=abs)


def spread(values):
    return sum(
        (
            abs(v)  # magnitude
            for v in values
        )
    )


def tag_count(tags: set[str]) -> int:
    return len(tags)


def ordered(names: dict, items):
    by_name = sorted(names)
    by_length = sorted((n for n in items), key=len)
    return by_name, by_length


def lookup(settings: dict, key):
    if key in settings:
        return settings[key]
    if key not in settings:  # missing
        return None
    return [k for k in settings]


def dump(config: dict):
    for key in config:
        print(key)
