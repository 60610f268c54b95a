"""Hostile input for configuration and ``# noqa``: odd line ends, noqa look-alikes in
strings, malformed config shapes and option values. Each case was a defect (issue 14)."""

from __future__ import annotations

import json
import os
from urllib.parse import unquote_to_bytes, urlsplit

import jsonschema
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


@pytest.mark.parametrize("tool", ["5", '"x"', "[]", "{ perflint = 3 }"])
def test_a_tool_key_of_the_wrong_shape_is_a_config_error(tmp_path, tool):
    write_files(tmp_path, {"pyproject.toml": f"tool = {tool}\n", "m.py": "x = 1\n"})
    result = run_perflint(tmp_path, "m.py")
    assert result.returncode == 2
    [message] = result.stderr.splitlines()
    assert "pyproject.toml" in message and "must be a table" in message, message


def test_an_explicit_config_in_perflint_toml_style_is_read(tmp_path):
    write_files(
        tmp_path,
        {
            "ci.toml": 'ignore = ["PFL501"]\n',
            "typo.toml": 'ignroe = ["PFL501"]\n',
            "other/pyproject.toml": '[project]\nname = "x"\n',
            "m.py": SLOW.format(comment=""),
        },
    )
    assert run_perflint(tmp_path, "m.py").returncode == 1
    assert run_perflint(tmp_path, "--config", "ci.toml", "m.py").returncode == 0
    typo = run_perflint(tmp_path, "--config", "typo.toml", "m.py")
    assert typo.returncode == 2 and "typo.toml: unknown key `ignroe`" in typo.stderr
    bare = run_perflint(tmp_path, "--config", "other/pyproject.toml", "m.py")
    assert bare.returncode == 2 and "no [tool.perflint] table" in bare.stderr


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--select", ""], "--select: no rule code given"),
        (["--select", " , "], "--select: no rule code given"),
        (["--ignore", ""], "--ignore: no rule code given"),
        (["--select", "PFL5", "--ignore", "PFL5"], "the selection enables no rule"),
        (["--file-timeout", "nan"], "--file-timeout"),
    ],
)
def test_option_values_that_would_lint_nothing_or_forever_are_errors(tmp_path, args, named):
    write_files(tmp_path, {"m.py": SLOW.format(comment="")})
    result = run_perflint(tmp_path, *args, "m.py")
    assert result.returncode == 2, result.stdout
    assert named in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("key", ["exclude", "extend-exclude"])
@pytest.mark.parametrize("pattern", ["!", "\\\\", "generated\\\\"])
def test_patterns_git_tolerates_but_pathspec_refuses_are_config_errors(tmp_path, key, pattern):
    write_files(
        tmp_path,
        {"pyproject.toml": f'[tool.perflint]\n{key} = ["{pattern}"]\n', "m.py": "x = 1\n"},
    )
    result = run_perflint(tmp_path, ".")
    assert result.returncode == 2
    [message] = result.stderr.splitlines()
    value = pattern.replace("\\\\", "\\")
    assert "pyproject.toml" in message and f"`{key}`" in message and repr(value) in message


def test_sarif_uris_of_odd_file_names_resolve_back_to_the_files(tmp_path):
    (tmp_path / ".git").mkdir()
    names = [b"caf\xe9 latin-1.py", "50% #1 ?x:y é.py".encode()]
    for name in names:
        (tmp_path / os.fsdecode(name)).write_text(SLOW.format(comment=""), encoding="utf-8")
    result = run_perflint(tmp_path, "--format", "sarif", ".")
    run = json.loads(result.stdout)["runs"][0]
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    found = []
    for entry in run["results"]:
        uri = entry["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert checker.conforms(uri, "uri-reference") and urlsplit(uri).scheme == "", uri
        found.append(unquote_to_bytes(uri))
    assert sorted(found) == sorted(names)
