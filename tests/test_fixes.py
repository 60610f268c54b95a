"""Each fix on its before/after pair (tests/fix_cases/<CODE>_<mode>[_<label>]/): the after
file is exactly what the fix makes, compiles, is clean for the rule and keeps every comment;
unsafe fixes wait for --unsafe-fixes; refused cases stay as they are. Every fixable rule's
page says how safe its fix is."""

from __future__ import annotations

import io
import re
import tokenize
from collections import Counter
from pathlib import Path

import libcst as cst
import pytest
from support import ROOT, RULE_DOCS

from perflint.config import Config
from perflint.discovery import SourceFile
from perflint.fixes.base import SAFE, UNSAFE, Edit, Fix, FixSite
from perflint.fixes.session import FileJob, fix_source, job_for
from perflint.registry import all_rules
from perflint.runner import Runner

CASES = ROOT / "tests" / "fix_cases"
FIXABLE = sorted(code for code, rule in all_rules().items() if rule.fix is not None)


def _cases(*modes: str) -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir() and p.name.split("_")[1] in modes)


def _job(code: str) -> FileJob:
    config = Config(root=ROOT, select=(code,))
    return job_for(Runner(), SourceFile("before.py", Path("before.py"), config), b"")


def _comments(text: str) -> Counter[str]:
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return Counter(token.string for token in tokens if token.type == tokenize.COMMENT)


def test_every_fixable_rule_has_cases():
    covered = {case.name.split("_")[0] for case in CASES.iterdir() if case.is_dir()}
    assert set(FIXABLE) <= covered
    assert set(FIXABLE) == {
        "PFL301", "PFL401", "PFL504", "PFL505", "PFL506", "PFL507", "PFL509", "PFL510", "PFL511"
    }  # fmt: skip


@pytest.mark.parametrize("case", _cases("safe", "unsafe"), ids=lambda p: p.name)
def test_fix_gives_the_after_file(case):
    code, mode = case.name.split("_")[:2]
    before = (case / "before.py").read_text(encoding="utf-8")
    expected = (case / "after.py").read_text(encoding="utf-8")
    outcome = fix_source(_job(code), before.encode(), unsafe=mode == "unsafe")
    assert outcome.text == expected
    assert outcome.fixed and not outcome.remaining and not outcome.rejected
    compile(expected, str(case / "after.py"), "exec")
    assert not _comments(before) - _comments(expected), "a comment was dropped"
    again = fix_source(_job(code), expected.encode(), unsafe=True)
    assert (again.text, again.fixed) == (expected, [])


@pytest.mark.parametrize("case", _cases("unsafe"), ids=lambda p: p.name)
def test_unsafe_fixes_wait_for_unsafe_fixes(case):
    code = case.name.split("_")[0]
    before = (case / "before.py").read_text(encoding="utf-8")
    outcome = fix_source(_job(code), before.encode(), unsafe=False)
    assert outcome.text == before and not outcome.fixed
    assert outcome.unsafe_fixable == outcome.remaining != []


@pytest.mark.parametrize("case", _cases("refused"), ids=lambda p: p.name)
def test_fix_not_offered_where_it_cannot_keep_behaviour_or_comments(case):
    code = case.name.split("_")[0]
    before = (case / "before.py").read_text(encoding="utf-8")
    outcome = fix_source(_job(code), before.encode(), unsafe=True)
    assert outcome.text == before
    assert outcome.remaining and all(f.code == code for f in outcome.remaining)
    assert not outcome.fixed and not outcome.unsafe_fixable


def _fix_section(code: str) -> str:
    text = (RULE_DOCS / f"{code}.md").read_text(encoding="utf-8")
    match = re.search(r"^## Fix\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"{code}.md has no '## Fix' section"
    return match.group(1)


@pytest.mark.parametrize("code", FIXABLE)
def test_fixable_rule_page_says_how_safe_its_fix_is(code):
    section = _fix_section(code)
    safety = set(all_rules()[code].fix.safety.values())
    if SAFE in safety:
        assert re.search(r"\*\*safe\*\*", section), f"{code}: the Fix section never says **safe**"
    if UNSAFE in safety:
        assert re.search(r"\*\*unsafe\*\*", section), f"{code}: no **unsafe** in its Fix section"
        assert "assum" in section, f"{code}: the Fix section does not state the assumption"


def test_pages_of_rules_without_a_fix_have_no_fix_section():
    for code, rule in all_rules().items():
        text = (RULE_DOCS / f"{code}.md").read_text(encoding="utf-8")
        assert ("## Fix\n" in text) == (rule.fix is not None), code


class _BreaksTheCode(Fix):
    """A deliberately wrong fix: ``sorted(x)[0]`` -> ``await x`` (in a plain ``def``: it
    parses, it does not compile)."""

    safety = {"main": SAFE}

    def rewrite(self, site: FixSite) -> Edit | None:
        return Edit(((site.node, cst.Await(cst.Name("xs"))),), "break")


def test_an_edit_that_breaks_the_code_is_not_applied(monkeypatch):
    rule = all_rules()["PFL509"]
    monkeypatch.setattr(rule, "fix", _BreaksTheCode())
    source = "def f(xs, ys):\n    return sorted(xs)[0], max(ys)\n"
    outcome = fix_source(_job("PFL509"), source.encode(), unsafe=True)
    assert outcome.text == source
    assert [f.code for f in outcome.rejected] == ["PFL509"]
    assert [f.code for f in outcome.remaining] == ["PFL509"]


def test_overlapping_fixes_apply_over_several_passes():
    source = (
        "def key_prefixes(registry: dict):\n"
        "    out = []\n"
        "    for key, _ in registry.items():  # keys only\n"
        "        out.append(key[:3])\n"
        "    return out\n"
    )
    config = Config(root=ROOT, select=("PFL507", "PFL511"))
    job = job_for(Runner(), SourceFile("x.py", Path("x.py"), config), b"")
    outcome = fix_source(job, source.encode(), unsafe=True)
    assert outcome.text == (
        "def key_prefixes(registry: dict):\n"
        "    # keys only\n"
        "    out = [key[:3] for key in registry]\n"
        "    return out\n"
    )
    assert sorted(f.code for f in outcome.fixed) == ["PFL507", "PFL511"]
