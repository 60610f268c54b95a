"""Micro-benchmarks behind the speed-ups quoted in rules/PFL501.md .. PFL511.md.

Run: [ROUNDS=15] python benchmarks/micro/loops_timing.py [PFL502 ...]
Cases of one rule run interleaved, once per round, for ROUNDS rounds (so load on a shared
machine hits them alike); each prints its best CPU time (`time.process_time`) per call
on this interpreter.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections import deque
from functools import cache

ROUNDS = int(os.environ.get("ROUNDS", "15"))


def best(stmt, setup="pass", number=1, repeat=None, env=None) -> float:
    """The best time per call; runs interleave with the other cases of the same rule."""
    # CPU time of this process: on a shared machine, wall time also counts the moments the
    # process waits for a core, which swamps differences of a few percent.
    timer = timeit.Timer(stmt, setup, globals=env or {}, timer=time.process_time)
    _PENDING.append((timer, number))
    return len(_PENDING) - 1


_PENDING: list[tuple[timeit.Timer, int]] = []
_LABELS: list[tuple[str, int]] = []


def race() -> None:
    """Run every pending case once per round, in turn, and print each one's best."""
    results = [float("inf")] * len(_PENDING)
    for _ in range(ROUNDS):
        for index, (timer, number) in enumerate(_PENDING):
            results[index] = min(results[index], timer.timeit(number) / number)
    for label, index in _LABELS:
        seconds = results[index]
        if seconds >= 1e-3:
            print(f"  {label:<58} {seconds * 1e3:10.3f} ms")
        else:
            print(f"  {label:<58} {seconds * 1e6:10.3f} us")
    _PENDING.clear()
    _LABELS.clear()


def show(label: str, case: int) -> None:
    _LABELS.append((label, case))


class _Holder:
    text = ""


# Each way of growing a str or bytes from 20,000 parts, as a function of `parts`.
_GROWTH = {
    "local str: s += part": "s = ''\nfor p in parts: s += p",
    "local str: s = s + part": "s = ''\nfor p in parts: s = s + p",
    "local str: s = s + part + ','": "s = ''\nfor p in parts: s = s + p + ','",
    "local str: s = part + s": "s = ''\nfor p in parts: s = p + s",
    "attribute: o.text += part": "o = _Holder()\nfor p in parts: o.text += p",
    "local str a nested function reads: s += part": (
        "s = ''\nseen = lambda: s\nfor p in parts: s += p"
    ),
    "local bytes: b += part": "b = b''\nfor p in bparts: b += p",
    "local bytearray: b += part": "b = bytearray()\nfor p in bparts: b += p",
    "parts.append(part), then ''.join(parts)": (
        "out = []\nfor p in parts: out.append(p)\n''.join(out)"
    ),
}


def pfl501() -> None:
    print("PFL501: grow a str (or bytes) from 20,000 parts of 12 characters")
    parts = [f"part{i:08d}" for i in range(20_000)]
    env = {"parts": parts, "bparts": [p.encode() for p in parts], "_Holder": _Holder}
    for label, body in _GROWTH.items():
        show(label, best(body, env=env))
    # At module level `s` is a global: no in-place growth on CPython 3.11 and later.
    module_level = compile("s = ''\nfor p in parts: s += p", "<module>", "exec")
    show(
        "module-level str: s += part",
        best("exec(code, {'parts': parts})", env={**env, "code": module_level}),
    )


def pfl502() -> None:
    print("PFL502: 2,000 lookups in a 2,000-element collection")
    env = {
        "users": [f"user{i}" for i in range(2000)],
        "queries": [f"user{i}" for i in range(0, 4000, 2)],
    }
    show(
        "for q in queries: q in users (list)",
        best("for q in queries: q in users", env=env, number=3),
    )
    show(
        "users_set = set(users); for q in queries: q in users_set",
        best("s = set(users)\nfor q in queries: q in s", env=env, number=3),
    )
    show(
        "for q in queries: users.index(q) (hits only)",
        best("for q in queries[:1000]: users.index(q)", env=env, number=3),
    )
    show(
        "pos = {u: i ...}; for q in queries: pos[q]",
        best(
            "pos = {u: i for i, u in enumerate(users)}\nfor q in queries[:1000]: pos[q]",
            env=env,
            number=3,
        ),
    )


