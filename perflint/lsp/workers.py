"""Lint in child processes, so that one slow or broken file never blocks the server.

The children are spawned, not forked (the server runs threads), and are kept between
calls. A call that takes longer than the time limit ends its child, and so does one that
crashes it; a fresh child takes the next call. Children never write to stdout, which
carries the protocol.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

# How long a new child may take to start (import perflint) before its first call.
STARTUP_SECONDS = 120.0
_READY = "ready"


@dataclass(frozen=True)
class Failure:
    reason: str


def _serve(conn: Connection, function: Callable[[Any], Any]) -> None:
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    conn.send(_READY)  # imported: from now on the time limit applies
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        try:
            conn.send(function(request))
        except Exception as error:  # a perflint bug: shown on the file, logged in full
            traceback.print_exc()
            conn.send(Failure(f"perflint failed on this file: {error!r}"))


class _Child:
    def __init__(self, function: Callable[[Any], Any]) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end, function), daemon=True)
        self.process.start()
        child_end.close()
        self.started = False

    def call(self, request: object, timeout: float) -> tuple[object, bool]:
        """(the result or a `Failure`, whether this child can take another call)."""
        try:
            if not self.started:
                if not self.conn.poll(STARTUP_SECONDS) or self.conn.recv() != _READY:
                    return Failure("the analysis process did not start"), False
                self.started = True
            self.conn.send(request)
            if not self.conn.poll(timeout):
                return Failure(f"analysis took longer than {timeout:g} s and was stopped"), False
            return self.conn.recv(), True
        except (EOFError, OSError):
            return Failure("the analysis process crashed on this file"), False

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """``function(request)`` in one of `size` child processes, within `timeout` seconds;
    a `Failure` when the time runs out or the child dies."""

    def __init__(self, function: Callable[[Any], Any], size: int, timeout: float) -> None:
        self.function = function
        self.timeout = timeout
        self.idle: queue.Queue[_Child | None] = queue.Queue()
        for _ in range(size):
            self.idle.put(None)  # started on first use

    def call(self, request: object) -> object:
        child = self.idle.get()
        try:
            child = child or _Child(self.function)
            result, healthy = child.call(request, self.timeout)
            if not healthy:
                child.stop()
                child = None
            return result
        finally:
            self.idle.put(child)

    def close(self) -> None:
        while not self.idle.empty():
            child = self.idle.get_nowait()
            if child is not None:
                child.stop()
