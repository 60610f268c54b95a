"""Which role a file plays: tests and migrations are told apart from application code."""

from __future__ import annotations

import textwrap
from pathlib import PurePosixPath

import pytest
from support import run_perflint, write_files

from perflint.registry import all_rules
from perflint.roles import APP, MIGRATION, TEST, file_role

DJANGO_MIGRATION = b"from django.db import migrations\n\nclass Migration(migrations.Migration):\n"
ALEMBIC_MIGRATION = b'revision = "ab12"\ndown_revision = None\n\ndef upgrade():\n    pass\n'


@pytest.mark.parametrize(
    ("path", "data", "role"),
    [
        ("app/views.py", b"", APP),
        ("tests/test_views.py", b"", TEST),
        ("app/tests/factories.py", b"", TEST),
        ("app/test_views.py", b"", TEST),
        ("app/views_test.py", b"", TEST),
        ("conftest.py", b"", TEST),
        ("app/tests.py", b"", TEST),
        ("shop/migrations/0002_backfill.py", DJANGO_MIGRATION, MIGRATION),
        ("db/migrations/versions/0003_add_column.py", ALEMBIC_MIGRATION, MIGRATION),
        ("alembic/versions/0004.py", ALEMBIC_MIGRATION, MIGRATION),
        # near-misses
        ("shop/migrations/__init__.py", b"", APP),
        ("shop/migrations/helpers.py", b"def copy_rows(): pass\n", APP),
        ("app/latest_results.py", b"", APP),
        ("app/contest.py", b"", APP),
        ("versions.py", ALEMBIC_MIGRATION, APP),
    ],
)
def test_file_role(path, data, role):
    assert file_role(PurePosixPath(path), data) == role


# ----- end to end: which rules apply where, and preview mode -----------------------------
PER_ROW_WRITE = textwrap.dedent("""\
    import sqlite3

    def load(rows):
        conn = sqlite3.connect("app.db")
        for row in rows:
            conn.execute("INSERT INTO items (sku) VALUES (?)", (row,))
    """)
BLOCKING = textwrap.dedent("""\
    import time

    async def poll():
        time.sleep(1)
    """)
MIGRATION = textwrap.dedent("""\
    from django.db import migrations

    def backfill(apps, schema_editor):
        for row in apps.get_model("shop", "Item").objects.all():
            row.save()

    class Migration(migrations.Migration):
        operations = [migrations.RunPython(backfill)]
    """)


def _codes_by_file(result) -> set[tuple[str, str]]:
    return {
        (line.split(":")[0], line.split(": ")[1].split()[0]) for line in result.stdout.splitlines()
    }


def test_tests_and_migrations_get_only_the_rules_that_apply_there(tmp_path):
    write_files(
        tmp_path,
        {
            # PFL102 and PFL301 are preview rules.
            "pyproject.toml": "[tool.perflint]\npreview = true\n",
            "app/load.py": PER_ROW_WRITE,
            "tests/test_load.py": PER_ROW_WRITE + BLOCKING,
            "shop/migrations/0002_backfill.py": MIGRATION,
        },
    )
    found = _codes_by_file(run_perflint(tmp_path, "."))
    assert ("app/load.py", "PFL102") in found
    assert ("tests/test_load.py", "PFL301") in found  # a blocking call in an async test
    assert not any(path == "tests/test_load.py" and code == "PFL102" for path, code in found)
    assert not any(path.startswith("shop/migrations") for path, _ in found)


def test_the_roles_table_widens_what_applies_to_tests(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": (
                '[tool.perflint]\npreview = true\n[tool.perflint.roles]\ntest = ["PFL1"]\n'
            ),
            "tests/test_load.py": PER_ROW_WRITE + BLOCKING,
        },
    )
    found = _codes_by_file(run_perflint(tmp_path, "."))
    assert found == {("tests/test_load.py", "PFL102")}  # PFL1 only: PFL301 is not listed


def test_an_unknown_role_is_a_config_error(tmp_path):
    write_files(tmp_path, {"pyproject.toml": '[tool.perflint.roles]\nspecs = ["PFL1"]\n'})
    result = run_perflint(tmp_path, ".")
    assert result.returncode == 2
    assert "unknown role `specs`" in result.stderr


PREVIEW = sorted(code for code, rule in all_rules().items() if rule.preview)


def test_preview_rules_run_only_in_preview_mode(tmp_path):
    assert PREVIEW, "no rule is in preview: this test needs one"
    examples = textwrap.dedent(all_rules()[PREVIEW[0]].INVALID[0])
    write_files(tmp_path, {"pyproject.toml": "[tool.perflint]\n", "app/x.py": examples})
    assert PREVIEW[0] not in run_perflint(tmp_path, ".").stdout
    assert PREVIEW[0] in run_perflint(tmp_path, "--preview", ".").stdout
    write_files(tmp_path, {"pyproject.toml": "[tool.perflint]\npreview = true\n"})
    assert PREVIEW[0] in run_perflint(tmp_path, ".").stdout


def test_the_rule_list_marks_preview_rules_and_where_rules_apply(tmp_path):
    listed = {
        line.split()[0]: line for line in run_perflint(tmp_path, "--list-rules").stdout.splitlines()
    }
    for code in PREVIEW:
        assert "[preview: " in listed[code]
    assert " app+tests " in listed["PFL301"] and " app " in listed["PFL102"]


def test_a_preview_variant_is_reported_only_in_preview_mode(tmp_path):
    source = "import os\n\nasync def ready(path):\n    return os.path.exists(path)\n"
    write_files(tmp_path, {"pyproject.toml": "[tool.perflint]\n", "app/x.py": source})
    assert "PFL301" not in run_perflint(tmp_path, ".").stdout
    assert "PFL301" in run_perflint(tmp_path, "--preview", ".").stdout


def test_a_preview_rule_named_by_its_code_runs_without_preview_mode(tmp_path):
    code = PREVIEW[0]
    examples = textwrap.dedent(all_rules()[code].INVALID[0])
    write_files(tmp_path, {"pyproject.toml": "[tool.perflint]\n", "app/x.py": examples})
    assert code in run_perflint(tmp_path, "--select", code, ".").stdout
    assert code not in run_perflint(tmp_path, "--select", code[:4], ".").stdout  # a prefix
