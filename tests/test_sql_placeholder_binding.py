"""Building SQL text from Python expressions: placeholders of every style are bound to
neutral names, SQL literals and operators keep their meaning, and the text parses."""

from __future__ import annotations

import libcst as cst
import pytest

from perflint.sql.parse import parse
from perflint.sql.template import PLACEHOLDER_PREFIX, NotSql, build


def _sql(expression: str, braces: bool = False):
    module = cst.parse_module(f"x = {expression}\n")
    value = module.body[0].body[0].value
    return build(value, module.code_for_node, braces=braces)


@pytest.mark.parametrize(
    ("expression", "dialect"),
    [
        ('"SELECT id FROM t WHERE a = %s AND b = %s"', "postgres"),
        ('"SELECT id FROM t WHERE a = %(name)s AND b = %(other)s"', "postgres"),
        ('"SELECT id FROM t WHERE a = ? AND b IN (?, ?)"', "sqlite"),
        ('"SELECT id FROM t WHERE a = :name AND b = :1"', "sqlite"),
        ('"SELECT id FROM t WHERE a = $1 AND b = $2::int"', "postgres"),
        ('f"SELECT {col} FROM {table} WHERE id = {ident}"', "postgres"),
        ('"SELECT {} FROM {} WHERE id = %s"', "postgres"),
        ('"SELECT id FROM t WHERE a = {}".format(value)', "postgres"),
        ('"SELECT id FROM t WHERE a = %d LIMIT %d" % (a, b)', "postgres"),
        ('"SELECT id FROM " + table + " WHERE id IN %s"', "postgres"),
        ('"SELECT id FROM t WHERE id = ANY(%s) AND d > now() - INTERVAL %s"', "postgres"),
        ('"SELECT id FROM t WHERE a = %s LIMIT %s OFFSET %s"', "mysql"),
    ],
)
def test_placeholders_parse(expression, dialect):
    sql = _sql(expression, braces="{}" in expression and "format" not in expression)
    assert sql.placeholders
    assert parse(sql.text, dialect).error is None, sql.text


def test_casts_and_json_operators_keep_their_meaning():
    sql = _sql("\"SELECT data::jsonb FROM t WHERE data ? 'k' AND data @> %s AND x ?| %s\"")
    assert "::jsonb" in sql.text
    assert "data ? 'k'" in sql.text
    assert "?|" in sql.text
    assert len(sql.placeholders) == 2
    assert parse(sql.text, "postgres").error is None


def test_percent_inside_literals_and_comments_is_kept():
    sql = _sql("\"SELECT id FROM t WHERE name LIKE '%son' AND note = '50%s off' -- %s\\n\"")
    assert "'%son'" in sql.text
    assert "'50%s off'" in sql.text
    assert "-- %s" in sql.text
    assert not sql.placeholders


def test_fstring_hole_inside_a_sql_literal_stays_a_literal():
    sql = _sql("f\"SELECT id FROM t WHERE name LIKE '%{term}%'\"")
    assert "'%x%'" in sql.text
    assert sql.python_holes == 1


def test_dollar_quoted_bodies_are_literals():
    sql = _sql('"SELECT $$ costs $1 or ? $$ FROM t WHERE a = $1"')
    assert "$$ costs $1 or ? $$" in sql.text
    assert len(sql.placeholders) == 1


def test_doubled_percent_is_the_modulo_operator():
    sql = _sql('"SELECT id %% 10 FROM t WHERE a = %s"')
    assert sql.text.startswith("SELECT id % 10 FROM t")


def test_bytes_and_non_strings_are_not_sql():
    with pytest.raises(NotSql):
        _sql('b"SELECT 1"')
    with pytest.raises(NotSql):
        _sql("query_builder()")


def test_neutral_names_are_identifiable():
    sql = _sql('"SELECT id FROM t WHERE a = %s"')
    (name,) = sql.placeholders
    assert name.startswith(PLACEHOLDER_PREFIX)
    assert sql.is_placeholder(name)
