"""Worker processes sized to the CPUs really available and to the work: no pool for a
handful of files, no N x N explosion when pre-commit runs several perflint at once."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import yaml
from support import PERFLINT, ROOT

from hostile.helpers import children
from hostile.test_signals import BUSY
from perflint import workers
from perflint.workers import cgroup_cpu_quota, worker_count


def _cgroup(tmp_path: Path, membership: str, files: dict[str, str]) -> int | None:
    for name, text in files.items():
        path = tmp_path / "fs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "cgroup").write_text(membership)
    return cgroup_cpu_quota(tmp_path / "fs", tmp_path / "cgroup")


@pytest.mark.parametrize(
    ("membership", "files", "cpus"),
    [
        ("0::/ci/job\n", {"ci/job/cpu.max": "150000 100000\n"}, 2),
        ("0::/ci/job\n", {"ci/job/cpu.max": "max 100000\n", "ci/cpu.max": "100000 100000"}, 1),
        ("0::/\n", {"cpu.max": "max 100000\n"}, None),
        ("garbage\n0::/\n", {"cpu.max": "200000 100000\n"}, 2),
        (
            "4:cpu,cpuacct:/docker/abc\n",
            {
                "cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "300000\n",
                "cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n",
            },
            3,
        ),
        ("1:cpu:/\n", {"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ],
    ids=["v2", "v2-parent", "v2-none", "v2-odd-line", "v1", "v1-none"],
)
def test_cgroup_cpu_quota(tmp_path, membership, files, cpus):
    assert _cgroup(tmp_path, membership, files) == cpus


def test_workers_follow_the_quota_not_the_core_count(monkeypatch):
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3, 4, 5, 6, 7})
    monkeypatch.setattr(workers, "cgroup_cpu_quota", lambda root, membership: 2)
    assert workers.available_cpus() == 2
    assert worker_count(1000, 0) == 2
    assert worker_count(1000, 5) == 5  # -j wins


def test_a_handful_of_files_gets_one_worker(monkeypatch):
    monkeypatch.setattr(workers, "available_cpus", lambda: 16)
    assert worker_count(1, 0) == 1
    assert worker_count(workers.FILES_PER_WORKER, 0) == 1
    assert worker_count(workers.FILES_PER_WORKER * 3, 0) == 3


def test_three_files_are_linted_by_one_worker_process(tmp_path):
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text(BUSY)
    process = subprocess.Popen(
        [PERFLINT, "--no-cache", "."], cwd=tmp_path, stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while not children(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # a pool would have started its other workers by now
        assert len(children(process.pid)) == 1
    finally:
        process.kill()
        process.wait()


def test_the_pre_commit_hook_runs_one_perflint_at_a_time():
    """pre-commit would otherwise start one perflint per CPU, each with its own workers."""
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["require_serial"] is True
