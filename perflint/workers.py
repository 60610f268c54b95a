"""Lint files in forked worker processes: in parallel, and isolated from crashes.

LibCST's native parser can overflow its stack (a segfault, not an exception) or take
super-linear time on some generated files (deep nesting, very long literals). A worker
that dies or overruns the per-file time limit costs that one file a PFL001 finding; the
other files are still linted.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

_POLL_SECONDS = 0.5


def forking_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _serve(conn: Connection, work: Callable) -> None:
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

    def start() -> _Worker:
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child, work), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    workers = [start() for _ in range(max(1, min(jobs, len(tasks))))]
    try:
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
                workers[i] = start()
    finally:
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(timeout=1)
            worker.stop()
    return results  # type: ignore[return-value]


def _crash_reason(worker: _Worker) -> str:
    worker.process.join(timeout=1)
    code = worker.process.exitcode
    signal_note = f" (signal {-code})" if code is not None and code < 0 else ""
    return f"the parser crashed on this file{signal_note}; LibCST cannot analyse it"
