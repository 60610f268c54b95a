def values_only(cache):
    for entry in cache.values():
        entry.expire()


class Inventory:
    def __init__(self, stock):
        self.stock = stock

    def report(self):
        for sku in self.stock:
            print(sku)
