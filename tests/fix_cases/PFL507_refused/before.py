class Table:
    scale = 2
    columns = load_columns()
    widths = []
    for column in columns:
        widths.append(column.width * scale)  # a class body: a comprehension cannot see `scale`


def tagged(items):
    count = 0; labels = []
    for item in items:
        labels.append(item.label)  # the empty list shares its line with another statement
    return labels, count
