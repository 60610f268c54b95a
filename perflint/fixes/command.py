"""``perflint --fix`` / ``--unsafe-fixes`` / ``--diff``: fix the named files in place, or
print what would change as a unified diff and change nothing.

Files are fixed in forked workers, like linting (a file that crashes the parser or takes
too long is left as it is, with its PFL001). What is left unfixed is returned, for the
command to report as usual, with a summary on stderr. ``--diff``, and source read from
stdin (``-``, written back fixed to stdout, what is left going to stderr), have output of
their own: for them the command ends here, with its exit status.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from perflint.config import Configs
from perflint.discovery import DiscoveryError, SourceFile, discover
from perflint.files import describe_os_error, read_regular
from perflint.findings import Finding
from perflint.fixes.session import FixOutcome, fix_source, job_for
from perflint.report.context import ReportContext
from perflint.report.text import render
from perflint.runner import Runner
from perflint.workers import forking_available, run_isolated, worker_count


def fix_command(
    targets: list[str],
    configs: Configs,
    runner: Runner,
    stdin_filename: str | None,
    unsafe: bool,
    diff: bool,
    jobs: int = 0,
    timeout: float = 30.0,
) -> list[Finding]:
    """Fix (or with `diff`, show the fixes for) the targets; the findings left unfixed."""
    files = [target for target in targets if target != "-"]
    if "-" in targets and files:
        raise DiscoveryError("fixing reads the source from stdin (`-`) alone, without paths")
    if "-" in targets:
        name = stdin_filename or "-"
        config = configs.for_path(Path(name) if stdin_filename else Path.cwd())
        source = SourceFile(name, Path(name), config, sys.stdin.buffer.read())
        sys.exit(_fix_stdin(runner, source, unsafe, diff))
    sources = discover(files, configs) if files else []
    runner.prepare(sources)
    outcomes = _fix_all(runner, sources, unsafe, jobs, timeout)
    if diff:
        sys.stdout.write("".join(unified_diff(outcome) for outcome in outcomes))
        sys.exit(1 if any(outcome.changed for outcome in outcomes) else 0)
    for outcome, source in zip(outcomes, sources, strict=True):
        if outcome.changed and not _write(source.path, outcome):
            outcome.fixed.clear()  # the file is as it was: so are its findings
            outcome.remaining = runner.lint(source, outcome.data).findings
    sys.stderr.write(summary(outcomes))
    return sorted(f for outcome in outcomes for f in outcome.remaining)


def _fix_all(
    runner: Runner, sources: list[SourceFile], unsafe: bool, jobs: int, timeout: float
) -> list[FixOutcome]:
    def fix_one(source: SourceFile) -> FixOutcome:
        try:
            data = read_regular(source.path)
        except OSError as error:
            result = runner.failed(source, f"cannot read file: {describe_os_error(error)}")
            return FixOutcome(source.display, b"", None, remaining=result.findings)
        return fix_source(job_for(runner, source, data), data, unsafe)

    def failed(source: SourceFile, reason: str) -> FixOutcome:
        return FixOutcome(
            source.display, b"", None, remaining=runner.failed(source, reason).findings
        )

    if not sources:
        return []
    if not forking_available():
        return [fix_one(source) for source in sources]
    return run_isolated(sources, fix_one, failed, worker_count(len(sources), jobs), timeout)


def _fix_stdin(runner: Runner, source: SourceFile, unsafe: bool, diff: bool) -> int:
    """Fix source read from stdin; the exit status."""
    assert source.data is not None
    outcome = fix_source(job_for(runner, source, source.data), source.data, unsafe)
    if diff:
        sys.stdout.write(unified_diff(outcome))
        return 1 if outcome.changed else 0
    sys.stdout.buffer.write(outcome.encoded() if outcome.text is not None else source.data)
    sys.stdout.flush()
    remaining = render(outcome.remaining, ReportContext(Path.cwd()))
    sys.stderr.write(remaining + summary([outcome]))
    return 1 if outcome.remaining else 0


def _write(path: Path, outcome: FixOutcome) -> bool:
    try:
        path.write_bytes(outcome.encoded())
    except OSError as error:
        sys.stderr.write(f"perflint: warning: cannot write {outcome.path}: {error.strerror}\n")
        return False
    return True


def unified_diff(outcome: FixOutcome) -> str:
    """What the fixes change in one file, as ``git apply`` reads it."""
    if not outcome.changed or outcome.text is None or outcome.original is None:
        return ""
    lines = difflib.unified_diff(
        outcome.original.splitlines(keepends=True),
        outcome.text.splitlines(keepends=True),
        f"a/{outcome.path}",
        f"b/{outcome.path}",
    )
    return "".join(
        line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n" for line in lines
    )


def summary(outcomes: list[FixOutcome]) -> str:
    """One line for stderr: what was fixed, what is left, and what is fixable unsafely."""
    fixed = sum(len(outcome.fixed) for outcome in outcomes)
    files = sum(1 for outcome in outcomes if outcome.fixed)
    left = sum(len(outcome.remaining) for outcome in outcomes)
    unsafe = sum(len(outcome.unsafe_fixable) for outcome in outcomes)
    line = f"perflint: fixed {_count(fixed, 'finding')} in {_count(files, 'file')}"
    line += f"; {left} left unfixed"
    if unsafe:
        line += f" ({unsafe} fixable with --unsafe-fixes)"
    warnings = "".join(
        f"perflint: warning: {finding.path}:{finding.line}: the {finding.code} fix produced "
        "code that does not compile and was not applied (a perflint bug; please report it)\n"
        for outcome in outcomes
        for finding in outcome.rejected
    )
    return f"{warnings}{line}\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
