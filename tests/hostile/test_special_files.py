"""FIFOs, devices and unreadable paths: nothing blocks, nothing is skipped silently, the
other files are linted."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
from support import PERFLINT, write_files

from hostile.helpers import SLOW, run, run_denying


def test_a_fifo_named_models_py_does_not_block_the_run(tmp_path):
    write_files(tmp_path, {"app/views.py": SLOW})
    os.mkfifo(tmp_path / "app" / "models.py")
    result = run(tmp_path, "--quiet", ".", timeout=30)
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        line for line in result.stdout.decode().splitlines() if line.startswith("app/views.py")
    ]
    assert result.stderr.decode() == (
        "perflint: warning: app/models.py: skipped, not a regular file (a FIFO)\n"
    )


def test_a_fifo_named_on_the_command_line_is_pfl001(tmp_path):
    write_files(tmp_path, {"views.py": SLOW})
    os.mkfifo(tmp_path / "models.py")
    result = run(tmp_path, "models.py", "views.py", timeout=30)
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "models.py:1:1: PFL001 cannot read file: not a regular file (a FIFO)"
    assert lines[1].startswith("views.py:4:9: PFL501")


def test_a_device_named_on_the_command_line_is_pfl001(tmp_path):
    write_files(tmp_path, {"views.py": SLOW})
    result = run(tmp_path, "/dev/zero", "views.py", timeout=30)
    assert result.returncode == 1
    assert result.stdout.decode().splitlines()[0] == (
        "/dev/zero:1:1: PFL001 cannot read file: not a regular file (a character device)"
    )


def test_an_unreadable_file_named_on_the_command_line_is_pfl001(tmp_path):
    write_files(tmp_path, {"unreadable.py": SLOW, "views.py": SLOW})
    result = run_denying(tmp_path, "unreadable.py", "views.py")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "unreadable.py:1:1: PFL001 cannot read file: Permission denied"
    assert lines[1].startswith("views.py:4:9: PFL501")


def test_an_unreadable_folder_in_a_walk_is_reported(tmp_path):
    write_files(tmp_path, {"unreadable/secret.py": SLOW, "views.py": SLOW})
    result = run_denying(tmp_path, "--quiet", ".")
    assert result.returncode == 1
    assert result.stdout.startswith("views.py:4:9: PFL501")
    assert result.stderr == (
        "perflint: warning: unreadable: cannot read folder (Permission denied); "
        "its files are skipped\n"
    )


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root to switch to an unprivileged user with setpriv",
)
def test_unreadable_paths_as_an_unprivileged_user():
    """The same as above with real permissions: root ignores them, `nobody` does not."""
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)
        write_files(folder, {"locked/secret.py": SLOW, "private.py": SLOW, "views.py": SLOW})
        (folder / "locked").chmod(0)
        (folder / "private.py").chmod(0)
        as_nobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        common = [*as_nobody, PERFLINT, "--no-cache"]
        named = subprocess.run(
            [*common, "private.py", "views.py"], cwd=folder, capture_output=True, text=True
        )
        assert named.returncode == 1, named.stderr
        assert named.stdout.splitlines()[0] == (
            "private.py:1:1: PFL001 cannot read file: Permission denied"
        )
        walked = subprocess.run([*common, "."], cwd=folder, capture_output=True, text=True)
        assert "locked: cannot read folder (Permission denied)" in walked.stderr
        assert "views.py:4:9: PFL501" in walked.stdout
    finally:
        (folder / "locked").chmod(stat.S_IRWXU)
        shutil.rmtree(folder)


def test_a_path_through_a_file_is_a_missing_path(tmp_path):
    write_files(tmp_path, {"views.py": SLOW})
    result = run(tmp_path, "views.py/inner.py")
    assert result.returncode == 2
    assert result.stderr == b"perflint: error: views.py/inner.py: no such file or folder\n"
