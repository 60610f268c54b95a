"""What ``--list-rules`` and ``--explain`` print: the catalog, one line per rule, and a
rule's reference page."""

from __future__ import annotations

import click

from perflint.registry import catalog
from perflint.rule_docs import page

# How the list names the file roles a rule applies to.
ROLE_NAMES = {"app": "app", "test": "tests", "migration": "migrations"}


def rule_list() -> str:
    """One line per rule: code, name, impact, where it applies, what it flags; a preview
    rule says so, with the reason."""
    lines = []
    for rule in catalog():
        where = "+".join(ROLE_NAMES[role] for role in rule.applies_to)
        status = f" [preview: {rule.preview}]" if rule.preview else ""
        lines.append(
            f"{rule.code}  {rule.name:<32} {rule.impact:<7} {where:<22} {rule.summary}{status}\n"
        )
    return "".join(lines)


def explanation(code: str) -> str:
    """The rule's page, or what the catalog says of it when it has none."""
    code = code.upper()
    rules = {rule.code: rule for rule in catalog()}
    if code not in rules:
        raise click.UsageError(f"--explain: unknown rule code {code!r}")
    doc = page(code)
    if doc is not None:
        return doc.rstrip()
    rule = rules[code]
    return f"{rule.code} {rule.name} (impact: {rule.impact})\n\n{rule.summary}"
