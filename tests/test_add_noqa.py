"""`perflint --add-noqa`: today's findings silenced in place, comments only."""

from __future__ import annotations

import ast

from support import run_perflint, write_files

SOURCE = '''\
import re


def render(rows, cur):
    html = b""
    for row in rows:
        html += bytes(row)
    for row in rows:
        html += row.title  # type: ignore[attr-defined]
    for row in rows:
        html += row.name  # noqa: E501 (long names)
        cur.execute("""
            SELECT *
            FROM t WHERE name LIKE '%x'
        """)
    for row in rows:
        html += "x" + \\
            row.tail
    return html
'''

EXPECTED = '''\
import re


def render(rows, cur):
    html = b""
    for row in rows:
        html += bytes(row)  # noqa: PFL501
    for row in rows:
        html += row.title  # type: ignore[attr-defined]  # noqa: PFL501
    for row in rows:
        html += row.name  # noqa: E501, PFL501 (long names)
        cur.execute("""
            SELECT *
            FROM t WHERE name LIKE '%x'
        """)  # noqa: PFL201, PFL202
    for row in rows:
        html += "x" + \\
            row.tail  # noqa: PFL501
    return html
'''


def test_add_noqa_silences_every_finding_and_changes_only_comments(tmp_path):
    write_files(tmp_path, {"views.py": SOURCE})
    before = run_perflint(tmp_path, "views.py")
    assert before.returncode == 1 and len(before.stdout.splitlines()) == 6
    result = run_perflint(tmp_path, "--add-noqa", "views.py")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "perflint: added noqa comments to 5 lines in 1 file\n"
    after = (tmp_path / "views.py").read_text()
    assert after == EXPECTED
    assert ast.dump(ast.parse(after)) == ast.dump(ast.parse(SOURCE))
    again = run_perflint(tmp_path, "--extend-select", "PFL002", "views.py")
    assert (again.returncode, again.stdout) == (0, "")


def test_add_noqa_keeps_line_ends_and_encoding(tmp_path):
    source = '# -*- coding: latin-1 -*-\r\ns = "\xe9"\r\nfor x in xs:\r\n    s += x\r\n'
    (tmp_path / "m.py").write_bytes(source.encode("latin-1"))
    assert run_perflint(tmp_path, "--add-noqa", "m.py").returncode == 0
    expected = source.replace("s += x\r\n", "s += x  # noqa: PFL501\r\n").encode("latin-1")
    assert (tmp_path / "m.py").read_bytes() == expected
