"""Signals: workers die with the main process however it dies; Ctrl-C is one line, exit
130, fast, even while workers are busy."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from support import PERFLINT

from hostile.helpers import alive, children

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs /proc")

# LibCST takes many seconds on a long operator chain: workers stay busy on these.
BUSY = "x = " + "1 + " * 6000 + "1\n"


def _start_busy(tmp_path) -> tuple[subprocess.Popen, list[int]]:
    for name in ("a.py", "b.py", "c.py", "d.py", "e.py", "f.py", "g.py", "h.py"):
        (tmp_path / name).write_text(BUSY)
    process = subprocess.Popen(
        [PERFLINT, "--no-cache", "--jobs", "2", "--file-timeout", "120", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while len(children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children(process.pid)
    assert len(workers) == 2, "the workers did not start"
    time.sleep(0.5)  # busy parsing by now
    return process, workers


def _gone(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(alive(pid) for pid in pids)


@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGTERM])
def test_workers_exit_when_the_main_process_is_killed(tmp_path, sent):
    process, workers = _start_busy(tmp_path)
    try:
        process.send_signal(sent)
        process.wait(timeout=10)
        assert _gone(workers, 5), "workers outlived the main process"
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_ctrl_c_is_one_line_exit_130_and_fast(tmp_path):
    process, workers = _start_busy(tmp_path)
    try:
        started = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole group
        stdout, stderr = process.communicate(timeout=10)
        elapsed = time.monotonic() - started
        assert process.returncode == 130
        assert stderr == "perflint: interrupted\n"
        assert elapsed < 2, f"took {elapsed:.1f} s to stop"  # about a second, on a busy CI
        assert _gone(workers, 2)
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
