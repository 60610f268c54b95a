"""Benchmark perflint on a real corpus against the LibCST parse floor and peer linters.

Run with the project's virtualenv, which provides libcst and the ``perflint`` entry point:

    .venv/bin/python benchmarks/bench.py [--runs 5] [--peer-runs 3] [--no-peers] [--json OUT]

Every number is the wall time of a whole process; each row reports the median of several
runs. See benchmarks/README.md for the meaning of each row.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

DJANGO_VERSION = "5.1.4"
DJANGO_SDIST_SHA256 = "de450c09e91879fa5a307f696e57c851955c910a438a35e6b4c895e86bedc82a"
# Every message of the perflint pylint plugin (0.8), as `--list-msgs-enabled` names them.
PYLINT_PERFLINT_MESSAGES = "W8101,W8102,W8201,W8202,R8203,W8204,W8205,W8301,W8401,W8402,W8403"
PEER_PACKAGES = ("ruff", "fixit", "libcst", "pylint", "perflint", "flake8", "flake8-async")
# `path:line:col: CODE message` (perflint, ruff concise, flake8, pylint) or `path@line:col` (fixit).
FINDING_LINE = re.compile(r"^\S+?[:@]\d+:\d+:? .*$", re.MULTILINE)
PARSE_FLOOR = Path(__file__).resolve().parent / "parse_floor.py"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "perflint-bench"

# A typical small module, the kind of file a pre-commit hook hands to the linter.
PRE_COMMIT_SAMPLE = '''\
"""Order summaries for the nightly report."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

logger = logging.getLogger(__name__)


@dataclass
class Line:
    sku: str
    quantity: int
    unit_price: Decimal


@dataclass
class Order:
    number: str
    customer: str
    lines: list[Line]

    @property
    def total(self) -> Decimal:
        return sum((line.unit_price * line.quantity for line in self.lines), Decimal(0))


def summarize(orders: list[Order]) -> str:
    text = ""
    for order in orders:
        text += f"{order.number} {order.customer} {order.total}\\n"
    return text


def biggest_customers(orders: list[Order], limit: int = 10) -> list[tuple[str, Decimal]]:
    totals: dict[str, Decimal] = {}
    for order in orders:
        totals[order.customer] = totals.get(order.customer, Decimal(0)) + order.total
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    return ranked[:limit]


def log_summary(orders: list[Order]) -> None:
    if not orders:
        logger.info("no orders")
        return
    logger.info("%d orders", len(orders))
    for customer, total in biggest_customers(orders):
        logger.info("%s: %s", customer, total)
