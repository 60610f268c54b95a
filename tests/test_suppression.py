"""Silencing findings on purpose, through the `perflint` command: noqa comments where
flake8 and ruff read them, `# perflint: skip-file`, and PFL002 for idle noqa codes."""

from __future__ import annotations

from support import run_perflint, write_files

QUERY = 'def f(cur):\n    cur.execute("""\n        SELECT *\n        FROM users\n    """){after}\n'


def test_a_noqa_after_the_closing_quotes_covers_findings_inside_the_string(tmp_path):
    write_files(tmp_path, {"q.py": QUERY.format(after="  # noqa: PFL201")})
    assert run_perflint(tmp_path, "q.py").stdout == ""
    write_files(tmp_path, {"q.py": QUERY.format(after="  # noqa: PFL202")})
    assert run_perflint(tmp_path, "q.py").stdout.startswith("q.py:3:16: PFL201 ")


def test_a_noqa_after_a_backslash_continuation_covers_its_first_line(tmp_path):
    source = 's = ""\nfor x in xs:\n    s += x + \\\n        "!"  # noqa: PFL501\n'
    write_files(tmp_path, {"m.py": source})
    assert run_perflint(tmp_path, "m.py").stdout == ""


def test_skip_file_comment_skips_the_file_but_not_in_a_string(tmp_path):
    slow = 's = ""\nfor x in xs:\n    s += x\n'
    write_files(
        tmp_path,
        {
            "skipped.py": "# perflint: skip-file\n" + slow,
            "broken.py": "# perflint: skip-file\ndef f(:\n",
            "quoted.py": 'NOTE = """\n# perflint: skip-file\n"""\n' + slow,
        },
    )
    result = run_perflint(tmp_path, ".")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["quoted.py"]


def test_unused_noqa_is_off_by_default_and_listed(tmp_path):
    write_files(tmp_path, {"m.py": "total = 0  # noqa: PFL501\n"})
    assert run_perflint(tmp_path, "m.py").returncode == 0
    result = run_perflint(tmp_path, "--extend-select", "PFL002", "m.py")
    assert result.returncode == 1
    assert result.stdout == (
        "m.py:1:12: PFL002 unused `noqa`: PFL501 silences nothing on this line\n"
    )
    assert "PFL002  unused-noqa" in run_perflint(tmp_path, "--list-rules").stdout
    assert run_perflint(tmp_path, "--select", "ALL", "m.py").returncode == 1
