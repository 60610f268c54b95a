def names(path):
    with open(path) as handle:
        for line in handle.read().splitlines():  # no line endings: iterating `handle` keeps them
            print(line)
