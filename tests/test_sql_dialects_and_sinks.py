"""SQL configuration end to end, through the real CLI: the dialect keys, knowledge
extension with new sinks, and sqlglot staying unimported for files without SQL."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from support import run_perflint, write_files

MYSQL_QUERY = textwrap.dedent(
    """
    from sqlalchemy import text

    def load(conn, key):
        return conn.execute(text("SELECT `v` FROM kv WHERE `k` = :k"), {"k": key}).all()
    """
)


def _project(tmp_path: Path, config: str, files: dict[str, str]) -> Path:
    write_files(tmp_path, {"pyproject.toml": f"[tool.perflint]\n{config}\n", **files})
    return tmp_path


def test_unknown_dialect_is_a_config_error_naming_the_key(tmp_path):
    folder = _project(tmp_path, 'sql-dialect = "postgresqlx"', {"a.py": "x = 1\n"})
    result = run_perflint(folder, ".")
    assert result.returncode == 2
    assert "sql-dialect" in result.stderr and "postgresqlx" in result.stderr


def test_unknown_per_file_dialect_is_a_config_error(tmp_path):
    config = '[tool.perflint.per-file-sql-dialect]\n"legacy/*.py" = "sqlserver"'
    folder = _project(tmp_path, config, {"a.py": "x = 1\n"})
    result = run_perflint(folder, ".")
    assert result.returncode == 2
    assert "per-file-sql-dialect.legacy/*.py" in result.stderr


def test_dialect_decides_what_parses(tmp_path):
    folder = _project(tmp_path, 'sql-dialect = "postgres"', {"store.py": MYSQL_QUERY})
    result = run_perflint(folder, "--select", "PFL290", ".")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "PFL290" in result.stdout

    (folder / "pyproject.toml").write_text(
        '[tool.perflint]\nsql-dialect = "sqlite"\n', encoding="utf-8"
    )
    assert run_perflint(folder, "--select", "PFL290", ".").returncode == 0


def test_per_file_dialect_overrides_the_default(tmp_path):
    config = (
        'sql-dialect = "postgres"\n[tool.perflint.per-file-sql-dialect]\n"local/*.py" = "mysql"'
    )
    folder = _project(
        tmp_path, config, {"local/store.py": MYSQL_QUERY, "remote/store.py": MYSQL_QUERY}
    )
    result = run_perflint(folder, "--select", "PFL290", ".")
    assert result.returncode == 1
    assert "remote/store.py" in result.stdout
    assert "local/store.py" not in result.stdout


def test_knowledge_extension_adds_a_sink(tmp_path):
    code = textwrap.dedent(
        """
        from myapp.db import run_query

        def expire():
            run_query("DELETE FROM sessions")
        """
    )
    folder = _project(tmp_path, "", {"jobs.py": code})
    assert run_perflint(folder, "--select", "PFL203", ".").returncode == 0
    (folder / "pyproject.toml").write_text(
        '[tool.perflint.knowledge]\n"sql.sink" = ["myapp.db.run_query"]\n', encoding="utf-8"
    )
    result = run_perflint(folder, "--select", "PFL203", ".")
    assert result.returncode == 1
    assert "jobs.py:5:16: PFL203" in result.stdout


def test_sqlglot_is_imported_only_for_files_with_sql(tmp_path):
    probe = textwrap.dedent(
        """
        import sys
        from perflint.engine import lint_source
        from perflint.knowledge import default_knowledge
        from perflint.registry import all_rules

        rules = list(all_rules().values())
        source = b"def f(cur, rows):\\n    cur.execute(rows)\\n    print('Select the rows')\\n"
        lint_source("a.py", source, rules, default_knowledge())
        print("sqlglot" in sys.modules)
        lint_source("b.py", b"def f(cur):\\n    cur.execute('SELECT * FROM t')\\n",
                    rules, default_knowledge())
        print("sqlglot" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]
