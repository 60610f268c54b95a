"""Helpers shared by the tests: lint text in-process, read fixture markers and doc blocks."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

from perflint.config import Config
from perflint.engine import lint_source
from perflint.findings import Finding
from perflint.knowledge import knowledge_for
from perflint.project import NO_PROJECT
from perflint.registry import UNUSED_NOQA, all_rules, known_codes
from perflint.runner import Profile
from perflint.selection import enabled_codes

ROOT = Path(__file__).resolve().parent.parent
# The installed entry point, as users (and pre-commit) run it.
PERFLINT = shutil.which("perflint", path=str(Path(sys.executable).parent)) or "perflint"
FIXTURES = ROOT / "tests" / "fixtures"
RULE_DOCS = ROOT / "rules"

# A line expecting findings:   x += y  # expect: PFL501
#   (several: "# expect: PFL101, PFL201"; the same code twice means two findings)
# A code may pin text its message must contain:  # expect: PFL401 "disables the timeout"
#   (in double or single quotes; several codes: # expect: PFL101 "N+1", PFL201 'SELECT *')
# A near-miss that must stay clean:   total += n  # ok: PFL501 numbers, not strings
_PIN = r"""(?:\s+(?:"[^"]*"|'[^']*'))?"""
EXPECT = re.compile(rf"#\s*expect:\s*(?P<codes>PFL\d{{3}}{_PIN}(?:[\s,]+PFL\d{{3}}{_PIN})*)")
PINNED = re.compile(r"""(?P<code>PFL\d{3})\s+(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")
NEAR_MISS = re.compile(r"#\s*ok:\s*(?P<codes>PFL\d{3}(?:[\s,]+PFL\d{3})*)")
SELECT_HEADER = re.compile(r"^#\s*fixture-select:\s*(?P<codes>.+)$", re.MULTILINE)


def run_perflint(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the `perflint` command in `cwd`, as a user would."""
    return subprocess.run(
        [PERFLINT, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120
    )


def write_files(root: Path, files: dict[str, str]) -> None:
    """Create `files` (relative path -> dedented text) under `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")


def lint_text(
    source: str,
    select: tuple[str, ...] = ("PFL",),
    config: Config | None = None,
    path: str = "example.py",
) -> list[Finding]:
    config = config or Config(root=ROOT)
    codes = enabled_codes(known_codes(), select)
    rules = [rule for code, rule in all_rules().items() if code in codes]
    knowledge = knowledge_for(config.knowledge)
    # fixtures test every rule and every message variant: preview mode
    profile = Profile(config, frozenset(codes), knowledge, NO_PROJECT, None, preview=True)
    settings = profile.settings_for(Path(path))
    result = lint_source(
        path,
        textwrap.dedent(source).encode(),
        rules,
        knowledge,
        settings,
        unused_noqa=UNUSED_NOQA.code in codes,
    )
    return result.findings


def codes_in(match_codes: str) -> list[str]:
    return re.findall(r"PFL\d{3}", match_codes)


def fixture_expectations(text: str) -> tuple[Counter, Counter, set[str]]:
    """(expected (line, code) counts, near-miss (line, code) counts, codes under test)."""
    expected: Counter = Counter()
    near_misses: Counter = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        for match in EXPECT.finditer(line):
            expected.update((number, code) for code in codes_in(match["codes"]))
        for match in NEAR_MISS.finditer(line):
            near_misses.update((number, code) for code in codes_in(match["codes"]))
    header = SELECT_HEADER.search(text)
    if header:
        selected = {c.strip() for c in header["codes"].split(",") if c.strip()}
        under_test = enabled_codes(known_codes(), selected)
    else:
        under_test = {code for _, code in expected} | {code for _, code in near_misses}
    return expected, near_misses, under_test


def fixture_pins(text: str) -> dict[tuple[int, str], list[str]]:
    """(line, code) -> the texts the messages of the findings expected there must contain."""
    pins: dict[tuple[int, str], list[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for match in EXPECT.finditer(line):
            for pin in PINNED.finditer(match["codes"]):
                pinned = pin["double"] if pin["double"] is not None else pin["single"]
                pins.setdefault((number, pin["code"]), []).append(pinned)
    return pins


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.rglob("*.py"))


def doc_blocks(page: Path) -> dict[str, str]:
    """The first ```python block under "## Example" (bad) and "## Use instead" (good)."""
    blocks: dict[str, str] = {}
    section = None
    for part in re.split(r"^(## .+)$", page.read_text(encoding="utf-8"), flags=re.MULTILINE):
        if part.startswith("## "):
            section = part[3:].strip().lower()
            continue
        block = re.search(r"```python\n(.*?)```", part, re.DOTALL)
        if block and section in ("example", "use instead") and section not in blocks:
            blocks[section] = block.group(1)
    return blocks
