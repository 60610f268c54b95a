"""PFL508 and PFL504 read what a memoizer or a regex compiler is from the knowledge base,
so a project can declare its own through ``[tool.perflint.knowledge]``."""

from __future__ import annotations

import subprocess
import textwrap

from support import run_perflint, write_files

SOURCE = textwrap.dedent(
    """\
    from cachetools import cached
    from regexlib import build


    class Rates:
        @cached
        def rate(self, currency):
            return currency


    def words(docs):
        return [build(r"\\w+").findall(d) for d in docs]
    """
)


def _run(tmp_path, config: str) -> subprocess.CompletedProcess:
    write_files(tmp_path, {"pyproject.toml": config, "app.py": SOURCE})
    return run_perflint(tmp_path, "--select", "PFL504,PFL508", "app.py")


def test_unknown_decorators_are_not_flagged(tmp_path):
    result = _run(tmp_path, "[tool.perflint]\n")
    assert result.returncode == 0, result.stdout + result.stderr


def test_declared_memoizer_and_regex_compiler_are_flagged(tmp_path):
    config = textwrap.dedent(
        """\
        [tool.perflint.knowledge]
        "py.memoize" = ["cachetools.cached"]
        "py.regex.compile" = ["regexlib.build"]
        """
    )
    result = _run(tmp_path, config)
    assert result.returncode == 1, result.stderr
    assert "app.py:6:5: PFL508 `@cached` on the method `rate`" in result.stdout
    assert "app.py:12:13: PFL504 `build(...)` looks a constant pattern up" in result.stdout
