"""The `perflint` command: arguments -> config -> run -> report."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from perflint import __version__
from perflint.cache import CACHE_FOLDER, clean
from perflint.config import Config, ConfigError, load_config
from perflint.discovery import DiscoveryError, SourceFile, discover
from perflint.findings import IMPACTS, FileResult
from perflint.fixes.command import fix_command
from perflint.registry import catalog, known_codes
from perflint.report import FORMATTERS
from perflint.report.text import statistics as render_statistics
from perflint.rule_pages import rule_doc
from perflint.runner import Runner
from perflint.selection import unknown_selectors

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 128 + 2  # as a shell reports a command stopped by SIGINT


def _codes_option(value: str | None, option: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    codes = tuple(c.strip().upper() for c in value.split(",") if c.strip())
    unknown = unknown_selectors(codes, known_codes())
    if unknown:
        raise click.UsageError(f"{option}: unknown rule code {unknown[0]!r}")
    return codes


def _list_rules() -> None:
    for rule in catalog():
        click.echo(f"{rule.code}  {rule.name:<32} {rule.impact:<7} {rule.summary}")


def _explain(code: str) -> None:
    code = code.upper()
    rules = {rule.code: rule for rule in catalog()}
    if code not in rules:
        raise click.UsageError(f"--explain: unknown rule code {code!r}")
    doc = rule_doc(code)
    if doc is not None:
        click.echo(doc.rstrip())
    else:
        rule = rules[code]
        click.echo(f"{rule.code} {rule.name} (impact: {rule.impact})\n\n{rule.summary}")


def _fail(message: str) -> None:
    click.echo(f"perflint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _warn(message: str) -> None:
    click.echo(f"perflint: warning: {message}", err=True)


def _emit(text: str) -> None:
    """Write to stdout. A full disk or a closed stdout is one line on stderr and exit 2;
    a reader that has gone (`| head`) ends the run silently."""
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
        _fail(f"cannot write the results: {error.strerror or error}")


def _discard_stdout() -> None:
    """What could not be written must not be retried (and fail again) at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class _Command(click.Command):
    def invoke(self, ctx: click.Context) -> None:
        """Ctrl-C: one line and the status a shell expects, not click's "Aborted!"."""
        try:
            super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("perflint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)


@click.command(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--select", help="Comma-separated codes or prefixes to enable (replaces config).")
@click.option("--extend-select", help="Codes or prefixes to enable on top of the selection.")
@click.option("--ignore", help="Comma-separated codes or prefixes to disable.")
@click.option(
    "--min-impact",
    type=click.Choice(IMPACTS),
    help="Report only findings of this impact or higher (parse errors are always reported).",
)
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option("--config", "config_file", type=click.Path(), help="Use this config file.")
@click.option("--stdin-filename", help="The name of the file read from stdin (`-`).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes (default: one per CPU core).",
)
@click.option(
    "--file-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds one file may take before it is reported as PFL001.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help=f"Where results are cached (default: {CACHE_FOLDER} beside the config file, or here).",
)
@click.option(
    "--clean-cache", is_flag=True, help="Remove the result cache (see --cache-dir) and exit."
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place; report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="Apply the unsafe fixes too (implies --fix).")
@click.option("--diff", is_flag=True, help="Print the fixes as a diff; change nothing.")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@click.option("--explain", metavar="CODE", help="Explain a rule and exit.")
@click.version_option(__version__, prog_name="perflint")
def main(
    paths: tuple[str, ...],
    output_format: str,
    select: str | None,
    extend_select: str | None,
    ignore: str | None,
    min_impact: str | None,
    statistics: bool,
    config_file: str | None,
    stdin_filename: str | None,
    jobs: int,
    file_timeout: float,
    no_cache: bool,
    cache_dir: str | None,
    clean_cache: bool,
    exit_zero: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    list_rules: bool,
    explain: str | None,
) -> None:
    """Find performance anti-patterns in Python files and folders (default: `.`)."""
    if list_rules:
        _list_rules()
        return
    if explain:
        _explain(explain)
        return
    targets = list(paths) or ["."]
    if sys.stdout is None:
        _fail("cannot write the results: standard output is closed")
    if "-" in targets and sys.stdin is None:
        _fail("cannot read `-`: standard input is closed")
    try:
        anchors = [stdin_filename if t == "-" and stdin_filename else t for t in targets]
        config = load_config(anchors, config_file).with_overrides(
            select=_codes_option(select, "--select"),
            extend_select=_codes_option(extend_select, "--extend-select"),
            ignore=_codes_option(ignore, "--ignore"),
        )
        cache_folder = Path(cache_dir) if cache_dir else config.root / CACHE_FOLDER
        if clean_cache:
            _clean_cache(cache_folder)
            return
        cache = None if no_cache else cache_folder
        if fix or unsafe_fixes or diff:  # perflint/fixes/command.py
            left = fix_command(
                targets, config, stdin_filename, unsafe_fixes, diff, jobs, file_timeout
            )
            results = [FileResult("", left)]
        else:
            results = _run(targets, config, stdin_filename, jobs, file_timeout, cache)
    except (ConfigError, DiscoveryError) as error:
        _fail(str(error))
    findings = sorted(finding for result in results for finding in result.findings)
    if min_impact is not None:
        allowed = set(IMPACTS[: IMPACTS.index(min_impact) + 1]) | {"-"}
        findings = [f for f in findings if f.impact in allowed]
    _emit(FORMATTERS[output_format](findings))
    if statistics:
        _emit(render_statistics(findings))
    internal_errors = [error for result in results for error in result.internal_errors]
    for error in internal_errors:
        click.echo(f"perflint: {error}", err=True)
    if internal_errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if findings and not exit_zero else EXIT_CLEAN)


def _clean_cache(folder: Path) -> None:
    try:
        removed = clean(folder)
    except OSError as error:
        _fail(f"cannot remove the cache at {folder}: {error.strerror or error}")
    if removed:
        click.echo(f"perflint: removed the cache at {folder}", err=True)
    elif folder.exists():
        _fail(f"{folder} is not a perflint cache: left as it is")
    else:
        click.echo(f"perflint: no cache at {folder}", err=True)


def _run(
    targets: list[str],
    config: Config,
    stdin_filename: str | None,
    jobs: int,
    timeout: float,
    cache: Path | None,
) -> list[FileResult]:
    sources: list[SourceFile] = []
    if "-" in targets:
        name = stdin_filename or "-"
        try:
            data = sys.stdin.buffer.read()
        except OSError as error:
            _fail(f"cannot read `-` from standard input: {error.strerror or error}")
        sources.append(SourceFile(name, Path(name), data))
    files = [t for t in targets if t != "-"]
    if files:
        sources.extend(discover(files, config, warn=_warn))
    return Runner(config, cache).lint_files(sources, jobs=jobs, timeout=timeout)
