"""Adopting perflint on a codebase with findings: a baseline records today's findings by
fingerprint (never by line number) and later runs report only new ones."""

from __future__ import annotations

import json

from support import run_perflint, write_files

VIEWS = """\
def render(rows):
    html = b""
    for row in rows:
        html += bytes(row)
    return html
"""


def _project(tmp_path):
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, {"src/views.py": VIEWS, "src/other.py": VIEWS})
    recorded = run_perflint(tmp_path, "--write-baseline", "perflint-baseline.json", "src")
    assert recorded.returncode == 0, recorded.stderr
    assert recorded.stdout == ""
    assert recorded.stderr == "perflint: recorded 2 findings in perflint-baseline.json\n"
    return tmp_path


def test_baselined_findings_survive_unrelated_edits_above_them(tmp_path):
    project = _project(tmp_path)
    views = project / "src" / "views.py"
    views.write_text("import os\n\n\n" + VIEWS.replace("    return", "    # done\n    return"))
    result = run_perflint(project, "--baseline", "perflint-baseline.json", "src")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "perflint: 0 findings in 2 files\n"


def test_a_second_identical_finding_in_the_same_function_is_new(tmp_path):
    project = _project(tmp_path)
    views = project / "src" / "views.py"
    views.write_text(
        VIEWS.replace("    return", "    for row in rows:\n        html += bytes(row)\n    return")
    )
    result = run_perflint(project, "--baseline", "perflint-baseline.json", "src")
    assert result.returncode == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == ["src/views.py:6:9"]


def test_the_same_line_in_another_function_is_new(tmp_path):
    project = _project(tmp_path)
    (project / "src" / "views.py").write_text(VIEWS + "\n\n" + VIEWS.replace("render", "show"))
    result = run_perflint(project, "--baseline", "perflint-baseline.json", "src")
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == ["src/views.py:11:9"]


def test_gone_findings_are_counted_where_the_run_looked(tmp_path):
    project = _project(tmp_path)
    (project / "src" / "views.py").write_text("def render(rows):\n    return ''.join(rows)\n")
    result = run_perflint(project, "--baseline", "perflint-baseline.json", "src")
    assert result.returncode == 0
    assert result.stderr.splitlines()[0] == (
        "perflint: 1 baselined finding is gone: shrink perflint-baseline.json with --write-baseline"
    )
    # Linting only other.py says nothing about views.py's findings.
    partial = run_perflint(project, "--baseline", "perflint-baseline.json", "src/other.py")
    assert (partial.returncode, partial.stderr) == (0, "perflint: 0 findings in 1 file\n")


def test_paths_are_relative_to_the_project_whatever_was_typed_and_wherever_run(tmp_path):
    project = _project(tmp_path)
    entries = json.loads((project / "perflint-baseline.json").read_text())["findings"]
    assert [e["path"] for e in entries] == ["src/other.py", "src/views.py"]
    assert {e["scope"] for e in entries} == {"render"}
    baseline = str(project / "perflint-baseline.json")
    inside = run_perflint(project / "src", "--baseline", baseline, "views.py")
    outside = run_perflint(project.parent, "--baseline", baseline, str(project / "src"))
    assert (inside.returncode, inside.stdout) == (0, "")
    assert (outside.returncode, outside.stdout) == (0, "")


def test_baseline_from_the_config_and_bad_baselines(tmp_path):
    project = _project(tmp_path)
    (project / "pyproject.toml").write_text(
        '[tool.perflint]\nbaseline = "perflint-baseline.json"\n'
    )
    assert run_perflint(project / "src", ".").returncode == 0
    (project / "bad.json").write_text("[1, 2]")
    for name, message in (("bad.json", "not a perflint baseline"), ("none.json", "cannot read")):
        result = run_perflint(project, "--baseline", name, "src")
        assert result.returncode == 2
        assert result.stderr.startswith(f"perflint: error: {name}: {message}")
