"""The engine's contracts: decoding, parse errors, one walk, noqa, knowledge, selection."""

from __future__ import annotations

import pytest
from support import lint_text

from perflint.engine import lint_source
from perflint.knowledge import Knowledge, default_knowledge
from perflint.noqa import is_suppressed, suppressed_codes
from perflint.registry import all_rules, catalog
from perflint.selection import enabled_codes, unknown_selectors

SLOW = 's = ""\nfor x in xs:\n    s += x\n'


def lint_bytes(data: bytes):
    return lint_source("m.py", data, list(all_rules().values()), default_knowledge()).findings


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"# -*- coding: latin-1 -*-\n" + SLOW.replace("x\n", "'\xe9'\n").encode("latin-1"), 4),
        (b"\xef\xbb\xbf" + SLOW.encode(), 3),
        (b"#!/usr/bin/env python\n# vim: set fileencoding=utf-8 :\n" + SLOW.encode(), 5),
    ],
)
def test_pep263_decoding(data, expected):
    [finding] = lint_bytes(data)
    assert (finding.code, finding.line) == ("PFL501", expected)


@pytest.mark.parametrize(
    ("data", "message", "line", "column"),
    [
        (b"x = (\n", "syntax error: '(' was never closed", 1, 5),
        (b"a = 1\nb = = 2\n", "syntax error: invalid syntax", 2, 5),
        (b"x = 1\n\x00", "file contains a NUL byte", 2, 1),
        (b"ok = 1\nbad = '\xff'\n", "cannot decode as utf-8: invalid byte 0xff", 2, 1),
        (b"# coding: nope\n", "bad encoding declaration: unknown encoding: nope", 1, 1),
        (b"\xff\xfe = 1\n", "cannot decode as utf-8: invalid byte 0xff", 1, 1),
    ],
)
def test_unparsable_input_is_one_pfl001_finding(data, message, line, column):
    [finding] = lint_bytes(data)
    assert (finding.code, finding.message, finding.line, finding.column) == (
        "PFL001",
        message,
        line,
        column,
    )


def test_positions_are_one_based_and_cover_the_node():
    [finding] = lint_text(SLOW)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 5, 3, 11)


def test_each_rule_hook_sees_nodes_in_one_shared_walk():
    """Rules get no walk of their own: one visitor pass dispatches to every hook."""
    from perflint.rule import Rule

    order: list[str] = []

    def make(code: str) -> type[Rule]:
        class Recorder(Rule):
            def visit_Module(self, node) -> None:
                order.append(f"visit {code}")

            def leave_Module(self, node) -> None:
                order.append(f"leave {code}")

        Recorder.code, Recorder.name, Recorder.impact = code, code, "low"
        return Recorder

    lint_source("m.py", b"x = 1\n", [make("A"), make("B")], default_knowledge())
    assert order == ["visit A", "visit B", "leave A", "leave B"]


@pytest.mark.parametrize(
    ("line", "codes"),
    [
        ("x = 1", None),
        ("x = 1  # noqa", frozenset()),
        ("x = 1  # NoQA", frozenset()),
        ("x = 1  #noqa:PFL101", frozenset({"PFL101"})),
        ("x = 1  # noqa: PFL101,PFL5", frozenset({"PFL101", "PFL5"})),
        ("x = 1  # noqa: pfl101 PFL2", frozenset({"PFL101", "PFL2"})),
        ("x = 1  # type: ignore # noqa: PFL501 why", frozenset({"PFL501"})),
    ],
)
def test_noqa_parsing(line, codes):
    assert suppressed_codes(line) == codes


def test_noqa_prefix_matching():
    assert is_suppressed("y  # noqa: PFL5", "PFL501")
    assert not is_suppressed("y  # noqa: PFL50", "PFL511")
    assert not is_suppressed("y  # noqa: PFL1", "PFL501")


def test_knowledge_looks_methods_up_through_bases_and_takes_extensions():
    knowledge = Knowledge(
        kinds={"db.query": "a query"},
        effects={"dbapi.Cursor.execute": ("db.query",)},
        returns={"drv.connect": "drv.Conn", "drv.Conn.cursor": "drv.Cur"},
        bases={"drv.Cur": ("dbapi.Cursor",)},
        instances={},
    )
    assert knowledge.effects_of("drv.Cur.execute") == {"db.query"}
    assert knowledge.effects_of("drv.Cur.close") == frozenset()
    both = Knowledge(
        kinds={},
        effects={"dbapi.Cursor.execute": ("sql.sink",), "drv.Cur.execute": ("db.query",)},
        returns={},
        bases={"drv.Cur": ("dbapi.Cursor",)},
        instances={},
    )
    assert both.effects_of("drv.Cur.execute") == {"db.query", "sql.sink"}
    assert knowledge.is_a("drv.Cur", "dbapi.Cursor")
    extended = knowledge.extended({"db.query": ["myapp.db.fetch_one"]})
    assert extended.has_effect("myapp.db.fetch_one", "db.query")
    assert not knowledge.has_effect("myapp.db.fetch_one", "db.query")


def test_selection_prefers_the_more_specific_selector():
    codes = ["PFL101", "PFL102", "PFL501", "PFL502"]
    assert enabled_codes(codes, ["PFL"]) == set(codes)
    assert enabled_codes(codes, ["PFL1"]) == {"PFL101", "PFL102"}
    assert enabled_codes(codes, ["PFL"], ignore=["PFL5"]) == {"PFL101", "PFL102"}
    assert enabled_codes(codes, ["PFL"], ["PFL501"], ["PFL5"]) == {"PFL101", "PFL102", "PFL501"}
    assert enabled_codes(codes, ["PFL5"], ignore=["PFL5"]) == set()
    assert unknown_selectors(["PFL9", "PFL1", "X", "ALL"], codes) == ["PFL9", "X"]


def test_all_selects_everything_and_off_by_default_rules_need_a_precise_selector():
    codes = ["PFL001", "PFL002", "PFL101"]
    assert enabled_codes(codes, ["PFL"]) == {"PFL001", "PFL101"}
    assert enabled_codes(codes, ["ALL"]) == set(codes)
    assert enabled_codes(codes, ["PFL"], ["PFL002"]) == set(codes)
    assert enabled_codes(codes, ["PFL0"]) == {"PFL001", "PFL002"}
    assert enabled_codes(codes, ["ALL"], ignore=["PFL1"]) == {"PFL001", "PFL002"}


def test_catalog_lists_the_engine_codes_and_every_rule_once():
    codes = [entry.code for entry in catalog()]
    assert codes[:2] == ["PFL001", "PFL002"]
    assert codes[2:] == sorted(all_rules())
    assert len(set(codes)) == len(codes)
