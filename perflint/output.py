"""Where the command writes: results to stdout or a file, notes and errors to stderr.

A full disk or a closed stdout is one line on stderr and exit 2; a reader that has gone
(``| head``) ends the run silently; text the terminal's encoding cannot show is escaped.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 128 + 2  # as a shell reports a command stopped by SIGINT


def fail(message: str) -> None:
    click.echo(f"perflint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def warn(message: str) -> None:
    click.echo(f"perflint: warning: {message}", err=True)


def note(message: str, quiet: bool) -> None:
    if not quiet:
        click.echo(f"perflint: {message}", err=True)


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def write(output: str, output_file: str | None) -> None:
    """The results, to stdout or `output_file`."""
    if output_file is None:
        emit(output)
        return
    try:
        # surrogateescape: a file name that is not UTF-8 is written back as its own bytes
        Path(output_file).write_text(output, encoding="utf-8", errors="surrogateescape")
    except OSError as error:
        fail(f"{output_file}: cannot write the output: {error.strerror or error}")


def emit(text: str) -> None:
    """Write to stdout, whatever happens to it."""
    stream = sys.stdout
    if not text:
        return
    try:
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # text the encoding cannot show
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        _discard_stdout()
        sys.exit(EXIT_FINDINGS)
    except OSError as error:
        _discard_stdout()
        fail(f"cannot write the results: {error.strerror or error}")


def _discard_stdout() -> None:
    """What could not be written must not be retried (and fail again) at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
