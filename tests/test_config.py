"""Configuration that behaves like ruff's, through the `perflint` command: one glob
grammar for every pattern, the nearest config per file, command-line selection layered
over the file's."""

from __future__ import annotations

from support import run_perflint, write_files

SLOW = 's = ""\nfor x in xs:\n    s += x\n'
MYSQL_QUERY = (
    "from sqlalchemy import text\n\n"
    "def load(conn, key):\n"
    '    return conn.execute(text("SELECT `v` FROM kv WHERE `k` = :k"), {"k": key}).all()\n'
)


def flagged(result) -> list[str]:
    return [line.split(":")[0] for line in result.stdout.splitlines()]


def test_per_file_globs_follow_the_exclude_grammar(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": """\
                [tool.perflint]
                per-file-ignores = { "tests/**/*.py" = ["PFL5"], "**/scripts/*.py" = ["PFL5"] }
                sql-dialect = "postgres"

                [tool.perflint.per-file-sql-dialect]
                "legacy/**/*.py" = "mysql"
            """,
            "tests/test_a.py": SLOW,
            "tests/unit/test_b.py": SLOW,
            "scripts/once.py": SLOW,
            "tools/scripts/twice.py": SLOW,
            "app/views.py": SLOW,
            "legacy/store.py": MYSQL_QUERY,
            "legacy/deep/store.py": MYSQL_QUERY,
            "modern/store.py": MYSQL_QUERY,
        },
    )
    result = run_perflint(tmp_path, "--extend-select", "PFL290", ".")
    assert flagged(result) == ["app/views.py", "modern/store.py"]


def test_each_file_gets_its_nearest_config_whatever_else_is_linted(tmp_path):
    write_files(
        tmp_path,
        {
            "services/api/pyproject.toml": '[tool.perflint]\nignore = ["PFL501"]\n',
            "services/api/app.py": SLOW,
            "services/worker/job.py": SLOW,
        },
    )
    alone = run_perflint(tmp_path, "services/api/app.py")
    together = run_perflint(tmp_path, "services/api/app.py", "services/worker/job.py")
    walked = run_perflint(tmp_path, "services")
    assert alone.stdout == ""
    assert flagged(together) == flagged(walked) == ["services/worker/job.py"]


def test_a_nested_config_excludes_its_own_folders_when_walked(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": '[tool.perflint]\nextend-exclude = ["generated/"]\n',
            "generated/a.py": SLOW,
            "pkg/pyproject.toml": '[tool.perflint]\nextend-exclude = ["/vendored"]\n',
            "pkg/vendored/b.py": SLOW,
            "pkg/generated/c.py": SLOW,
            "pkg/src/vendored/d.py": SLOW,
        },
    )
    assert flagged(run_perflint(tmp_path, ".")) == ["pkg/generated/c.py", "pkg/src/vendored/d.py"]


def test_ignore_adds_to_the_config_and_select_starts_afresh(tmp_path):
    grown = (
        "def f(rows):\n    out = []\n    for r in rows:\n        out = out + [r]\n    return out\n"
    )
    write_files(
        tmp_path,
        {
            "pyproject.toml": '[tool.perflint]\nignore = ["PFL505"]\n',
            "a.py": SLOW,
            "b.py": grown,
        },
    )
    assert flagged(run_perflint(tmp_path, ".")) == ["a.py"]
    assert flagged(run_perflint(tmp_path, "--ignore", "PFL501", ".")) == []
    assert flagged(run_perflint(tmp_path, "--extend-ignore", "PFL501", ".")) == []
    assert flagged(run_perflint(tmp_path, "--extend-select", "PFL505", ".")) == ["a.py", "b.py"]
    assert flagged(run_perflint(tmp_path, "--select", "PFL5", ".")) == ["a.py", "b.py"]


def test_select_all_enables_every_rule_including_those_off_by_default(tmp_path):
    write_files(
        tmp_path,
        {"pyproject.toml": '[tool.perflint]\nselect = ["ALL"]\n', "a.py": "x = 1  # noqa: PFL5\n"},
    )
    assert "PFL002" in run_perflint(tmp_path, ".").stdout
    assert "PFL002" in run_perflint(tmp_path, "--select", "ALL", "--no-cache", "a.py").stdout
    assert run_perflint(tmp_path, "--select", "all", "--ignore", "PFL002", ".").returncode == 0


def test_force_exclude_applies_excludes_to_named_files(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": '[tool.perflint]\nextend-exclude = ["migrations/"]\n',
            "app/migrations/0001.py": SLOW,
            "app/views.py": SLOW,
        },
    )
    named = ("app/migrations/0001.py", "app/views.py")
    assert flagged(run_perflint(tmp_path, *named)) == list(named)
    assert flagged(run_perflint(tmp_path, "--force-exclude", *named)) == ["app/views.py"]
    with (tmp_path / "pyproject.toml").open("a") as config:
        config.write("force-exclude = true\n")
    assert flagged(run_perflint(tmp_path, *named)) == ["app/views.py"]
