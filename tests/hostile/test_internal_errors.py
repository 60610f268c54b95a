"""A bug in a rule is an internal error on stderr naming the rule, the file and the
version, with exit 2; never a PFL001, never the end of the run."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from support import write_files

from hostile.helpers import SLOW
from perflint import __version__

# PFL501's first visit hook raises on files named boom*.py; everything else is perflint.
_BROKEN_RULE_ENTRY = textwrap.dedent(
    """
    from perflint.registry import all_rules
    from perflint.walk import hook_methods

    rule = all_rules()["PFL501"]
    _, _, attr = next(hook for hook in hook_methods(rule) if hook[0] == "visit")
    original = getattr(rule, attr)

    def broken(self, node):
        if "boom" in self.ctx.path:
            raise ZeroDivisionError("injected")
        return original(self, node)

    setattr(rule, attr, broken)
    from perflint.cli import main
    main()
    """
)

# Also a PFL508 finding (a call to the same regex compile in a loop), from another rule.
OTHER_RULE = """\
import re
def find(lines):
    for line in lines:
        re.compile("a+").match(line)
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_crashing_rule_is_an_internal_error_and_the_rest_is_reported(tmp_path, jobs):
    write_files(tmp_path, {"boom.py": SLOW + OTHER_RULE, "fine.py": SLOW})
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _BROKEN_RULE_ENTRY,
            "--quiet",
            "--preview",
            "--no-cache",
            "--jobs",
            jobs,
            ".",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert "PFL001" not in result.stdout
    assert any(line.startswith("fine.py:4:9: PFL501") for line in lines)
    # boom.py's other rules still ran
    assert any(line.startswith("boom.py:") and "PFL504" in line for line in lines), lines
    [error] = result.stderr.splitlines()
    assert error.startswith("perflint: internal error: rule PFL501 (")
    assert "raised ZeroDivisionError: injected on boom.py" in error
    assert f"(perflint {__version__}); please report this bug" in error
    assert "Traceback" not in result.stderr
