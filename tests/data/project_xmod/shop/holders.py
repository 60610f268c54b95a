from functools import cached_property

from shop.models import Repo


class Holder:
    @property
    def repo(self) -> Repo:
        return Repo()

    @cached_property
    def cached(self) -> Repo:
        return Repo()

    @property
    def untyped(self):
        return Repo()


class Inheriting(Holder):
    pass


class Overriding(Holder):
    @property
    def repo(self):
        return None
