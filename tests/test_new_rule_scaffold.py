"""The rule scaffold writes a rule the registry picks up, with its page and fixture."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from support import ROOT

SCAFFOLD = ROOT / "scripts" / "new_rule.py"


def _copy_of_the_project(tmp_path):
    for folder in ("perflint", "rules"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc"))
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    return tmp_path


def _scaffold(root, *args):
    return subprocess.run(
        [sys.executable, str(SCAFFOLD), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_scaffolded_rule_is_listed_with_its_page_and_fixture(tmp_path):
    root = _copy_of_the_project(tmp_path)
    made = _scaffold(
        root,
        "--code",
        "PFL599",
        "--name",
        "example-rule",
        "--family",
        "python",
        "--impact",
        "medium",
        "--summary",
        "an example rule",
    )
    assert made.returncode == 0, made.stderr
    assert (root / "perflint" / "rules" / "python" / "example_rule.py").is_file()
    assert (root / "rules" / "PFL599.md").read_text().startswith("# PFL599 example-rule")
    assert (root / "tests" / "fixtures" / "PFL599.py").is_file()
    listed = subprocess.run(
        [sys.executable, "-m", "perflint", "--list-rules"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    line = next(line for line in listed.stdout.splitlines() if line.startswith("PFL599"))
    assert "example-rule" in line and "medium" in line and "an example rule" in line


def test_scaffold_refuses_a_taken_code_and_an_unknown_family(tmp_path):
    root = _copy_of_the_project(tmp_path)
    taken = _scaffold(root, "--code", "PFL501", "--name", "again", "--family", "python")
    assert taken.returncode == 2 and "already defined" in taken.stderr
    unknown = _scaffold(root, "--code", "PFL598", "--name", "x", "--family", "nosuch")
    assert unknown.returncode == 2 and "--family 'nosuch'" in unknown.stderr
