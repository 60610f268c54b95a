"""Real `pre-commit try-repo` runs of this repository's hook in temporary git repos."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))

pytestmark = pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is a test dependency: pip install -e '.[test]'"
)

SLOW = (
    'def render(rows):\n    html = ""\n    for row in rows:\n        html += str(row)\n'
    "    return html\n"
)


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    """One hook environment for the module: installing it is the slow part."""
    return tmp_path_factory.mktemp("pre-commit-home")


def make_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir()
    git("init", "-q", cwd=root)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git("add", ".", cwd=root)
    return root


def try_repo(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "GIT_CONFIG_GLOBAL": "/dev/null"}
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), "perflint", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_pre_commit_hook_flags_slow_code_and_passes_clean_code(tmp_path, pre_commit_home):
    repo = make_repo(
        tmp_path / "repo",
        {
            "slow.py": SLOW,
            "clean.py": "def f(xs):\n    return sum(xs)\n",
            "notes.txt": "html += not python\n",
        },
    )
    failing = try_repo(repo, pre_commit_home, "slow.py", "clean.py", "notes.txt")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "slow.py:4:9: PFL501" in failing.stdout
    assert "notes.txt" not in failing.stdout.split("perflint")[-1]
    passing = try_repo(repo, pre_commit_home, "clean.py")
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_pre_commit_hook_honours_the_config_excludes(tmp_path, pre_commit_home):
    repo = make_repo(
        tmp_path / "repo",
        {
            "pyproject.toml": '[tool.perflint]\nextend-exclude = ["generated/", "*_pb2.py"]\n',
            "generated/client.py": SLOW,
            "api/service_pb2.py": SLOW,
            "api/views.py": SLOW,
        },
    )
    result = try_repo(
        repo, pre_commit_home, "generated/client.py", "api/service_pb2.py", "api/views.py"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "api/views.py:4:9: PFL501" in result.stdout
    assert "generated/" not in result.stdout and "_pb2" not in result.stdout
    excluded_only = try_repo(repo, pre_commit_home, "generated/client.py")
    assert excluded_only.returncode == 0, excluded_only.stdout + excluded_only.stderr
