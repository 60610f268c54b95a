"""Hostile input for configuration and ``# noqa``: odd line ends, noqa look-alikes in
strings, malformed config shapes and option values. Each case was a defect (issue 14)."""

from __future__ import annotations

import pytest
from support import run_perflint, write_files

SLOW = 's = ""\nfor x in xs:\n    s += x{comment}\n'

# Characters str.splitlines() breaks at but Python's tokenizer does not.
NOT_LINE_ENDS = ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028"]


@pytest.mark.parametrize("char", NOT_LINE_ENDS, ids=lambda c: f"U+{ord(c):04X}")
def test_noqa_is_read_from_the_flagged_line_after_odd_characters(tmp_path, char):
    header = f"# a comment holding {char} in it\n"
    (tmp_path / "honoured.py").write_text(
        header + SLOW.format(comment="  # noqa: PFL501"), encoding="utf-8"
    )
    above = header + 's = ""\nfor x in xs:  # noqa: PFL501\n    s += x\n'
    (tmp_path / "above.py").write_text(above, encoding="utf-8")
    result = run_perflint(tmp_path, "--select", "PFL501", "honoured.py", "above.py")
    assert result.stdout.splitlines() == [
        "above.py:4:5: PFL501 " + result.stdout.split("PFL501 ", 1)[-1].splitlines()[0]
    ]


def test_sql_positions_in_a_file_with_cr_only_line_ends(tmp_path):
    source = 'def f(cur):\r    cur.execute("""\r        SELECT *\r        FROM users\r    """)\r'
    (tmp_path / "q.py").write_bytes(source.encode())
    result = run_perflint(tmp_path, "--select", "PFL201", "q.py")
    assert result.stdout.startswith("q.py:3:16: PFL201 "), result.stdout


@pytest.mark.parametrize(
    "line",
    [
        '    s += x + "# noqa"',
        "    s += x + '  # noqa: PFL501'",
        '    s += f"{x}  # noqa"',
    ],
)
def test_a_noqa_inside_a_string_literal_silences_nothing(tmp_path, line):
    write_files(tmp_path, {"m.py": 's = ""\nfor x in xs:\n' + line + "\n"})
    result = run_perflint(tmp_path, "--select", "PFL501", "m.py")
    assert result.returncode == 1
    assert result.stdout.startswith("m.py:3:5: PFL501 ")
