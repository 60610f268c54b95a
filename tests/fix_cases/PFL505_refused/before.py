def flatten(itertools, lists):
    return sum(lists, [])  # `itertools` is a parameter here


def rows(lists, list=list):
    return sum(lists, [])  # `list` is not the builtin here
