"""Start a new rule: write its class, its reference page and its fixture, ready to fill in.

    python scripts/new_rule.py --code PFL512 --name dict-get-in-loop --family python \\
        --impact low --summary "what it flags, in one line"

Writes `perflint/rules/<family>/<name>.py`, `rules/<CODE>.md` and `tests/fixtures/<CODE>.py`
(refusing to overwrite anything), then prints what is left to do. CONTRIBUTING.md explains
each artifact. Run it from the repository root (or pass --root).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

IMPACTS = ("high", "medium", "low")

RULE_TEMPLATE = '''"""{code} {name}: {summary}."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.rule import Rule


class {class_name}(Rule):
    """{summary_sentence}."""

    code = "{code}"
    name = "{name}"
    impact = "{impact}"
    summary = "{summary}"
    message = "`{{what}}` ... : <the concrete fix>"
    INVALID = (
        dedent("""\\
            # code this rule must flag
        """),
    )
    VALID = (
        dedent("""\\
            # the same code written the fast way
        """),
    )

    def visit_Call(self, node: cst.Call) -> None:
        """Decide here, from resolved facts (``self.ctx.callee(node)``, ``self.ctx.loops()``),
        then ``self.report(node, what=...)``."""
'''

PAGE_TEMPLATE = """# {code} {name}

Impact: **{impact}**

## What it does
{summary_sentence}.

## Why is this bad?
What it costs, measured where possible.

## Example
```python
# code this rule flags
```

## Use instead
```python
# the fast way
```

## Known limits
- What the rule does not see, and why.
"""

FIXTURE_TEMPLATE = '''"""{code} {name}.

Hits are marked `# expect: {code}` (pin each message variant once: `# expect: {code} "text"`);
near-misses that must stay clean are marked `# ok: {code} why`.
"""
'''


def class_name(rule_name: str) -> str:
    return "".join(part.capitalize() for part in rule_name.split("-"))


def check(args: argparse.Namespace, rules_package: Path) -> str | None:
    """Why the arguments cannot make a rule, or None."""
    if not re.fullmatch(r"PFL\d{3}", args.code):
        return f"--code {args.code!r}: expected PFL and three digits"
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", args.name):
        return f"--name {args.name!r}: expected lowercase words joined by '-'"
    if not (rules_package / args.family / "__init__.py").is_file():
        families = sorted(p.name for p in rules_package.iterdir() if (p / "__init__.py").is_file())
        return f"--family {args.family!r}: not one of {', '.join(families)}"
    taken = [p for p in rules_package.rglob("*.py") if f'"{args.code}"' in p.read_text()]
    if taken:
        return f"{args.code} is already defined in {taken[0]}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", required=True, help="PFLnnn, unused")
    parser.add_argument("--name", required=True, help="kebab-case, e.g. dict-get-in-loop")
    parser.add_argument("--family", required=True, help="a package of perflint/rules")
    parser.add_argument("--impact", choices=IMPACTS, default="low")
    parser.add_argument("--summary", default="describe what it flags")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    args = parser.parse_args(argv)
    root = args.root
    problem = check(args, root / "perflint" / "rules")
    if problem:
        print(f"new_rule: {problem}", file=sys.stderr)
        return 2
    fields = {
        "code": args.code,
        "name": args.name,
        "impact": args.impact,
        "summary": args.summary.rstrip("."),
        "summary_sentence": args.summary.rstrip(".").capitalize(),
        "class_name": class_name(args.name),
    }
    targets = {
        root / "perflint" / "rules" / args.family / f"{args.name.replace('-', '_')}.py": (
            RULE_TEMPLATE
        ),
        root / "rules" / f"{args.code}.md": PAGE_TEMPLATE,
        root / "tests" / "fixtures" / f"{args.code}.py": FIXTURE_TEMPLATE,
    }
    existing = [str(path) for path in targets if path.exists()]
    if existing:
        print(f"new_rule: refusing to overwrite {', '.join(existing)}", file=sys.stderr)
        return 2
    for path, template in targets.items():
        path.write_text(template.format(**fields), encoding="utf-8")
        print(f"wrote {path}")
    print(
        f"next: write the rule's logic, message and examples; fill the page; add at least six "
        f"hits and six near-misses to the fixture; use the rule in examples/; then run "
        f"`python -m pytest -q -k {args.code}` (CONTRIBUTING.md, 'Adding a rule')"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
