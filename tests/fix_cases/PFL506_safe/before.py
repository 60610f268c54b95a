def revenue(orders):
    return sum([o.total for o in orders if o.paid])


def longest(names):
    return max([len(n) for n in names], key=abs)


def spread(values):
    return sum(
        [
            abs(v)  # magnitude
            for v in values
        ]
    )


def tag_count(tags: set[str]) -> int:
    return len(list(tags))


def ordered(names: dict, items):
    by_name = sorted(list(names))
    by_length = sorted(list(n for n in items), key=len)
    return by_name, by_length


def lookup(settings: dict, key):
    if key in settings.keys():
        return settings[key]
    if key not in settings.keys():  # missing
        return None
    return [k for k in settings.keys()]


def dump(config: dict):
    for key in config.keys():
        print(key)
