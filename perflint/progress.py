"""A progress line on stderr for long runs. Only when stderr is a terminal (never in a
pipe, a file or a CI log), only after the first second, redrawn at most ten times a
second, and erased when the run ends, so nothing of it stays in the output."""

from __future__ import annotations

import sys
import time
from typing import TextIO

_DELAY = 1.0  # seconds before a run counts as long
_REDRAW = 0.1


class Progress:
    def __init__(self, total: int, stream: TextIO = sys.stderr, enabled: bool = True) -> None:
        self.total = total
        self.stream = stream
        self.active = enabled and total > 1 and stream.isatty()
        self.started = time.monotonic()
        self.drawn_at: float | None = None

    def update(self, done: int) -> None:
        if not self.active:
            return
        now = time.monotonic()
        if now - self.started < _DELAY:
            return
        if self.drawn_at is not None and now - self.drawn_at < _REDRAW:
            return
        self.stream.write(f"\rperflint: {done}/{self.total} files")
        self.stream.flush()
        self.drawn_at = now

    def close(self) -> None:
        if self.drawn_at is not None:
            self.stream.write("\r\x1b[K")  # back to the line start, erase to its end
            self.stream.flush()
