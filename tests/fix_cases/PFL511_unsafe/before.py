def values_only(cache):
    for _, entry in cache.items():
        entry.expire()


class Inventory:
    def __init__(self, stock):
        self.stock = stock

    def report(self):
        for sku, count in self.stock.items():
            print(sku)
