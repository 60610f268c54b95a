"""Running perflint as a hostile environment would: raw bytes, odd environments, patched
system calls, process groups."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from support import PERFLINT
from test_cli import SLOW

__all__ = ["SLOW", "alive", "children", "run", "run_denying", "run_shell"]

# perflint's entry point with system calls failing for chosen paths, so unreadable files
# and folders can be tested as root (root reads everything a chmod forbids).
_DENYING_ENTRY = textwrap.dedent(
    """
    import os, sys
    real_open, real_scandir = os.open, os.scandir

    def _check(path):
        if os.path.basename(os.fsdecode(os.fspath(path))).startswith("unreadable"):
            raise PermissionError(13, "Permission denied", os.fspath(path))

    def guarded_open(path, *args, **kwargs):
        _check(path)
        return real_open(path, *args, **kwargs)

    def guarded_scandir(path="."):
        _check(path)
        return real_scandir(path)

    os.open, os.scandir = guarded_open, guarded_scandir
    from perflint.cli import main
    main()
    """
)


def run(cwd: Path, *args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """`perflint args...` with bytes output, so what it prints is checked byte for byte."""
    kwargs.setdefault("timeout", 120)
    return subprocess.run(
        [PERFLINT, *args], cwd=cwd, capture_output=True, env={**os.environ, **(env or {})}, **kwargs
    )


def run_denying(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """perflint where opening or listing any path named ``unreadable*`` is refused."""
    return subprocess.run(
        [sys.executable, "-c", _DENYING_ENTRY, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_shell(cwd: Path, command: str) -> subprocess.CompletedProcess:
    """A shell command line where `perflint` is the installed entry point."""
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PERFLINT": PERFLINT},
    )


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped has finished)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]
