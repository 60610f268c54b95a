"""Lint files in forked worker processes: in parallel, and isolated from crashes.

LibCST's native parser can overflow its stack (a segfault, not an exception) or take
super-linear time on some generated files (deep nesting, very long literals). A worker
that dies or overruns the per-file time limit costs that one file a PFL001 finding; the
other files are still linted. Workers die with the main process (even when it is
killed with SIGKILL) and leave Ctrl-C to it.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

_POLL_SECONDS = 0.5
# A worker pays for itself only with several files to lint; fewer files per worker
# would also multiply processes when pre-commit runs several perflint at once.
FILES_PER_WORKER = 4
_PR_SET_PDEATHSIG = 1


def forking_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def available_cpus(cgroup_root: Path = Path("/sys/fs/cgroup")) -> int:
    """The CPUs this process may really use: its affinity mask, capped by a cgroup CPU
    quota (containers and CI runners often get a share of a bigger machine)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    quota = cgroup_cpu_quota(cgroup_root, Path("/proc/self/cgroup"))
    return max(1, min(cpus, quota) if quota is not None else cpus)


def cgroup_cpu_quota(root: Path, membership: Path) -> int | None:
    """CPUs allowed by the cgroup v2 `cpu.max` or v1 `cpu.cfs_quota_us` of this process
    (or an ancestor cgroup), rounded up; None when there is no quota."""
    limits = [limit for folder in _cgroup_folders(root, membership) if (limit := _quota(folder))]
    return min(limits) if limits else None


def _cgroup_folders(root: Path, membership: Path) -> Iterator[Path]:
    try:
        lines = membership.read_text().splitlines()
    except OSError:
        lines = []
    for line in lines:
        fields = line.split(":", 2)
        if len(fields) != 3:
            continue
        _, controllers, relative = fields
        if controllers == "" or "cpu" in controllers.split(","):
            mounts = [root] if controllers == "" else [root / controllers, root / "cpu"]
            for mount in mounts:
                folder = mount / relative.lstrip("/")
                yield from (folder, *folder.parents[: len(folder.relative_to(mount).parts)])
    yield root
    yield root / "cpu"


def _quota(folder: Path) -> int | None:
    try:
        if (folder / "cpu.max").exists():
            quota, period = (folder / "cpu.max").read_text().split()[:2]
        else:
            quota = (folder / "cpu.cfs_quota_us").read_text().strip()
            period = (folder / "cpu.cfs_period_us").read_text().strip()
        if quota in ("max", "-1") or int(period) <= 0:
            return None
        return max(1, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        return None


def worker_count(files: int, jobs: int) -> int:
    """`jobs` if given; else one worker per available CPU, but no more than the files
    need (FILES_PER_WORKER each)."""
    wanted = jobs or min(available_cpus(), math.ceil(files / FILES_PER_WORKER))
    return max(1, min(wanted, files))


def _die_with_parent(parent: int) -> None:
    """Exit when the main process dies, however it dies: the kernel sends SIGKILL on
    Linux; elsewhere a thread watches for the worker being re-parented."""
    # The C library is already loaded: CDLL(None) finds prctl without searching for it.
    prctl = getattr(ctypes.CDLL(None), "prctl", None) if sys.platform == "linux" else None
    if prctl is None or prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(_POLL_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # died before the watch began
        os._exit(1)


def _serve(conn: Connection, work: Callable, parent: int, inherited: list[Connection]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with_parent(parent)
    for other in inherited:  # other workers' pipe ends: holding them hides their parent's death
        other.close()
    with contextlib.suppress(EOFError, OSError):
        while True:
            task = conn.recv()
            if task is None:
                return
            conn.send(work(task))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    task_index: int | None = None
    started: float = 0.0

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=1)
        self.stop()


def run_isolated(
    tasks: Sequence[Task],
    work: Callable[[Task], Result],
    on_failure: Callable[[Task, str], Result],
    jobs: int,
    timeout: float,
    on_progress: Callable[[int], None] | None = None,
) -> list[Result]:
    """``[work(t) for t in tasks]`` across `jobs` forked workers, in task order.

    A task whose worker crashes or runs longer than `timeout` seconds gets
    ``on_failure(task, reason)`` instead, and a fresh worker takes over.
    ``on_progress(n)`` hears how many tasks are finished, as results come in.
    """
    context = multiprocessing.get_context("fork")
    results: list[Result | None] = [None] * len(tasks)
    pending = deque(range(len(tasks)))

    def start(others: list[_Worker]) -> _Worker:
        parent, child = context.Pipe()
        inherited = [other.conn for other in others]
        process = context.Process(
            target=_serve, args=(child, work, os.getpid(), inherited), daemon=True
        )
        # Blocked across the fork: a Ctrl-C then reaches the worker only once it ignores it.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        child.close()
        return _Worker(process, parent)

    workers: list[_Worker] = []
    try:
        for _ in range(max(1, min(jobs, len(tasks)))):
            workers.append(start(workers))
        while pending or any(w.task_index is not None for w in workers):
            if on_progress is not None:
                busy_count = sum(w.task_index is not None for w in workers)
                on_progress(len(tasks) - len(pending) - busy_count)
            for worker in workers:
                if worker.task_index is None and pending:
                    worker.task_index = pending.popleft()
                    worker.started = time.monotonic()
                    worker.conn.send(tasks[worker.task_index])
            busy = [w for w in workers if w.task_index is not None]
            ready = wait([w.conn for w in busy], timeout=_POLL_SECONDS)
            now = time.monotonic()
            for i, worker in enumerate(workers):
                index = worker.task_index
                if index is None:
                    continue
                if worker.conn in ready:
                    try:
                        results[index] = worker.conn.recv()
                        worker.task_index = None
                        continue
                    except (EOFError, OSError):
                        reason = _crash_reason(worker)
                elif now - worker.started > timeout:
                    reason = f"analysis took longer than {timeout:g} s and was stopped"
                else:
                    continue
                results[index] = on_failure(tasks[index], reason)
                worker.stop()
                workers[i] = start(workers)
    except BaseException:  # Ctrl-C or a bug here: stop at once, busy workers included
        for worker in workers:
            worker.stop()
        raise
    for worker in workers:
        worker.finish()
    return results  # type: ignore[return-value]


def _crash_reason(worker: _Worker) -> str:
    worker.process.join(timeout=1)
    code = worker.process.exitcode
    signal_note = f" (signal {-code})" if code is not None and code < 0 else ""
    return f"the parser crashed on this file{signal_note}; LibCST cannot analyse it"