'''


def zero_or_one(code: int) -> bool:
    return code in (0, 1)


@dataclass(frozen=True)
class Tool:
    name: str
    command: list[str]
    accepts: Callable[[int], bool] = zero_or_one  # exit codes that are ordinary results
    counts_findings: bool = True
    file_crash: str | None = None  # marks an output line saying the tool crashed on a file


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    exit_code: int
    stdout: str
    stderr: str
    timed_out: bool


@dataclass
class Row:
    name: str
    command: list[str]
    seconds: list[float]
    cpu_seconds: list[float]
    exit_codes: list[int]
    peak_rss_mb: float
    findings: int | None
    note: str
    failed: bool

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run_once(command: list[str], cwd: Path, timeout: float) -> Run:
    """Run a process to its end; wait4 gives its exact peak RSS (for a tool that forks
    workers, that of its largest single process)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        timer = threading.Timer(timeout, _kill_group, (process.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            cpu_seconds=usage.ru_utime + usage.ru_stime,  # with the workers it reaped
            peak_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
            exit_code=process.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
            timed_out=seconds >= timeout,
        )


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def failure(tool: Tool, run: Run) -> str | None:
    """Why a run counts as a crash rather than a linter's ordinary result, if it does."""
    last_error_line = (run.stderr.strip().splitlines() or [""])[-1]
    if run.timed_out:
        return f"timed out after {run.seconds:.0f} s"
    if run.exit_code < 0:
        return f"killed by signal {-run.exit_code}"
    # A tool that survives a crash on one file prints its traceback and lints the rest.
    crashed_on_a_file = tool.file_crash is not None and tool.file_crash in run.stdout
    if "Traceback (most recent call last)" in run.stderr and not crashed_on_a_file:
        return f"traceback: {last_error_line}"
    if not tool.accepts(run.exit_code):
        return f"exit code {run.exit_code}: {last_error_line}"
    return None


def measure(tool: Tool, runs: int, cwd: Path, timeout: float) -> Row:
    print(f"  {tool.name} x{runs}: {shlex.join(tool.command)}", file=sys.stderr, flush=True)
    results: list[Run] = []
    problem = None
    for _ in range(runs):
        results.append(run_once(tool.command, cwd, timeout))
        problem = failure(tool, results[-1])
        if problem:
            print(f"  WARNING: {tool.name} failed: {problem}", file=sys.stderr)
            break
    output = results[-1].stdout
    findings = FINDING_LINE.findall(output) if tool.counts_findings else []
    note = problem or ("" if tool.counts_findings else output.strip())
    if tool.file_crash and not problem:
        crashed = [line for line in findings if tool.file_crash in line]
        findings = [line for line in findings if tool.file_crash not in line]
        if crashed:
            files = "file" if len(crashed) == 1 else "files"
            note = f"crashed on {len(crashed)} {files} ({tool.file_crash}), linted the rest"
            print(f"  WARNING: {tool.name} {note}", file=sys.stderr)
    return Row(
        name=tool.name,
        command=tool.command,
        seconds=[run.seconds for run in results],
        cpu_seconds=[run.cpu_seconds for run in results],
        exit_codes=[run.exit_code for run in results],
        peak_rss_mb=max(run.peak_rss_mb for run in results),
        findings=len(findings) if tool.counts_findings else None,
        note=note,
        failed=problem is not None,
    )


def django_corpus(cache: Path) -> Path:
    """The `django/` package of the pinned sdist, downloaded and extracted once."""
    root = cache / f"Django-{DJANGO_VERSION}"
    if (root / "django").is_dir():
        return root / "django"
    downloads = cache / "downloads"
    sdist = downloads / f"Django-{DJANGO_VERSION}.tar.gz"
    if not sdist.exists():
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        subprocess.run([*pip, f"django=={DJANGO_VERSION}", "-d", str(downloads)], check=True)
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != DJANGO_SDIST_SHA256:
        sys.exit(f"{sdist}: sha256 {digest}, expected {DJANGO_SDIST_SHA256}")
    with tempfile.TemporaryDirectory(dir=cache) as scratch:
        with tarfile.open(sdist) as archive:
            archive.extractall(scratch, filter="data")
        (Path(scratch) / root.name).rename(root)
    return root / "django"


def enclosing_git_root(path: Path) -> Path | None:
    return next((folder for folder in path.parents if (folder / ".git").exists()), None)


def corpus_size(corpus: Path) -> tuple[int, int]:
    files = sorted(corpus.rglob("*.py"))
    return len(files), sum(path.read_bytes().count(b"\n") for path in files)


def version_of(executable: str) -> str:
    done = subprocess.run([executable, "--version"], capture_output=True, text=True, check=False)
    return " ".join(done.stdout.split()) if done.returncode == 0 else "?"


def peer_versions(venv: Path) -> str:
    """The versions of the peers' packages installed in their virtualenv."""
    command = [str(venv / "bin" / "python"), "-m", "pip", "list", "--format=json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    installed = {
        package["name"].lower(): package["version"] for package in json.loads(done.stdout or "[]")
    }
    return "; ".join(f"{name} {installed[name]}" for name in PEER_PACKAGES if name in installed)


def peer_tools(venv: Path, corpus: str) -> list[Tool]:
    bin_dir = venv / "bin"
    peers = [
        Tool(
            "ruff PERF,ASYNC,S113",
            [str(bin_dir / "ruff"), "check", "--select", "PERF,ASYNC,S113", "--no-cache"]
            + ["--output-format", "concise", corpus],
        ),
        Tool("fixit default rules", [str(bin_dir / "fixit"), "lint", corpus]),
        Tool(
            "pylint + perflint plugin",
            [str(bin_dir / "pylint"), "--load-plugins=perflint", "--disable=all"]
            + [f"--enable={PYLINT_PERFLINT_MESSAGES}", corpus],
            # A bit field of message kinds; 32 is a usage error. Bit 1 (fatal) is also set
            # when a checker crashes on one file, which file_crash reports instead.
            accepts=lambda code: code & 32 == 0,
            file_crash="F0002",
        ),
        Tool("flake8 + flake8-async", [str(bin_dir / "flake8"), "--select", "ASYNC", corpus]),
    ]
    found = [tool for tool in peers if Path(tool.command[0]).exists()]
    for tool in peers:
        if tool not in found:
            print(f"peer not found, skipped: {tool.command[0]}", file=sys.stderr)
    return found


def print_table(title: str, rows: list[Row], baseline: Row) -> None:
    ratio = f"x {baseline.name}"
    header = ["tool", "median s", "min-max s", ratio, "CPU s", "peak RSS MB", "findings"]
    table = [
        [
            row.name,
            f"{row.median:.2f}",
            f"{min(row.seconds):.2f}-{max(row.seconds):.2f}",
            f"{row.median / baseline.median:.2f}",
            f"{statistics.median(row.cpu_seconds):.2f}",
            f"{row.peak_rss_mb:.0f}",
            "-" if row.findings is None else str(row.findings),
        ]
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *table]) for i in range(len(header))]
    print(f"\n{title}")
    for cells, note in zip([header, *table], ["", *(row.note for row in rows)], strict=True):
        numbers = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        print("  ".join([cells[0].ljust(widths[0]), *numbers, note]).rstrip())


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_perflint = Path(sys.executable).parent / "perflint"
    parser.add_argument("--runs", type=int, default=5, help="runs per perflint/floor row")
    parser.add_argument("--peer-runs", type=int, default=3, help="runs per peer linter")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per command")
    parser.add_argument("--corpus", type=Path, help="lint this folder instead of Django")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="download folder")
    parser.add_argument("--perflint", default=str(default_perflint), help="perflint command")
    parser.add_argument(
        "--peers-venv", type=Path, default=Path("/work/peers-venv"), help="venv of the peers"
    )
    parser.add_argument("--no-peers", action="store_true", help="skip the peer linters")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    perflint = shutil.which(args.perflint)
    if perflint is None:
        sys.exit(f"perflint not found: {args.perflint}")
    args.cache.mkdir(parents=True, exist_ok=True)
    corpus = (args.corpus or django_corpus(args.cache)).resolve()
    files, lines = corpus_size(corpus)
    print(f"corpus: {corpus}: {files} files, {lines:,} lines")
    git_root = enclosing_git_root(corpus)
    if git_root:
        print(f"note: the corpus lies in the git work tree {git_root}, whose .gitignore files")
        print("      and tool configs apply and may hide files from the linters")
    help_text = subprocess.run([perflint, "--help"], capture_output=True, text=True).stdout
    has_cache = "--no-cache" in help_text
    no_cache = ["--no-cache"] if has_cache else []
    python = sys.executable
    cwd = corpus.parent

    def timed(tool: Tool, runs: int = args.runs) -> Row:
        return measure(tool, runs, cwd, args.timeout)

    load_before = os.getloadavg()
    print("measuring, each command's runs in a row:", file=sys.stderr)
    floor = timed(
        Tool("parse floor", [python, str(PARSE_FLOOR), str(corpus)], counts_findings=False)
    )
    floor_2 = [python, str(PARSE_FLOOR), str(corpus), "--jobs", "2"]
    own_rows = [
        floor,
        timed(Tool("parse floor, 2 processes", floor_2, counts_findings=False)),
        timed(Tool("perflint cold", [perflint, *no_cache, str(corpus)])),
    ]
    if has_cache:
        warm = Tool("perflint warm cache", [perflint, str(corpus)])
        run_once(warm.command, cwd, args.timeout)  # fills the cache
        own_rows.append(timed(warm))
    peers = [] if args.no_peers else peer_tools(args.peers_venv, str(corpus))
    peer_rows = [timed(tool, args.peer_runs) for tool in peers]

    sample = args.cache / "pre_commit_sample.py"
    sample.write_text(PRE_COMMIT_SAMPLE)
    small_rows = [
        timed(Tool("import libcst", [python, "-c", "import libcst"], counts_findings=False)),
        timed(Tool("perflint one file", [perflint, str(sample)])),
    ]

    versions = {
        "python": platform.python_version(),
        "perflint": version_of(perflint),
        "libcst": metadata.version("libcst"),
    }
    if peers:
        versions["peers"] = peer_versions(args.peers_venv)
    print(f"\nmachine: {platform.platform()}, {os.cpu_count()} CPUs")
    load_after = os.getloadavg()
    print(f"1-minute load average: {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    for name, version in versions.items():
        print(f"{name}: {version}")
    corpus_rows = own_rows + peer_rows
    print_table(f"Corpus: {corpus.name}, {files} files, {lines:,} lines", corpus_rows, floor)
    if not has_cache:
        print("perflint warm cache: not available in this version")
    print_table(f"One small file as pre-commit runs it ({sample.name})", small_rows, small_rows[0])
    if args.json:
        report = {
            "corpus": {"path": str(corpus), "files": files, "lines": lines},
            "machine": {
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "load_average_before": load_before,
                "load_average_after": load_after,
            },
            "versions": versions,
            "corpus_rows": [asdict(row) for row in corpus_rows],
            "small_file_rows": [asdict(row) for row in small_rows],
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    if any(row.failed for row in own_rows + small_rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
