"""The code stays as CONTRIBUTING.md asks: ruff clean (with its complexity gate: no function
above 15) and ruff formatted. CI runs this with the rest of the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT

RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([RUFF, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_ruff_check_passes_with_the_complexity_gate():
    result = _ruff("check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_ruff_formatted():
    result = _ruff("format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr
