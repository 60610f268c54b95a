"""The command line, end to end, through the installed `perflint` entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from support import run_perflint, write_files

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

SLOW = """\
def render(rows):
    html = b""
    for row in rows:
        html += bytes(row)
    return html
"""
CLEAN = "def total(xs):\n    return sum(xs)\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_files(tmp_path, {"app/views.py": SLOW, "app/clean.py": CLEAN, "app/a.py": SLOW})
    return tmp_path


def test_text_output_is_flake8_style_sorted_with_exit_1(project):
    result = run_perflint(project, "app")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == ["app/a.py:4:9", "app/views.py:4:9"]
    assert all(": PFL501 `html` is a bytes object grown inside a loop" in line for line in lines)
    assert result.stderr == "perflint: 2 findings in 3 files\n"
    quiet = run_perflint(project, "-q", "app")
    assert (quiet.stdout, quiet.stderr) == (result.stdout, "")


def test_clean_tree_exits_0_silently(tmp_path):
    write_files(tmp_path, {"ok.py": CLEAN})
    result = run_perflint(tmp_path, ".")
    assert (result.returncode, result.stdout) == (0, "")


def test_default_path_is_the_current_folder(project):
    result = run_perflint(project)
    assert result.returncode == 1
    assert "app/a.py:4:9: PFL501" in result.stdout


def test_json_output(project):
    result = run_perflint(project, "--format", "json", "app/views.py")
    assert result.returncode == 1
    [finding] = json.loads(result.stdout)
    assert finding == {
        "path": "app/views.py",
        "line": 4,
        "column": 9,
        "end_line": 4,
        "end_column": 27,
        "code": "PFL501",
        "name": "string-concat-in-loop",
        "impact": "medium",
        "message": finding["message"],
        "scope": "render",
        "line_text": "        html += bytes(row)",
        "related": [],
        "fingerprint": finding["fingerprint"],
    }
    assert len(finding["fingerprint"]) == 32


def test_sarif_output_validates_against_the_schema(project):
    result = run_perflint(project, "--format", "sarif", "app")
    document = json.loads(result.stdout)
    jsonschema.validate(document, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    results = document["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["PFL501", "PFL501"]
    assert results[0]["level"] == "warning"
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_github_output(project):
    result = run_perflint(project, "--format", "github", "app/views.py")
    assert result.stdout.startswith(
        "::warning file=app/views.py,line=4,col=9,endLine=4,endColumn=27,"
        "title=PFL501 string-concat-in-loop::"
    )


def test_statistics(project):
    result = run_perflint(project, "--statistics", "app")
    assert result.stdout.splitlines()[-1].split() == ["2", "PFL501", "string-concat-in-loop"]


@pytest.mark.parametrize(
    ("args", "expect_findings"),
    [
        (["--select", "PFL5"], True),
        (["--select", "PFL501"], True),
        (["--select", "PFL0"], False),
        (["--ignore", "PFL5"], False),
        (["--ignore", "PFL5", "--extend-select", "PFL501"], True),
        (["--min-impact", "high"], False),
        (["--min-impact", "medium"], True),
    ],
)
def test_selection_by_code_and_prefix(project, args, expect_findings):
    result = run_perflint(project, *args, "app")
    assert ("PFL501" in result.stdout) is expect_findings
    assert result.returncode == (1 if expect_findings else 0)


def test_exit_zero(project):
    result = run_perflint(project, "--exit-zero", "app")
    assert result.returncode == 0 and "PFL501" in result.stdout


def test_unknown_code_on_the_command_line_is_a_usage_error(project):
    result = run_perflint(project, "--select", "PFL999", "app")
    assert result.returncode == 2
    assert "PFL999" in result.stderr


def test_list_rules_and_explain(project):
    listed = run_perflint(project, "--list-rules")
    assert listed.returncode == 0
    codes = [line.split()[0] for line in listed.stdout.splitlines()]
    assert codes[0] == "PFL001" and "PFL501" in codes
    assert codes == sorted(codes)
    explained = run_perflint(project, "--explain", "pfl501")
    assert explained.returncode == 0
    assert explained.stdout.startswith("# PFL501 string-concat-in-loop")
    assert "## Use instead" in explained.stdout
    unknown = run_perflint(project, "--explain", "PFL999")
    assert unknown.returncode == 2


def test_version(project):
    result = run_perflint(project, "--version")
    assert result.returncode == 0 and result.stdout.startswith("perflint, version ")


def test_missing_path_is_a_one_line_error(project):
    result = run_perflint(project, "app", "does/not/exist.py")
    assert result.returncode == 2
    assert result.stderr.strip() == "perflint: error: does/not/exist.py: no such file or folder"
    assert "Traceback" not in result.stderr


def test_stdin_with_a_file_name(project):
    result = run_perflint(project, "-", "--stdin-filename", "app/new.py", stdin=SLOW)
    assert result.returncode == 1
    assert result.stdout.startswith("app/new.py:4:9: PFL501 ")
    nameless = run_perflint(project, "-", stdin=SLOW)
    assert nameless.stdout.startswith("-:4:9: PFL501 ")


@pytest.mark.parametrize(
    ("comment", "suppressed"),
    [
        ("# noqa", True),
        ("# NOQA", True),
        ("#noqa:PFL501", True),
        ("# noqa: PFL501", True),
        ("# noqa: PFL5", True),
        ("# noqa:PFL101,PFL501", True),
        ("# noqa: PFL101 PFL501", True),
        ("# noqa: PFL101", False),
        ("# noqa: E501", False),
        ("# a comment", False),
    ],
)
def test_noqa(tmp_path, comment, suppressed):
    source = SLOW.replace("html += bytes(row)", f"html += bytes(row)  {comment}")
    write_files(tmp_path, {"m.py": source})
    result = run_perflint(tmp_path, "m.py")
    assert ("PFL501" not in result.stdout) is suppressed


def test_parse_errors_never_hide_other_files(tmp_path):
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n", encoding="utf-8")
    (tmp_path / "nul.py").write_bytes(b"x = 1\x00\n")
    (tmp_path / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\ns = '\xe9'\n")
    (tmp_path / "bad_utf8.py").write_bytes(b"x = 1\ny = '\xff'\n")
    (tmp_path / "unknown_codec.py").write_bytes(b"# coding: klingon\nx = 1\n")
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + SLOW.encode())
    (tmp_path / "dangling.py").symlink_to(tmp_path / "missing-target.py")
    write_files(tmp_path, {"slow.py": SLOW})
    result = run_perflint(tmp_path, ".")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        "bad_utf8.py:2:1: PFL001 cannot decode as utf-8: invalid byte 0xff",
        "bom.py:4:9: " + result.stdout.split("bom.py:4:9: ")[1].splitlines()[0],
        "broken.py:1:7: PFL001 syntax error: invalid syntax",
        "dangling.py:1:1: PFL001 cannot read file: No such file or directory",
        "nul.py:1:1: PFL001 file contains a NUL byte",
        "slow.py:4:9: " + result.stdout.split("slow.py:4:9: ")[1].splitlines()[0],
        "unknown_codec.py:1:1: PFL001 bad encoding declaration: unknown encoding: klingon",
    ]


def test_walk_honours_gitignore_and_default_excludes(tmp_path):
    write_files(
        tmp_path,
        {
            ".gitignore": "generated/\n*_pb2.py\n",
            "src/.gitignore": "local_*.py\n",
            "src/app.py": SLOW,
            "src/local_settings.py": SLOW,
            "src/api_pb2.py": SLOW,
            "generated/models.py": SLOW,
            ".venv/lib/site.py": SLOW,
            "build/lib/app.py": SLOW,
            "node_modules/x.py": SLOW,
            "stubs/app.pyi": SLOW,
        },
    )
    (tmp_path / ".git").mkdir()
    result = run_perflint(tmp_path, ".")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["src/app.py"]
    # A file named explicitly is always linted, even when ignored (pre-commit names files).
    named = run_perflint(tmp_path, "src/local_settings.py", "generated/models.py")
    assert [line.split(":")[0] for line in named.stdout.splitlines()] == [
        "generated/models.py",
        "src/local_settings.py",
    ]


def test_walk_lints_a_linked_file_once_and_follows_no_linked_folder(tmp_path):
    write_files(tmp_path, {"src/app.py": SLOW, "elsewhere/lib.py": SLOW})
    (tmp_path / "src/alias.py").symlink_to(tmp_path / "src/app.py")
    (tmp_path / "src/outside.py").symlink_to(tmp_path / "elsewhere/lib.py")
    (tmp_path / "src/linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = run_perflint(tmp_path, "src")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "src/app.py",
        "src/outside.py",
    ]


def test_config_in_pyproject(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": """\
                [project]
                name = "demo"

                [tool.perflint]
                extend-exclude = ["legacy/"]
                per-file-ignores = { "scripts/*" = ["PFL5"] }
            """,
            "app/views.py": SLOW,
            "legacy/old.py": SLOW,
            "scripts/once.py": SLOW,
        },
    )
    result = run_perflint(tmp_path, ".")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["app/views.py"]
    # The config is found from the linted path, not only from the working directory.
    from_outside = run_perflint(tmp_path.parent, str(tmp_path))
    assert from_outside.stdout.count("PFL501") == 1


def test_perflint_toml_and_cli_override(tmp_path):
    write_files(tmp_path, {"perflint.toml": 'ignore = ["PFL501"]\n', "app.py": SLOW})
    assert run_perflint(tmp_path, ".").returncode == 0
    overridden = run_perflint(tmp_path, "--extend-select", "PFL501", ".")
    assert overridden.returncode == 1 and "PFL501" in overridden.stdout


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ('selct = ["PFL5"]', "unknown key `selct`"),
        ('select = ["PFL999"]', "`select` has unknown rule code 'PFL999'"),
        ('ignore = "PFL5"\nselect = 5', "`select` must be a list of strings, got 5"),
        ('per-file-ignores = ["x"]', "`per-file-ignores` must be a table"),
        ('per-file-ignores = { "a/*" = ["XYZ1"] }', "`per-file-ignores.a/*` has unknown"),
        ("sql-dialect = 3", "`sql-dialect` must be a dialect name, got 3"),
        ('[tool.perflint.knowledge]\n"db.quary" = ["x.y"]', "`knowledge.db.quary` is not a known"),
        ("select = [", "invalid TOML"),
    ],
)
def test_bad_config_exits_2_naming_file_and_key(tmp_path, table, named):
    header = "" if table.startswith("[tool") else "[tool.perflint]\n"
    write_files(tmp_path, {"pyproject.toml": header + table + "\n", "app.py": SLOW})
    result = run_perflint(tmp_path, ".")
    assert result.returncode == 2
    assert "pyproject.toml" in result.stderr
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_explicit_config_file(tmp_path):
    write_files(tmp_path, {"ci/perflint.toml": 'select = ["PFL0"]\n', "app.py": SLOW})
    assert run_perflint(tmp_path, "--config", "ci/perflint.toml", ".").returncode == 0
    missing = run_perflint(tmp_path, "--config", "nope.toml", ".")
    assert missing.returncode == 2 and "nope.toml" in missing.stderr


def test_python_dash_m_entry_point(project):
    result = subprocess.run(
        [sys.executable, "-m", "perflint", "app/views.py"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=60,
    )
    assert result.returncode == 1 and "PFL501" in result.stdout


def test_a_parser_crash_or_hang_costs_one_file_not_the_run(tmp_path):
    """LibCST's native parser segfaults on very deep nesting and is super-linear on long
    operator chains: workers isolate both."""
    (tmp_path / "deep.py").write_text("x = [" + "(" * 3000 + "1" + ")" * 3000 + "]\n")
    (tmp_path / "chain.py").write_text("x = " + "1 + " * 4000 + "1\n")
    write_files(tmp_path, {"slow.py": SLOW})
    result = run_perflint(tmp_path, "--file-timeout", "2", ".")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "chain.py:1:1: PFL001 analysis took longer than 2 s and was stopped",
        "deep.py:1:1: PFL001 the parser crashed on this file (signal 11); LibCST cannot analyse it",
    ]
    assert result.stdout.splitlines()[2].startswith("slow.py:4:9: PFL501")


def test_a_folder_named_explicitly_is_linted_even_if_excluded(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": '[tool.perflint]\nextend-exclude = ["examples", "*_gen.py"]\n',
            "examples/demo/app.py": SLOW,
            "examples/demo/api_gen.py": SLOW,
            "src/app.py": SLOW,
        },
    )
    walked = run_perflint(tmp_path, ".")
    assert [line.split(":")[0] for line in walked.stdout.splitlines()] == ["src/app.py"]
    named = run_perflint(tmp_path, "examples")
    assert [line.split(":")[0] for line in named.stdout.splitlines()] == ["examples/demo/app.py"]


def test_a_gitignored_folder_named_explicitly_is_linted(tmp_path):
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, {".gitignore": "cache/\n", "cache/pkg/a.py": SLOW, "src/b.py": CLEAN})
    assert run_perflint(tmp_path, ".").stdout == ""
    named = run_perflint(tmp_path, "cache")
    assert [line.split(":")[0] for line in named.stdout.splitlines()] == ["cache/pkg/a.py"]
