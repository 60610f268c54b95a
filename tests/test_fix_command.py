"""`perflint --fix`, `--unsafe-fixes` and `--diff`, end to end through the real command."""

from __future__ import annotations

import ast
import io
import shutil
import tokenize
from collections import Counter
from pathlib import Path

import pytest
from support import FIXTURES, ROOT, run_perflint, write_files

from perflint.config import Configs
from perflint.fixes.command import fix_command
from perflint.runner import Runner

# PFL511 on a known dict (a safe fix), PFL509 (an unsafe one), PFL501 (no fix).
MIXED = """\
def report(prices: dict, offers, rows):
    for sku, price in prices.items():  # prices only
        print(price)
    cheapest = sorted(offers)[0]
    html = b""
    for row in rows:
        html += bytes(row)
    return cheapest, html
"""
SAFELY_FIXED = MIXED.replace("for sku, price in prices.items():", "for price in prices.values():")
UNSAFELY_FIXED = SAFELY_FIXED.replace("sorted(offers)[0]", "min(offers)")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_files(tmp_path, {"app/shop.py": MIXED, "app/broken.py": "def f(:\n"})
    return tmp_path


def test_diff_prints_the_fixes_and_changes_nothing(project):
    result = run_perflint(project, "--preview", "--diff", "app")
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        "--- a/app/shop.py\n"
        "+++ b/app/shop.py\n"
        "@@ -1,5 +1,5 @@\n"
        " def report(prices: dict, offers, rows):\n"
        "-    for sku, price in prices.items():  # prices only\n"
        "+    for price in prices.values():  # prices only\n"
        "         print(price)\n"
        "     cheapest = sorted(offers)[0]\n"
        '     html = b""\n'
    )
    assert (project / "app/shop.py").read_text() == MIXED


def test_diff_with_unsafe_fixes_shows_them_too(project):
    result = run_perflint(project, "--preview", "--diff", "--unsafe-fixes", "app/shop.py")
    assert result.returncode == 1
    assert "+    cheapest = min(offers)\n" in result.stdout
    assert (project / "app/shop.py").read_text() == MIXED


def test_diff_exits_0_when_there_is_nothing_to_fix(tmp_path):
    write_files(tmp_path, {"slow.py": UNSAFELY_FIXED})  # PFL501 is left: it has no fix
    result = run_perflint(tmp_path, "--preview", "--diff", "--unsafe-fixes", ".")
    assert (result.returncode, result.stdout) == (0, "")
    assert run_perflint(tmp_path, "--preview", ".").returncode == 1


def test_fix_applies_the_safe_fixes_and_reports_what_is_left(project):
    result = run_perflint(project, "--preview", "--fix", "app")
    assert result.returncode == 1
    assert (project / "app/shop.py").read_text() == SAFELY_FIXED
    assert (project / "app/broken.py").read_text() == "def f(:\n"
    reported = [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()]
    assert reported == ["PFL001", "PFL509", "PFL501"]
    assert result.stderr == (
        "perflint: fixed 1 finding in 1 file; 3 left unfixed (1 fixable with --unsafe-fixes)\n"
    )


def test_unsafe_fixes_apply_the_others_too(project):
    result = run_perflint(project, "--preview", "--unsafe-fixes", "--format", "json", "app/shop.py")
    assert result.returncode == 1
    assert (project / "app/shop.py").read_text() == UNSAFELY_FIXED
    assert '"code": "PFL501"' in result.stdout and "PFL509" not in result.stdout
    assert result.stderr == "perflint: fixed 2 findings in 1 file; 1 left unfixed\n"


def test_fix_with_nothing_left_exits_0(tmp_path):
    write_files(tmp_path, {"a.py": "def f(d: dict):\n    return [k for k in d.keys()]\n"})
    result = run_perflint(tmp_path, "--preview", "--fix", "a.py")
    assert (result.returncode, result.stdout) == (0, "")
    assert (tmp_path / "a.py").read_text() == "def f(d: dict):\n    return [k for k in d]\n"


