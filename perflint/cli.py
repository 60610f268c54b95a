"""The `perflint` command: arguments -> config -> run -> report."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import click

from perflint import __version__, baseline
from perflint.add_noqa import add_noqa as comment_findings
from perflint.cache import CACHE_FOLDER
from perflint.config import ConfigError, Configs
from perflint.discovery import DiscoveryError, SourceFile, discover
from perflint.findings import Finding
from perflint.fingerprint import fingerprints
from perflint.globs import relative_to
from perflint.registry import catalog, known_codes
from perflint.report import FORMATTERS
from perflint.report.text import statistics as render_statistics
from perflint.roots import common_folder, project_root
from perflint.rule import IMPACTS
from perflint.runner import Runner
from perflint.selection import Selection, unknown_selectors

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes_option(value: str | None, option: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    codes = tuple(c.strip().upper() for c in value.split(",") if c.strip())
    if not codes:
        raise click.UsageError(f"{option}: no rule code given")
    unknown = unknown_selectors(codes, known_codes())
    if unknown:
        raise click.UsageError(f"{option}: unknown rule code {unknown[0]!r}")
    return codes


def _rule_doc(code: str) -> str | None:
    """The rule's reference page: shipped in the wheel, or rules/ in a source checkout."""
    package = Path(__file__).parent
    for candidate in (package / "docs" / f"{code}.md", package.parent / "rules" / f"{code}.md"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return None


def _list_rules() -> None:
    for rule in catalog():
        click.echo(f"{rule.code}  {rule.name:<32} {rule.impact:<7} {rule.summary}")


def _explain(code: str) -> None:
    code = code.upper()
    rules = {rule.code: rule for rule in catalog()}
    if code not in rules:
        raise click.UsageError(f"--explain: unknown rule code {code!r}")
    doc = _rule_doc(code)
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
@click.option(
    "--select",
    help="Comma-separated codes or prefixes to enable, or ALL (replaces the config's selection).",
)
@click.option("--extend-select", help="Codes or prefixes to enable on top of the selection.")
@click.option("--ignore", help="Codes or prefixes to disable, on top of the config's ignores.")
@click.option("--extend-ignore", help="Same as --ignore (as in ruff).")
@click.option(
    "--min-impact",
    type=click.Choice(IMPACTS),
    help="Report only findings of this impact or higher (parse errors are always reported).",
)
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option(
    "--config", "config_file", type=click.Path(), help="Use this config file for every file."
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply exclude/extend-exclude to files named on the command line too (pre-commit).",
)
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
    callback=lambda ctx, param, value: _number_of_seconds(value),
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
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help="Report only findings not recorded in this baseline file (config: baseline).",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    help="Record every current finding in this baseline file, report nothing, exit 0.",
)
@click.option(
    "--add-noqa",
    is_flag=True,
    help="Append `# noqa: CODE` to each reported line (merging with noqa comments there).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@click.option("--explain", metavar="CODE", help="Explain a rule and exit.")
@click.version_option(__version__, prog_name="perflint")
def main(
    paths: tuple[str, ...],
    output_format: str,
    select: str | None,
    extend_select: str | None,
    ignore: str | None,
    extend_ignore: str | None,
    min_impact: str | None,
    statistics: bool,
    config_file: str | None,
    force_exclude: bool,
    stdin_filename: str | None,
    jobs: int,
    file_timeout: float,
    no_cache: bool,
    cache_dir: str | None,
    baseline_file: str | None,
    write_baseline: str | None,
    add_noqa: bool,
    exit_zero: bool,
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
    selection = Selection(
        _codes_option(select, "--select"),
        _codes_option(extend_select, "--extend-select") or (),
        (_codes_option(ignore, "--ignore") or ())
        + (_codes_option(extend_ignore, "--extend-ignore") or ()),
    )
    try:
        configs = Configs(config_file)
        named = [stdin_filename if t == "-" and stdin_filename else t for t in targets]
        anchors = [Path(a) for a in named if a != "-"] or [Path.cwd()]
        run_config = configs.for_run(anchors)
        config_folder = run_config.root if run_config.source is not None else Path.cwd()
        cache = None if no_cache else Path(cache_dir) if cache_dir else config_folder / CACHE_FOLDER
        sources = _sources(targets, configs, stdin_filename, force_exclude)
        runner = Runner(cache, selection)
        results = runner.lint_files(sources, jobs=jobs, timeout=file_timeout)
        findings = sorted(finding for result in results for finding in result.findings)
        root = project_root(common_folder(anchors), run_config.root)
        prints = fingerprints(findings, root)
        if write_baseline is not None:
            count = baseline.write(Path(write_baseline), prints, root)
            click.echo(f"perflint: recorded {count} findings in {write_baseline}", err=True)
            sys.exit(EXIT_CLEAN)
        accepted = Path(baseline_file) if baseline_file else run_config.baseline
        if accepted is not None:
            findings = _without_baselined(accepted, prints, sources, runner, root)
    except (ConfigError, DiscoveryError, baseline.BaselineError) as error:
        _fail(str(error))
    if min_impact is not None:
        allowed = set(IMPACTS[: IMPACTS.index(min_impact) + 1]) | {"-"}
        findings = [f for f in findings if f.impact in allowed]
    if add_noqa:
        lines, files = comment_findings(findings)
        click.echo(f"perflint: added noqa comments to {lines} lines in {files} files", err=True)
        sys.exit(EXIT_CLEAN)
    sys.stdout.write(FORMATTERS[output_format](findings))
    if statistics:
        sys.stdout.write(render_statistics(findings))
    sys.exit(EXIT_FINDINGS if findings and not exit_zero else EXIT_CLEAN)


def _without_baselined(
    accepted: Path,
    prints: dict[Finding, str],
    sources: list[SourceFile],
    runner: Runner,
    root: Path,
) -> list[Finding]:
    """The findings not in the baseline; on stderr, how many baselined ones are gone."""
    linted = {relative_to(Path(s.display), root): runner.codes_for(s) for s in sources}
    outcome = baseline.apply(
        baseline.read(accepted), prints, lambda path, code: code in linted.get(path, ())
    )
    if outcome.gone:
        click.echo(
            f"perflint: {outcome.gone} baselined finding{'s are' if outcome.gone > 1 else ' is'}"
            f" gone: shrink {accepted} with --write-baseline",
            err=True,
        )
    return outcome.new


def _number_of_seconds(value: float) -> float:
    if math.isnan(value):
        raise click.BadParameter("expected a number of seconds, got nan")
    return value


def _sources(
    targets: list[str], configs: Configs, stdin_filename: str | None, force_exclude: bool
) -> list[SourceFile]:
    sources: list[SourceFile] = []
    if "-" in targets:
        name = stdin_filename or "-"
        config = configs.for_path(Path(name) if stdin_filename else Path.cwd())
        sources.append(SourceFile(name, Path(name), config, sys.stdin.buffer.read()))
    files = [t for t in targets if t != "-"]
    if files:
        sources.extend(discover(files, configs, force_exclude))
    return sources