def pfl503() -> None:
    print("PFL503: drain a 20,000-element queue from the front")
    env = {"deque": deque, "items": list(range(20_000))}
    show("q = list(items); while q: q.pop(0)", best("q = list(items)\nwhile q: q.pop(0)", env=env))
    show(
        "q = deque(items); while q: q.popleft()",
        best("q = deque(items)\nwhile q: q.popleft()", env=env),
    )
    show(
        "q = []; for x in items: q.insert(0, x)",
        best("q = []\nfor x in items: q.insert(0, x)", env=env),
    )
    show(
        "q = deque(); for x in items: q.appendleft(x)",
        best("q = deque()\nfor x in items: q.appendleft(x)", env=env),
    )


def pfl504() -> None:
    print("PFL504: match 10,000 log lines against a constant pattern")
    import re

    env = {"re": re, "lines": [f"2024-01-01 INFO request {i}" for i in range(10_000)]}
    env["PATTERN"] = re.compile(r"^(\S+) (\w+) request (\d+)$")  # noqa: PFL504 - a setup step
    show(
        "for line in lines: re.compile(r'...').match(line)",
        best(
            "for line in lines: re.compile(r'^(\\S+) (\\w+) request (\\d+)$').match(line)",
            env=env,
            number=20,
        ),
    )
    show(
        "PATTERN = re.compile(...) once; for line in lines: PATTERN.match(line)",
        best("for line in lines: PATTERN.match(line)", env=env, number=20),
    )
    show(
        "re.compile(r'...') alone, pattern in re's cache (one lookup)",
        best(
            "re.compile(r'^(\\S+) (\\w+) request (\\d+)$')",
            env=env,
            number=10_000,
        ),
    )
    show("PATTERN.match(line) alone", best("PATTERN.match(lines[0])", env=env, number=10_000))
    show(
        "re.compile(r'...') once, re's cache purged first (cold compile)",
        best("re.purge()\nre.compile(r'^(\\S+) (\\w+) request (\\d+)$')", env=env, number=200),
    )


def pfl505() -> None:
    print("PFL505: grow a list from 2,000 batches of 10 items")
    import itertools

    env = {"batches": [list(range(10)) for _ in range(2000)], "itertools": itertools}
    show("out = out + batch", best("out = []\nfor b in batches: out = out + b", env=env))
    show("out.extend(batch)", best("out = []\nfor b in batches: out.extend(b)", env=env, number=10))
    show("out += batch", best("out = []\nfor b in batches: out += b", env=env, number=10))
    show("sum(batches, [])", best("sum(batches, [])", env=env))
    show(
        "list(itertools.chain.from_iterable(batches))",
        best("list(itertools.chain.from_iterable(batches))", env=env, number=10),
    )


