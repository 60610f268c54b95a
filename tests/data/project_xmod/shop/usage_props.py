from shop.holders import Holder, Inheriting, Overriding
from shop.sessions import open_connection, open_repo, open_repo_typed


def entering(keys):
    with open_repo() as repo, open_repo_typed() as typed:
        for key in keys:
            repo.load(key)
            typed.load(key)


def entering_near_misses(keys):
    with open_connection() as conn:
        for key in keys:
            conn.load(key)
    with open_repo() as rebound:
        rebound = Holder()
        for key in keys:
            rebound.load(key)


class Inherited(Inheriting):
    def run(self, keys):
        for key in keys:
            self.repo.load(key)
            self.cached.load(key)
            self.untyped.load(key)
            self.missing.load(key)


def reads(keys, holder: Holder, overriding: Overriding):
    built = Inheriting()
    for key in keys:
        holder.repo.load(key)
        built.repo.load(key)
        Holder().cached.load(key)
        overriding.repo.load(key)
        holder.untyped.load(key)
