"""Every message a rule can print is pinned by a fixture, so a wording change is seen."""

from __future__ import annotations

import re
import string
from functools import cache

import pytest
from support import fixture_expectations, fixture_files, fixture_pins, lint_text

from perflint.registry import all_rules


def _pattern(template: str) -> re.Pattern[str]:
    """A template as a regular expression: its fields match anything."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(".*?")
    return re.compile("".join(parts), re.DOTALL)


@cache
def _pinned_messages() -> dict[str, list[str]]:
    """Code -> messages of the fixture findings whose expect marker pins text."""
    found: dict[str, list[str]] = {}
    for path in fixture_files():
        text = path.read_text(encoding="utf-8")
        pins = fixture_pins(text)
        if not pins:
            continue
        _, _, under_test = fixture_expectations(text)
        for finding in lint_text(text, select=tuple(sorted(under_test)), path=path.name):
            if (finding.line, finding.code) in pins:
                found.setdefault(finding.code, []).append(finding.message)
    return found


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_every_message_variant_is_pinned_in_a_fixture(code):
    messages = _pinned_messages().get(code, [])
    unpinned = [
        variant
        for variant, template in all_rules()[code].templates().items()
        if not any(_pattern(template).fullmatch(message) for message in messages)
    ]
    assert not unpinned, f"{code}: no fixture pins the message variants {unpinned}"
