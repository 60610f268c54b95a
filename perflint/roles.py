"""What part a file plays in its project: application code, a test or a migration.

Rules declare the roles where their anti-pattern hurts (`Rule.applies_to`): a per-row write
in a test's fixed set-up table or a full-table UPDATE in a data migration is not a finding,
while a blocking call in an async test still stalls that test's event loop. The
configuration can widen or narrow a role's rules (``[tool.perflint.roles]``).
"""

from __future__ import annotations

from pathlib import PurePath

APP = "app"
TEST = "test"
MIGRATION = "migration"
ROLES = (APP, TEST, MIGRATION)

_TEST_FOLDERS = frozenset({"tests", "test", "testing"})
_TEST_FILES = frozenset({"conftest.py", "tests.py", "test.py"})
# Django keeps migrations in a "migrations" package; Alembic in "versions" (or "migrations").
_MIGRATION_FOLDERS = frozenset({"migrations", "versions", "alembic"})
_DJANGO_MIGRATION = b"class Migration("
_ALEMBIC_MIGRATION = (b"revision", b"def upgrade(")


def file_role(path: PurePath, data: bytes) -> str:
    """The role of the file whose bytes are `data`; `path` is relative to the project root
    (the folders above the project say nothing about it)."""
    folders = {part.lower() for part in path.parts[:-1]}
    name = path.name.lower()
    if folders & _MIGRATION_FOLDERS and _is_migration(data):
        return MIGRATION
    if folders & _TEST_FOLDERS or name in _TEST_FILES:
        return TEST
    if name.startswith("test_") or name.endswith("_test.py"):
        return TEST
    return APP


def _is_migration(data: bytes) -> bool:
    return _DJANGO_MIGRATION in data or all(word in data for word in _ALEMBIC_MIGRATION)
