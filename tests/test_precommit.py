"""A real `pre-commit try-repo` run of this repository's hook in a temporary git repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is a test dependency: pip install -e '.[test]'"
)
def test_pre_commit_hook_flags_slow_code_and_passes_clean_code(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "slow.py").write_text(
        'def render(rows):\n    html = b""\n    for row in rows:\n        html += bytes(row)\n'
        "    return html\n",
        encoding="utf-8",
    )
    (repo / "clean.py").write_text("def f(xs):\n    return sum(xs)\n", encoding="utf-8")
    (repo / "notes.txt").write_text("html += not python\n", encoding="utf-8")
    git("add", ".", cwd=repo)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_CONFIG_GLOBAL": "/dev/null",
    }

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PRE_COMMIT, "try-repo", str(ROOT), "perflint", "--files", *files],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    failing = try_repo("slow.py", "clean.py", "notes.txt")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "slow.py:4:9: PFL501" in failing.stdout
    assert "notes.txt" not in failing.stdout.split("perflint")[-1]
    passing = try_repo("clean.py")
    assert passing.returncode == 0, passing.stdout + passing.stderr
