"""The flake8 plugin, through real flake8 in a subprocess: the same findings as perflint
(codes, positions, messages), under perflint's configuration."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT, run_perflint, write_files

SLOW = """\
def render(rows):
    html = b""
    for row in rows:
        html += bytes(row)
    return html


def first(config: dict):
    return list(config)[0]
"""


def _flake8(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "PFL", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _lines(output: str) -> list[str]:
    return sorted(line.removeprefix("./") for line in output.splitlines())


def test_flake8_reports_what_perflint_reports(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    expected = run_perflint(tmp_path, "--no-cache", "examples")
    result = _flake8(tmp_path, "examples")
    assert result.returncode == 1, result.stderr
    assert _lines(result.stdout) == _lines(expected.stdout)
    assert len(_lines(result.stdout)) > 30


def test_flake8_honours_the_perflint_configuration(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": """\
                [tool.perflint]
                ignore = ["PFL506"]
                per-file-ignores = {"legacy/*" = ["PFL5"]}
            """,
            "app/views.py": SLOW,
            "legacy/old.py": SLOW,
        },
    )
    result = _flake8(tmp_path, ".")
    [line] = _lines(result.stdout)
    assert line.startswith("app/views.py:4:9: PFL501 `html` is a bytes object grown inside a loop")
    assert _lines(result.stdout) == _lines(run_perflint(tmp_path, "--no-cache", ".").stdout)


def test_flake8_lints_an_unsaved_buffer_from_stdin_under_its_file_s_configuration(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": (
                '[tool.perflint]\npreview = true\nper-file-ignores = {"app/*" = ["PFL501"]}\n'
            ),
            "app/views.py": "",
        },
    )
    args = ("--stdin-display-name", "app/views.py", "-")
    result = _flake8(tmp_path, *args, stdin=SLOW)
    assert [line.split(": ")[1][:6] for line in result.stdout.splitlines()] == ["PFL506"]
    assert result.stdout.startswith("app/views.py:9:12: PFL506 ")


def test_flake8_noqa_and_a_bad_configuration(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": '[tool.perflint]\nselect = ["PFL9"]\n',
            "a.py": SLOW.replace("html += bytes(row)", "html += bytes(row)  # noqa: PFL501"),
        },
    )
    result = _flake8(tmp_path, "a.py")
    assert result.stdout == (
        "a.py:1:1: PFL001 cannot use the perflint configuration: "
        f"{tmp_path / 'pyproject.toml'}: `select` has unknown rule code 'PFL9'\n"
    )
    assert "Traceback" not in result.stderr
    # PFL506 is a preview rule: the fixed configuration turns preview mode on.
    (tmp_path / "pyproject.toml").write_text("[tool.perflint]\npreview = true\n")
    assert [line.split(": ")[1][:6] for line in _flake8(tmp_path, "a.py").stdout.splitlines()] == [
        "PFL506"
    ]
