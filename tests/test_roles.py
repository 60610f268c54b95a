"""Which role a file plays: tests and migrations are told apart from application code."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

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
