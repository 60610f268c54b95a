def tag_count(tags: set[str]) -> int:
    return len(list(  # a copy
        tags))


def first(config: dict, next=None):
    return list(config)[0]  # `next` is not the builtin here
