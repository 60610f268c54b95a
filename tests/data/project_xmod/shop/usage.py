import requests

from shop import Repo, fetch
from shop.factory import build_repo, make_plain, make_repo, maybe_repo, repos
from shop.loop_a import thing
from shop.models import Child, Loader, Plain


def constructors(keys):
    for key in keys:
        Loader(key)
        Child(key)
        Plain(key)


def reexports(keys):
    for key in keys:
        fetch(key)
        thing(key)


def receivers(keys, repo: Repo, other, maybe: Repo | None = None):
    local = Repo()
    for key in keys:
        local.load(key)
        repo.load(key)
        maybe.load(key)
        other.load(key)
        local.missing(key)


def rebound(keys):
    repo = Repo()
    repo = requests.Session()
    first, _second = Repo(), Plain(0)
    for key in keys:
        repo.load(key)
        first.load(key)


class Service:
    def __init__(self):
        self.repo = Repo()

    def run(self, keys):
        return [self.repo.load(key) for key in keys]


def factories(keys):
    built = build_repo(0)
    unsure = maybe_repo(0)
    for key in keys:
        make_repo().load(key)
        built.load(key)
        unsure.load(key)
        make_plain().load(key)
        repos().load(key)


class Wiring:
    def __init__(self, keys):
        self.loaders = [Loader(key) for key in keys]
        for key in keys:
            fetch(key)