def test_fix_from_stdin_writes_the_fixed_source_to_stdout(tmp_path):
    source = "import time\n\n\nasync def poll():\n    time.sleep(1)  # wait\n"
    result = run_perflint(
        tmp_path, "--preview", "--fix", "--stdin-filename", "poll.py", "-", stdin=source
    )
    assert result.returncode == 0
    assert result.stdout == (
        "import time\nimport asyncio\n\n\nasync def poll():\n    await asyncio.sleep(1)  # wait\n"
    )
    assert result.stderr == "perflint: fixed 1 finding in 1 file; 0 left unfixed\n"


def test_fix_from_stdin_reports_what_is_left_on_stderr(tmp_path):
    result = run_perflint(tmp_path, "--preview", "--fix", "-", stdin=MIXED)
    assert result.returncode == 1
    assert result.stdout == SAFELY_FIXED
    assert "-:4:16: PFL509" in result.stderr


def test_stdin_and_paths_together_is_a_usage_error(project):
    result = run_perflint(project, "--preview", "--fix", "-", "app", stdin=MIXED)
    assert result.returncode == 2
    assert result.stderr == (
        "perflint: error: fixing reads the source from stdin (`-`) alone, without paths\n"
    )


def test_fix_keeps_the_encoding_the_byte_order_mark_and_line_endings(tmp_path):
    latin = "# -*- coding: latin-1 -*-\ndef f(d: dict):  # café\n    return 'x' in d.keys()\n"
    (tmp_path / "latin.py").write_bytes(latin.encode("latin-1"))
    crlf = "def f(d: dict):\r\n    return 'x' in d.keys()  # ok\r\n"
    (tmp_path / "crlf.py").write_bytes(b"\xef\xbb\xbf" + crlf.encode())
    result = run_perflint(tmp_path, "--preview", "--fix", ".")
    assert result.returncode == 0, result.stdout + result.stderr
    fixed = latin.replace("d.keys()", "d").encode("latin-1")
    assert (tmp_path / "latin.py").read_bytes() == fixed
    assert (tmp_path / "crlf.py").read_bytes() == b"\xef\xbb\xbf" + crlf.replace(
        "d.keys()", "d"
    ).encode()


def test_a_file_that_cannot_be_written_is_reported_unfixed(project, monkeypatch, capsys):
    def refuse(self, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.chdir(project)
    monkeypatch.setattr(Path, "write_bytes", refuse)
    left = fix_command(["app/shop.py"], Configs(), Runner(preview=True), None, False, False)
    assert [f.code for f in left] == ["PFL511", "PFL509", "PFL501"]
    assert [f.line for f in left] == [2, 4, 7]
    assert capsys.readouterr().err == (
        "perflint: warning: cannot write app/shop.py: Permission denied\n"
        "perflint: fixed 0 findings in 0 files; 3 left unfixed (1 fixable with --unsafe-fixes)\n"
    )


def _comments(text: str) -> Counter[str]:
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return Counter(token.string for token in tokens if token.type == tokenize.COMMENT)


def _sources(root: Path) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(root.rglob("*.py"))}


@pytest.mark.parametrize("mode", [("--fix",), ("--unsafe-fixes",)], ids=["safe", "unsafe"])
def test_fixing_every_fixture_and_example_keeps_code_valid_and_is_idempotent(tmp_path, mode):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    before = _sources(tmp_path)
    result = run_perflint(tmp_path, "--preview", *mode, "--exit-zero", ".")
    assert result.returncode == 0, result.stderr
    assert "does not compile" not in result.stderr
    after = _sources(tmp_path)
    changed = [path for path in before if before[path] != after[path]]
    assert len(changed) >= 5, result.stderr
    for path in changed:
        ast.parse(after[path], str(path))
        assert not _comments(before[path]) - _comments(after[path]), f"{path}: comment dropped"
    again = run_perflint(tmp_path, "--preview", "--diff", *mode[1:], ".")
    assert (again.returncode, again.stdout) == (0, "")
