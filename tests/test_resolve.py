"""Name resolution and loop context, observed through a probe rule during a real walk."""

from __future__ import annotations

import json
import textwrap

import libcst as cst

from perflint.effects.summary import FileSummary, Function
from perflint.engine import lint_source
from perflint.knowledge import default_knowledge
from perflint.rule import Rule


def probe(source: str) -> dict[str, tuple[str | None, str | None, int]]:
    """For each call: its source -> (callee, type of the call's value, loops around it)."""
    seen: dict[str, tuple[str | None, str | None, int]] = {}

    class Probe(Rule):
        code, name, impact, summary, message = "PFL999", "probe", "low", "", ""

        def visit_Call(self, node: cst.Call) -> None:
            seen[self.ctx.code_for(node)] = (
                self.ctx.callee(node),
                self.ctx.type_of(node),
                len(self.ctx.loops()),
            )

    lint_source("probe.py", textwrap.dedent(source).encode(), [Probe], default_knowledge())
    return seen


def test_import_aliases():
    calls = probe(
        """
        import requests as r
        import os.path
        from time import sleep as pause
        from sqlalchemy import orm
        r.get(url)
        os.path.exists(p)
        pause(1)
        orm.Session(engine)
        len(xs)
        """
    )
    assert calls["r.get(url)"][0] == "requests.get"
    assert calls["os.path.exists(p)"][0] == "os.path.exists"
    assert calls["pause(1)"][0] == "time.sleep"
    assert calls["orm.Session(engine)"][:2] == ("sqlalchemy.orm.Session", "sqlalchemy.orm.Session")
    assert calls["len(xs)"][0] == "builtins.len"


def test_receivers_traced_through_assignments_with_blocks_and_annotations():
    calls = probe(
        """
        import sqlite3
        from sqlalchemy.orm import Session, sessionmaker
        SessionLocal = sessionmaker()

        def f(db: Session, other: "Session | None" = None):
            conn = sqlite3.connect("x.db")
            cur = conn.cursor()
            cur.execute("q")
            with conn:
                pass
            with Session(engine) as s:
                s.scalars(stmt)
            db.get(User, 1)
            SessionLocal().commit()
        """
    )
    assert calls['cur.execute("q")'][0] == "sqlite3.Cursor.execute"
    assert calls["s.scalars(stmt)"][0] == "sqlalchemy.orm.Session.scalars"
    assert calls["db.get(User, 1)"][0] == "sqlalchemy.orm.Session.get"
    assert calls["SessionLocal().commit()"][0] == "sqlalchemy.orm.Session.commit"


def test_self_attributes_assigned_in_init():
    calls = probe(
        """
        import sqlite3
        class Repo:
            def __init__(self):
                self.conn = sqlite3.connect("app.db")
            def fetch(self, sql):
                return self.conn.execute(sql)
            @staticmethod
            def other(self):
                return self.conn.execute(other_sql)
        """
    )
    assert calls["self.conn.execute(sql)"][0] == "sqlite3.Connection.execute"
    assert calls["self.conn.execute(other_sql)"][0] is None  # a staticmethod has no self


def test_shadowing_hides_imports():
    calls = probe(
        """
        from time import sleep
        def f(sleep):
            sleep(1)
        def g():
            sleep(2)
        class Clock:
            def sleep(self, n): ...
            def tick(self):
                self.sleep(3)
        """
    )
    assert calls["sleep(1)"][0] is None
    assert calls["sleep(2)"][0] == "time.sleep"
    assert calls["self.sleep(3)"][0] is None


def test_unknown_receivers_stay_unknown():
    calls = probe(
        """
        def f(scheduler, cache):
            scheduler.sleep(1)
            cache.get(url)
        """
    )
    assert calls["scheduler.sleep(1)"][0] is None
    assert calls["cache.get(url)"][0] is None


def test_loop_context():
    calls = probe(
        """
        for a in load():
            body(a)
        else:
            after()
        while cond():
            step()
        [elt(x) for x in outer() for y in inner(x) if keep(y)]
        {k(x): v(x) for x in items()}
        for a in xs:
            def later():
                deferred()
            fn = lambda: lazy()
            class Inner:
                attr = in_class()
            for b in ys:
                nested()
        """
    )
    loops = {code: depth for code, (_, _, depth) in calls.items()}
    assert loops["load()"] == 0  # a for's iterable is evaluated once
    assert loops["body(a)"] == 1
    assert loops["after()"] == 0
    assert loops["cond()"] == 1  # a while's test runs every iteration
    assert loops["step()"] == 1
    assert loops["outer()"] == 0
    assert loops["inner(x)"] == 1
    assert loops["keep(y)"] == 1
    assert loops["elt(x)"] == 1
    assert loops["k(x)"] == loops["v(x)"] == 1
    assert loops["items()"] == 0
    assert loops["deferred()"] == 0
    assert loops["lazy()"] == 0
    assert loops["in_class()"] == 0
    assert loops["nested()"] == 2


def test_effects_summary_is_serialisable():
    source = textwrap.dedent(
        """
        from myapp.legacy import wait
        from .store import load_rows
        def helper():
            wait(1)
        class Repo:
            def load(self, ids):
                for i in ids:
                    helper()
                    self.save(i)
                return load_rows(ids)
        """
    )
    knowledge = default_knowledge().extended({"blocking.x": ["myapp.legacy.wait"]})
    result = lint_source(
        "app/m.py", source.encode(), [], knowledge, module_name="app.m", summarise=True
    )
    assert result.summary is not None
    stored = json.loads(json.dumps(result.summary.to_json()))
    assert FileSummary.from_json(stored) == result.summary
    summary = result.summary
    assert [(e.kind, e.label) for e in summary.functions["helper"].effects] == [
        ("blocking", "wait")
    ]
    assert summary.functions["Repo.load"] == Function(is_async=False, effects=[])
    # Calls are known by their ordinal in the walk, in source order.
    calls = {c.callee: (c.scope, c.hot, c.at) for c in summary.calls}
    assert calls == {
        "myapp.legacy.wait": ("helper", False, 0),
        "app.m.helper": ("Repo.load", True, 1),
        "app.m.Repo.save": ("Repo.load", True, 2),
        "app.store.load_rows": ("Repo.load", False, 3),
    }
    assert summary.walked == 4
