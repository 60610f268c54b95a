"""Reading the file system without blocking, hanging or crashing on odd entries: FIFOs,
devices, symlink loops and unreadable paths are errors to report, never a wait."""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Opening a FIFO without O_NONBLOCK waits for a writer; with it, the open returns at once
# and the fstat below refuses the FIFO before anything is read.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class NotRegularFile(OSError):
    """The path exists but is not a regular file: reading it could block or never end."""


def kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: Path | str) -> bytes:
    """The bytes of a regular file. Raises OSError (`NotRegularFile` for a FIFO, a device,
    a socket or a folder) instead of blocking."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"not a regular file ({kind_of(mode)})")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read()
    finally:
        os.close(descriptor)


def resolved(path: Path) -> Path:
    """`path.resolve()`, or its absolute form when it cannot be resolved (a symlink loop
    raises RuntimeError on Python < 3.13, OSError on later versions)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def describe_os_error(error: OSError) -> str:
    """A short reason for an OSError, without the path the caller already shows."""
    return error.strerror or str(error)
