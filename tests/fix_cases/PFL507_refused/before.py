class Table:
    columns = ["id", "name"]
    widths = []
    for column in columns:
        widths.append(len(column))  # a class body: a comprehension cannot see `columns`


def tagged(items):
    count = 0; labels = []
    for item in items:
        labels.append(item.label)  # the empty list shares its line with another statement
    return labels, count
