"""Fixture files state every expected finding on its line; the match must be exact."""

from __future__ import annotations

from collections import Counter

import pytest
from support import FIXTURES, fixture_expectations, fixture_files, fixture_pins, lint_text

from perflint.registry import all_rules

MIN_HITS = 6
MIN_NEAR_MISSES = 6


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_findings_match_markers_exactly(path):
    text = path.read_text(encoding="utf-8")
    expected, _, under_test = fixture_expectations(text)
    assert under_test, f"{path.name} marks no expected finding and no near-miss"
    findings = lint_text(text, select=tuple(sorted(under_test)), path=path.name)
    actual = Counter((f.line, f.code) for f in findings if f.code in under_test)
    missing = sorted((expected - actual).elements())
    extra = sorted((actual - expected).elements())
    messages = {(f.line, f.code): f.message for f in findings}
    assert not missing and not extra, (
        f"missing (line, code): {missing}\nunexpected: {[(k, messages[k]) for k in extra]}"
    )
    for (line, code), pins in fixture_pins(text).items():
        found = [f.message for f in findings if (f.line, f.code) == (line, code)]
        for pin in pins:
            assert any(pin in message for message in found), (
                f"line {line} {code}: no message contains {pin!r}: {found}"
            )


def _totals() -> tuple[Counter, Counter]:
    hits: Counter = Counter()
    near: Counter = Counter()
    for path in fixture_files():
        expected, near_misses, _ = fixture_expectations(path.read_text(encoding="utf-8"))
        hits.update(code for _, code in expected.elements())
        near.update(code for _, code in near_misses.elements())
    return hits, near


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_every_rule_has_hits_and_near_misses(code):
    hits, near = _totals()
    assert hits[code] >= MIN_HITS, f"{code}: {hits[code]} expected findings in fixtures"
    assert near[code] >= MIN_NEAR_MISSES, f"{code}: {near[code]} near-misses in fixtures"
