"""Real pre-commit runs of this repository's hook in temporary git repositories.

The hook is installed from this checkout's HEAD (the committed state, as a user's
pre-commit would fetch it) into one pre-commit home for the whole session: installing it
is the slow part.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))

pytestmark = pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is a test dependency: pip install -e '.[test]'"
)

SLOW = (
    'def render(rows):\n    html = b""\n    for row in rows:\n        html += bytes(row)\n'
    "    return html\n"
)
HOOK = {"repos": [{"repo": str(ROOT), "rev": "HEAD", "hooks": [{"id": "perflint"}]}]}


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit home, so one hook environment, for the whole test session."""
    return tmp_path_factory.getbasetemp() / "pre-commit-home"


@pytest.fixture
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_home(tmp_path_factory)


def make_repo(root: Path, files: dict[str, str], config: dict | None = None) -> Path:
    root.mkdir()
    git("init", "-q", cwd=root)
    files = {".pre-commit-config.yaml": yaml.safe_dump(config or HOOK), **files}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git("add", ".", cwd=root)
    return root


def run_hooks(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "GIT_CONFIG_GLOBAL": "/dev/null"}
    which = ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        [PRE_COMMIT, "run", *which],
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
    failing = run_hooks(repo, pre_commit_home, "slow.py", "clean.py", "notes.txt")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "slow.py:4:9: PFL501" in failing.stdout
    assert "notes.txt" not in failing.stdout.split("perflint")[-1]
    passing = run_hooks(repo, pre_commit_home, "clean.py")
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
    result = run_hooks(repo, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "api/views.py:4:9: PFL501" in result.stdout
    assert "generated/" not in result.stdout and "_pb2" not in result.stdout
    excluded_only = run_hooks(repo, pre_commit_home, "generated/client.py")
    assert excluded_only.returncode == 0, excluded_only.stdout + excluded_only.stderr
