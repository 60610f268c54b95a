"""A PFL2xx finding points at the offending SQL token inside the Python string:
line and column exact, through escapes, placeholders, holes and concatenation."""

from __future__ import annotations

from support import lint_text


def _where(source: str, code: str) -> list[tuple[int, int]]:
    return [(f.line, f.column) for f in lint_text(source, select=(code,)) if f.code == code]


def _column_of(source: str, line: int, needle: str) -> int:
    return source.splitlines()[line - 1].index(needle) + 1


def test_single_line_string_points_at_the_star():
    source = 'def f(cur):\n    cur.execute("SELECT * FROM users WHERE id = %s", (1,))\n'
    assert _where(source, "PFL201") == [(2, _column_of(source, 2, "*"))]


def test_triple_quoted_string_points_at_the_line_and_column_of_the_token():
    source = (
        "import sqlite3\n"
        "def f(path):\n"
        "    conn = sqlite3.connect(path)\n"
        '    return conn.execute("""\n'
        "        SELECT id\n"
        "        FROM quotes\n"
        "        ORDER BY RANDOM()\n"
        '    """).fetchall()\n'
    )
    assert _where(source, "PFL204") == [(7, _column_of(source, 7, "RANDOM"))]


def test_implicit_concatenation_points_into_the_right_part():
    source = (
        "def f(cur):\n"
        "    cur.execute(\n"
        '        "SELECT id FROM users "\n'
        "        \"WHERE email LIKE '%@example.com'\"\n"
        "    )\n"
    )
    assert _where(source, "PFL202") == [(4, _column_of(source, 4, "'%@"))]


def test_fstring_holes_before_the_token_do_not_shift_it():
    source = (
        "def f(cur, table, column):\n"
        '    cur.execute(f"SELECT {column} FROM {table} WHERE id NOT IN (SELECT uid FROM bans)")\n'
    )
    assert _where(source, "PFL207") == [(2, _column_of(source, 2, "NOT IN"))]


def test_escapes_count_as_written():
    source = 'def f(cur):\n    cur.execute("SELECT id\\n\\tFROM t ORDER BY RAND()")\n'
    assert _where(source, "PFL204") == [(2, _column_of(source, 2, "RAND"))]


def test_placeholders_of_different_lengths_do_not_shift_the_token():
    source = (
        "def f(cur):\n"
        '    cur.execute("SELECT id FROM t WHERE a = %(name)s AND b = %s OFFSET %(skip)s", {})\n'
    )
    assert _where(source, "PFL206") == [(2, _column_of(source, 2, "OFFSET"))]


def test_name_bound_to_a_constant_points_into_the_constant():
    source = "QUERY = 'DELETE FROM sessions'\ndef purge(cur):\n    cur.execute(QUERY)\n"
    assert _where(source, "PFL203") == [(1, _column_of(source, 1, "DELETE"))]


def test_parenthesised_string_and_prefix():
    source = 'def f(cur):\n    cur.execute((r"SELECT t.* FROM t"))\n'
    assert _where(source, "PFL201") == [(2, _column_of(source, 2, "t.*"))]


def test_concatenated_variable_before_the_token():
    source = (
        "def f(cur, table):\n"
        '    cur.execute("SELECT id FROM " + table + " WHERE LOWER(name) = %s", ("x",))\n'
    )
    assert _where(source, "PFL205") == [(2, _column_of(source, 2, "LOWER"))]


def test_syntax_error_points_at_the_unexpected_token():
    source = (
        "import sqlite3\n"
        "conn = sqlite3.connect('app.db')\n"
        "conn.execute('SELECT id FROM users ORDER id')\n"
    )
    assert _where(source, "PFL290") == [(3, _column_of(source, 3, "id')"))]


def test_cartesian_join_points_at_the_unlinked_table():
    source = (
        'def f(cur):\n    cur.execute("SELECT a.id FROM accounts a, invoices i WHERE a.active")\n'
    )
    assert _where(source, "PFL209") == [(2, _column_of(source, 2, "invoices"))]


def test_count_fetched_in_python_points_at_count():
    source = (
        "def f(cur, uid):\n"
        '    cur.execute("SELECT COUNT(*) FROM orders WHERE user_id = %s", (uid,))\n'
        "    return cur.fetchone()[0] > 0\n"
    )
    assert _where(source, "PFL208") == [(2, _column_of(source, 2, "COUNT"))]


def test_finding_spans_the_token_as_written():
    source = "def f(cur, term):\n    cur.execute(f\"SELECT id FROM t WHERE a LIKE '%{term}'\")\n"
    (finding,) = lint_text(source, select=("PFL202",))
    start = _column_of(source, 2, "'%{term}'")
    assert (finding.column, finding.end_column) == (start, start + len("'%{term}'"))


def test_noqa_in_a_sql_comment_silences_a_line_inside_the_string():
    source = (
        "def f(cur):\n"
        '    cur.execute("""\n'
        "        SELECT *  -- # noqa: PFL201 (the export needs every column)\n"
        "        FROM users\n"
        '    """)\n'
    )
    assert _where(source, "PFL201") == []
