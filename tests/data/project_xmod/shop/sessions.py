import sqlite3
from collections.abc import Generator, Iterator
from contextlib import contextmanager

from shop import Repo


@contextmanager
def open_repo() -> Iterator[Repo]:
    yield Repo()


@contextmanager
def open_repo_typed() -> Generator[Repo, None, None]:
    yield Repo()


@contextmanager
def open_connection() -> Iterator[sqlite3.Connection]:
    yield sqlite3.connect("shop.db")
