"""Odd names: symlink loops, names that are not UTF-8, newlines in names, .gitignore
lines git tolerates, messages that quote code over several lines."""

from __future__ import annotations

import os

from support import write_files

from hostile.helpers import SLOW, run

MULTI_LINE_QUOTE = """\
def f(get, a, b):
    return sorted(list(get(
        a,
        b,
    )))
"""


def _loop(tmp_path):
    os.symlink("loop.py", tmp_path / "loop.py")


def test_a_symlink_loop_in_a_walk_is_pfl001_and_the_rest_is_linted(tmp_path):
    write_files(tmp_path, {"slow.py": SLOW})
    _loop(tmp_path)
    os.symlink("sub", tmp_path / "sub")  # a looping folder link
    result = run(tmp_path, ".")
    assert b"Traceback" not in result.stderr
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines[0].startswith("loop.py:1:1: PFL001 cannot read file: Too many levels")
    assert lines[1].startswith("slow.py:4:9: PFL501")


def test_a_symlink_loop_named_on_the_command_line(tmp_path):
    write_files(tmp_path, {"slow.py": SLOW})
    _loop(tmp_path)
    result = run(tmp_path, "loop.py", "slow.py")
    assert b"Traceback" not in result.stderr and result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines[0].startswith("loop.py:1:1: PFL001 cannot read file")
    assert lines[1].startswith("slow.py:4:9: PFL501")


def test_a_symlink_loop_as_stdin_filename(tmp_path):
    write_files(
        tmp_path, {"pyproject.toml": '[tool.perflint]\nper-file-sql-dialect = {"x" = "mysql"}\n'}
    )
    _loop(tmp_path)
    result = run(tmp_path, "--stdin-filename", "loop.py", "-", input=SLOW.encode())
    assert b"Traceback" not in result.stderr
    assert result.stdout.decode().startswith("loop.py:4:9: PFL501")


def test_names_that_are_not_utf8_print_escaped_on_a_strict_utf8_stdout(tmp_path):
    (tmp_path / os.fsdecode(b"caf\xe9.py")).write_text(SLOW)
    strict = {"PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"}
    text = run(tmp_path, ".", env=strict)
    assert text.returncode == 1, text.stderr
    assert text.stdout.decode("ascii").startswith("caf\\xe9.py:4:9: PFL501")
    github = run(tmp_path, "--format", "github", ".", env=strict)
    assert github.returncode == 1, github.stderr
    assert "file=caf\\xe9.py,line=4" in github.stdout.decode("ascii")


def test_a_newline_in_a_name_keeps_one_finding_on_one_line(tmp_path):
    (tmp_path / "a\nb.py").write_text(SLOW)
    result = run(tmp_path, ".")
    assert result.returncode == 1
    [line] = result.stdout.decode().splitlines()
    assert line.startswith("a\\nb.py:4:9: PFL501")


def test_a_message_quoting_code_over_several_lines_is_one_line(tmp_path):
    write_files(tmp_path, {"multi.py": MULTI_LINE_QUOTE})
    for output_format in ("text", "github"):
        result = run(tmp_path, "--format", output_format, "--select", "PFL506", ".")
        assert result.returncode == 1
        [line] = result.stdout.decode().splitlines()
        assert "get( a, b, )" in line


def test_gitignore_lines_git_tolerates_are_ignored_like_git(tmp_path):
    os.mkdir(tmp_path / ".git")
    write_files(
        tmp_path,
        {".gitignore": "!\n\\\nfoo\\\nignored.py\n", "ignored.py": SLOW, "kept.py": SLOW},
    )
    result = run(tmp_path, ".")
    assert b"Traceback" not in result.stderr and result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.decode().splitlines()] == ["kept.py"]
