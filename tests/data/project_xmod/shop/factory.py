from shop import Repo
from shop.models import Plain


def make_repo() -> Repo:
    return Repo()


def build_repo(key):
    if key:
        return Repo()
    return Repo()


def maybe_repo(key):
    if key:
        return Repo()
    return None


def make_plain() -> Plain:
    return Plain(0)


def repos() -> list[Repo]:
    return [Repo()]
