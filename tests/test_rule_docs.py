"""Every rule has a reference page whose bad example fires and whose good one is clean,
and every rule's own VALID/INVALID examples behave as they claim."""

from __future__ import annotations

import pytest
from support import RULE_DOCS, doc_blocks, lint_text

from perflint.registry import UNUSED_NOQA, all_rules

RULES = sorted(all_rules())
PAGE_SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


def test_pages_and_rules_match():
    pages = {p.stem for p in RULE_DOCS.glob("PFL*.md")} - {"PFL001"}
    assert pages == {*RULES, UNUSED_NOQA.code}
    assert (RULE_DOCS / "PFL001.md").is_file()


def test_unused_noqa_page_examples():
    """PFL002 judges the noqa codes of the rules that ran: the examples run with all."""
    blocks = doc_blocks(RULE_DOCS / "PFL002.md")
    select = ("PFL", UNUSED_NOQA.code)
    assert any(f.code == UNUSED_NOQA.code for f in lint_text(blocks["example"], select=select))
    good = lint_text(blocks["use instead"], select=select)
    assert not [f for f in good if f.code == UNUSED_NOQA.code]


@pytest.mark.parametrize("code", [*RULES, UNUSED_NOQA.code])
def test_page_has_the_standard_sections(code):
    text = (RULE_DOCS / f"{code}.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {code} ")
    for heading in PAGE_SECTIONS:
        assert heading in text, f"{code}.md lacks {heading!r}"


@pytest.mark.parametrize("code", RULES)
def test_page_bad_example_fires_and_good_example_is_clean(code):
    blocks = doc_blocks(RULE_DOCS / f"{code}.md")
    assert set(blocks) == {"example", "use instead"}
    assert any(f.code == code for f in lint_text(blocks["example"], select=(code,)))
    assert not [f for f in lint_text(blocks["use instead"], select=(code,)) if f.code == code]


@pytest.mark.parametrize("code", RULES)
def test_rule_examples(code):
    rule = all_rules()[code]
    assert rule.INVALID and rule.VALID, f"{code} declares no examples"
    for example in rule.INVALID:
        assert any(f.code == code for f in lint_text(example, select=(code,))), example
    for example in rule.VALID:
        found = [f for f in lint_text(example, select=(code,)) if f.code == code]
        assert not found, (example, found)


ROLE_WORDS = {"app": "application code", "test": "tests", "migration": "migrations"}


@pytest.mark.parametrize("code", RULES)
def test_page_says_where_the_rule_applies_and_whether_it_is_in_preview(code):
    rule = all_rules()[code]
    text = (RULE_DOCS / f"{code}.md").read_text(encoding="utf-8")
    where = ", ".join(ROLE_WORDS[role] for role in rule.info.applies_to)
    assert f"\nApplies to: {where}" in text, f"{code}.md does not say where the rule applies"
    if rule.preview:
        assert "Status: **preview**" in text and rule.preview in text
    else:
        assert "Status: **preview**" not in text
