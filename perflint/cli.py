"""The `perflint` command: arguments -> config -> run -> report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from perflint import __version__
from perflint.cache import CACHE_FOLDER
from perflint.config import Config, ConfigError, load_config
from perflint.discovery import DiscoveryError, SourceFile, discover
from perflint.findings import IMPACTS, Finding
from perflint.fixes.command import fix_command
from perflint.registry import catalog, known_codes
from perflint.report import FORMATTERS
from perflint.report.text import statistics as render_statistics
from perflint.rule_pages import rule_doc
from perflint.runner import Runner
from perflint.selection import unknown_selectors

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
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
    try:
        anchors = [stdin_filename if t == "-" and stdin_filename else t for t in targets]
        config = load_config(anchors, config_file).with_overrides(
            select=_codes_option(select, "--select"),
            extend_select=_codes_option(extend_select, "--extend-select"),
            ignore=_codes_option(ignore, "--ignore"),
        )
        cache = None if no_cache else Path(cache_dir) if cache_dir else config.root / CACHE_FOLDER
        if fix or unsafe_fixes or diff:  # perflint/fixes/command.py
            findings = fix_command(
                targets, config, stdin_filename, unsafe_fixes, diff, jobs, file_timeout
            )
        else:
            findings = _run(targets, config, stdin_filename, jobs, file_timeout, cache)
    except (ConfigError, DiscoveryError) as error:
        _fail(str(error))
    if min_impact is not None:
        allowed = set(IMPACTS[: IMPACTS.index(min_impact) + 1]) | {"-"}
        findings = [f for f in findings if f.impact in allowed]
    sys.stdout.write(FORMATTERS[output_format](findings))
    if statistics:
        sys.stdout.write(render_statistics(findings))
    sys.exit(EXIT_FINDINGS if findings and not exit_zero else EXIT_CLEAN)


def _run(
    targets: list[str],
    config: Config,
    stdin_filename: str | None,
    jobs: int,
    timeout: float,
    cache: Path | None,
) -> list[Finding]:
    sources: list[SourceFile] = []
    if "-" in targets:
        name = stdin_filename or "-"
        sources.append(SourceFile(name, Path(name), sys.stdin.buffer.read()))
    files = [t for t in targets if t != "-"]
    if files:
        sources.extend(discover(files, config))
    results = Runner(config, cache).lint_files(sources, jobs=jobs, timeout=timeout)
    return sorted(finding for result in results for finding in result.findings)