def pfl506() -> None:
    print("PFL506: 100,000 ints")
    env = {"xs": list(range(100_000)), "d": {i: i for i in range(100_000)}}
    show(
        "any([x < 0 for x in xs])  (no match: full scan)",
        best("any([x < 0 for x in xs])", env=env, number=10),
    )
    show("any(x < 0 for x in xs)", best("any(x < 0 for x in xs)", env=env, number=10))
    show(
        "any([x > 10 for x in xs])  (early match)",
        best("any([x > 10 for x in xs])", env=env, number=10),
    )
    show("any(x > 10 for x in xs)", best("any(x > 10 for x in xs)", env=env, number=10))
    show("sum([x * 2 for x in xs])", best("sum([x * 2 for x in xs])", env=env, number=10))
    show("sum(x * 2 for x in xs)", best("sum(x * 2 for x in xs)", env=env, number=10))
    show("len(list(d))", best("len(list(d))", env=env, number=10))
    show("len(d)", best("len(d)", env=env, number=10000))
    show("sorted(list(xs))", best("sorted(list(xs))", env=env, number=10))
    show("sorted(xs)", best("sorted(xs)", env=env, number=10))
    show("for v in list(xs): pass", best("for v in list(xs): pass", env=env, number=10))
    show("for v in xs: pass", best("for v in xs: pass", env=env, number=10))
    show("list(d)[0]", best("list(d)[0]", env=env, number=10))
    show("next(iter(d))", best("next(iter(d))", env=env, number=10000))
    show(
        "for i in range(1000): i in d.keys()",
        best("for i in range(1000): i in d.keys()", env=env, number=100),
    )
    show("for i in range(1000): i in d", best("for i in range(1000): i in d", env=env, number=100))
    tracemalloc.start()
    any([x < 0 for x in env["xs"]])  # noqa: PFL506 - the pattern being measured
    peak_list = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    any(x < 0 for x in env["xs"])
    peak_gen = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    print(
        f"  peak memory: any([...]) {peak_list / 1024:.0f} KiB, any(...) {peak_gen / 1024:.1f} KiB"
    )


_FRESH = (
    ("out = []; for x in xs: out.append(x * 2)", "out = []\nfor x in xs: out.append(x * 2)"),
    ("out = [x * 2 for x in xs]", "out = [x * 2 for x in xs]"),
    (
        "out = []; for x in xs: if x % 3: out.append(x)",
        "out = []\nfor x in xs:\n    if x % 3: out.append(x)",
    ),
    ("out = [x for x in xs if x % 3]", "out = [x for x in xs if x % 3]"),
    ("d = {}; for x in xs: d[x] = x * 2", "d = {}\nfor x in xs: d[x] = x * 2"),
    ("d = {x: x * 2 for x in xs}", "d = {x: x * 2 for x in xs}"),
    ("s = set(); for x in xs: s.add(x % 1000)", "s = set()\nfor x in xs: s.add(x % 1000)"),
    ("s = {x % 1000 for x in xs}", "s = {x % 1000 for x in xs}"),
    ("out = []; for x in xs: out.append(x)", "out = []\nfor x in xs: out.append(x)"),
    ("out = list(xs)", "out = list(xs)"),
)
# Filling a container that already holds items: the only rewrites are extend()/update().
_PREFILLED = (
    ("out = [1]; for x in xs: out.append(x * 2)", "out = [1]\nfor x in xs: out.append(x * 2)"),
    ("out = [1]; out.extend(x * 2 for x in xs)", "out = [1]\nout.extend(x * 2 for x in xs)"),
    ("out = [1]; out.extend([x * 2 for x in xs])", "out = [1]\nout.extend([x * 2 for x in xs])"),
    ("out = [1]; out += [x * 2 for x in xs]", "out = [1]\nout += [x * 2 for x in xs]"),
    ("d = {0: 0}; for x in xs: d[x] = x * 2", "d = {0: 0}\nfor x in xs: d[x] = x * 2"),
    (
        "d = {0: 0}; d.update((x, x * 2) for x in xs)",
        "d = {0: 0}\nd.update((x, x * 2) for x in xs)",
    ),
    (
        "d = {0: 0}; d.update({x: x * 2 for x in xs})",
        "d = {0: 0}\nd.update({x: x * 2 for x in xs})",
    ),
    ("out = [1]; for x in xs: out.append(x)", "out = [1]\nfor x in xs: out.append(x)"),
    ("out = [1]; out.extend(xs)", "out = [1]\nout.extend(xs)"),
)


