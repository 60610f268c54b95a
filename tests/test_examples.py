"""The bundled example project (the README's first command) shows every rule at work."""

from __future__ import annotations

import json
import subprocess
import sys

from support import ROOT

from perflint.registry import all_rules


def test_example_project_triggers_every_rule():
    result = subprocess.run(
        [sys.executable, "-m", "perflint", "--preview", "--format", "json", "examples"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    fired = {finding["code"] for finding in json.loads(result.stdout)}
    assert "PFL001" not in fired
    assert set(all_rules()) - fired == set()