def pfl507() -> None:
    for size in (1_000, 10_000, 100_000):
        print(f"PFL507: fresh container, {size:,} items")
        env = {"xs": list(range(size))}
        for label, stmt in _FRESH:
            show(label, best(stmt, env=env, number=max(1, 100_000 // size)))
        race()
    print("PFL507: container already holding items, 10,000 items")
    env = {"xs": list(range(10_000))}
    for label, stmt in _PREFILLED:
        show(label, best(stmt, env=env, number=10))


class _Prices:
    def __init__(self, rate):
        self.rate = rate
        self.payload = bytearray(10_000)

    @cache  # noqa: B019, PFL508 - the leak being measured
    def converted(self, amount):
        return amount * self.rate


class _PricesPerInstance:
    def __init__(self, rate):
        self.rate = rate
        self.payload = bytearray(10_000)
        self._converted = {}

    def converted(self, amount):
        if amount not in self._converted:
            self._converted[amount] = amount * self.rate
        return self._converted[amount]


def pfl508() -> None:
    print("PFL508: 1,000 short-lived objects each calling a cached method once")
    for cls, label in (
        (_Prices, "@cache on the method"),
        (_PricesPerInstance, "per-instance dict"),
    ):
        gc.collect()
        before = sum(isinstance(o, cls) for o in gc.get_objects())
        for i in range(1000):
            cls(i).converted(10)
        gc.collect()
        after = sum(isinstance(o, cls) for o in gc.get_objects())
        print(f"  {label}: {after - before} instances alive after going out of scope")
    _Prices.converted.cache_clear()


def pfl509() -> None:
    print("PFL509: 100,000 shuffled floats")
    import random

    rnd = random.Random(1)
    env = {"xs": [rnd.random() for _ in range(100_000)]}
    show("sorted(xs)[0]", best("sorted(xs)[0]", env=env, number=10))
    show("min(xs)", best("min(xs)", env=env, number=10))
    show(
        "sorted(xs, key=abs, reverse=True)[0]",
        best("sorted(xs, key=abs, reverse=True)[0]", env={**env, "abs": abs}, number=10),
    )
    show("max(xs, key=abs)", best("max(xs, key=abs)", env=env, number=10))


def pfl510() -> None:
    print("PFL510: a 200,000-line (~12 MB) text file")
    fd, path = tempfile.mkstemp(suffix=".log")
    with os.fdopen(fd, "w") as out:
        for i in range(200_000):
            out.write(f"2024-01-01 12:00:00 INFO request {i} served in {i % 97} ms\n")
    env = {"path": path}
    read_lines = "with open(path) as f:\n    for line in f.readlines(): pass"
    split_lines = "with open(path) as f:\n    for line in f.read().splitlines(): pass"
    iterate = "with open(path) as f:\n    for line in f: pass"
    show("for line in f.readlines()", best(read_lines, env=env))
    show("for line in f.read().splitlines()", best(split_lines, env=env))
    show("for line in f", best(iterate, env=env))
    for label, stmt in (
        ("f.readlines()", read_lines),
        ("f.read().splitlines()", split_lines),
        ("f", iterate),
    ):
        tracemalloc.start()
        exec(stmt, dict(env))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"  peak memory, for line in {label:<24} {peak / 1024 / 1024:8.2f} MiB")
    race()
    os.unlink(path)


def pfl511() -> None:
    print("PFL511: a 100,000-entry dict")
    env = {"d": {f"k{i}": i for i in range(100_000)}}
    show("for k, v in d.items(): use(k)", best("for k, v in d.items(): k", env=env, number=10))
    show("for k in d: use(k)", best("for k in d: k", env=env, number=10))
    show("for k, v in d.items(): use(v)", best("for k, v in d.items(): v", env=env, number=10))
    show("for v in d.values(): use(v)", best("for v in d.values(): v", env=env, number=10))


CASES = {name.upper(): fn for name, fn in globals().items() if name.startswith("pfl5")}

if __name__ == "__main__":
    print(sys.version.split()[0])
    for code in sys.argv[1:] or sorted(CASES):
        CASES[code]()
        race()
