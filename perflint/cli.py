"""The `perflint` command: arguments -> config -> run -> report."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from perflint import __version__
from perflint.cache import CACHE_FOLDER, clean
from perflint.config import Config, ConfigError, Configs
from perflint.discovery import DiscoveryError, SourceFile, discover
from perflint.effects.index import index_sources
from perflint.findings import IMPACTS, Finding
from perflint.fingerprint import fingerprints
from perflint.globs import relative_to
from perflint.output import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    count,
    fail,
    note,
    warn,
    write,
)
from perflint.progress import Progress
from perflint.registry import known_codes
from perflint.report import DOCUMENT_FORMATS, FORMATTERS
from perflint.report.context import ReportContext
from perflint.report.text import statistics as render_statistics
from perflint.roots import common_folder, project_root
from perflint.runner import Runner
from perflint.selection import Selection, unknown_selectors

# --sort impact: high first; perflint's own findings (impact "-") last.
_IMPACT_ORDER = {impact: rank for rank, impact in enumerate((*IMPACTS, "-"))}


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


def _number_of_seconds(value: float) -> float:
    if math.isnan(value):
        raise click.BadParameter("expected a number of seconds, got nan")
    return value


@dataclass
class _Run:
    """What linting found, and what reporting it needs."""

    findings: list[Finding]
    sources: list[SourceFile]
    runner: Runner
    config: Config  # the configuration of the folder all paths share
    root: Path  # the project root: reported paths and fingerprints are relative to it
    fingerprints: dict[Finding, str]
    internal_errors: list[str]  # perflint's own bugs met on the way (exit 2 after reporting)


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
    help="Output format (report: a Markdown review ranked by impact).",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False),
    help="Write the output to this file instead of stdout.",
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
@click.option(
    "--sort",
    type=click.Choice(["path", "impact"]),
    default="path",
    show_default=True,
    help="Order of the findings: by path, line and column, or by impact (high first).",
)
@click.option("--show-impact", is_flag=True, help="Text output: the impact after the code.")
@click.option(
    "--statistics",
    is_flag=True,
    help="Print the number of findings per rule (on stderr for json, sarif and report).",
)
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
@click.option("-q", "--quiet", is_flag=True, help="No summary line, progress or notes on stderr.")
@click.option(
    "--clean-cache", is_flag=True, help="Remove the result cache (see --cache-dir) and exit."
)
@click.option(
    "--preview",
    is_flag=True,
    default=None,
    help="Also run the rules not yet proven precise on real code (config: preview).",
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
    output_file: str | None,
    select: str | None,
    extend_select: str | None,
    ignore: str | None,
    extend_ignore: str | None,
    min_impact: str | None,
    sort: str,
    show_impact: bool,
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
    quiet: bool,
    clean_cache: bool,
    preview: bool | None,
    exit_zero: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    list_rules: bool,
    explain: str | None,
) -> None:
    """Find performance anti-patterns in Python files and folders (default: `.`).

    Exit status: 0 no findings, 1 findings, 2 usage or configuration error.
    """
    if list_rules or explain:
        from perflint.rule_listing import explanation, rule_list  # rule pages: not for linting

        click.echo(rule_list() if list_rules else explanation(explain), nl=not list_rules)
        return
    targets = list(paths) or ["."]
    _check_streams(targets)
    if clean_cache:
        _clean_cache(Path(cache_dir) if cache_dir else _run_folder(targets, config_file))
        return
    selection = Selection(
        _codes_option(select, "--select"),
        _codes_option(extend_select, "--extend-select") or (),
        (_codes_option(ignore, "--ignore") or ())
        + (_codes_option(extend_ignore, "--extend-ignore") or ()),
    )
    try:
        if fix or unsafe_fixes or diff:
            run = _fix(
                targets,
                selection,
                preview,
                config_file,
                stdin_filename,
                unsafe_fixes,
                diff,
                jobs,
                file_timeout,
            )
        else:
            run = _lint(
                targets,
                selection,
                preview,
                config_file=config_file,
                stdin_filename=stdin_filename,
                force_exclude=force_exclude,
                jobs=jobs,
                timeout=file_timeout,
                cache_dir=None if no_cache else cache_dir or "",
                quiet=quiet,
            )
        findings = run.findings
        accepted = Path(baseline_file) if baseline_file else run.config.baseline
        if write_baseline is not None or accepted is not None:
            findings = _baselined(run, write_baseline, accepted, quiet)
    except (ConfigError, DiscoveryError) as error:
        fail(str(error))
    if min_impact is not None:
        allowed = set(IMPACTS[: IMPACTS.index(min_impact) + 1]) | {"-"}
        findings = [f for f in findings if f.impact in allowed]
    if add_noqa:
        from perflint.add_noqa import add_noqa as comment_findings  # not for a lint run

        lines, files = comment_findings(findings)
        note(f"added noqa comments to {count(lines, 'line')} in {count(files, 'file')}", quiet)
        sys.exit(EXIT_CLEAN)
    if sort == "impact":
        findings = sorted(findings, key=lambda f: (_IMPACT_ORDER[f.impact], f))
    context = ReportContext(run.root, run.fingerprints, show_impact)
    _report(findings, context, output_format, output_file, statistics)
    fixing = fix or unsafe_fixes or diff  # the fixes wrote their own summary
    if output_format == "text" and "-" not in targets and not fixing:  # editors want no chatter
        note(f"{count(len(findings), 'finding')} in {count(len(run.sources), 'file')}", quiet)
    for error in run.internal_errors:
        click.echo(f"perflint: {error}", err=True)
    if run.internal_errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if findings and not exit_zero else EXIT_CLEAN)


def _check_streams(targets: list[str]) -> None:
    if sys.stdout is None:
        fail("cannot write the results: standard output is closed")
    if "-" in targets and sys.stdin is None:
        fail("cannot read `-`: standard input is closed")


def _report(
    findings: list[Finding],
    context: ReportContext,
    output_format: str,
    output_file: str | None,
    statistics: bool,
) -> None:
    output = FORMATTERS[output_format](findings, context)
    counts = render_statistics(findings) if statistics else ""
    if output_format in DOCUMENT_FORMATS:
        sys.stderr.write(counts)  # never inside a document a program parses
        counts = ""
    write(output + counts, output_file)


def _run_folder(targets: list[str], config_file: str | None) -> Path:
    """The cache folder of a run on `targets`: beside the config of the folder they share."""
    anchors = [Path(t) for t in targets if t != "-"] or [Path.cwd()]
    run_config = Configs(config_file).for_run(anchors)
    return (run_config.root if run_config.source is not None else Path.cwd()) / CACHE_FOLDER


def _clean_cache(folder: Path) -> None:
    try:
        removed = clean(folder)
    except OSError as error:
        fail(f"cannot remove the cache at {folder}: {error.strerror or error}")
    if removed:
        click.echo(f"perflint: removed the cache at {folder}", err=True)
    elif folder.exists():
        fail(f"{folder} is not a perflint cache: left as it is")
    else:
        click.echo(f"perflint: no cache at {folder}", err=True)


def _lint(
    targets: list[str],
    selection: Selection,
    preview: bool | None,
    *,
    config_file: str | None,
    stdin_filename: str | None,
    force_exclude: bool,
    jobs: int,
    timeout: float,
    cache_dir: str | None,  # None: no cache; "": the default folder
    quiet: bool,
) -> _Run:
    configs = Configs(config_file)
    sources = _sources(targets, configs, stdin_filename, force_exclude)
    anchors = _anchors(targets, stdin_filename)
    run_config = configs.for_run(anchors)
    config_folder = run_config.root if run_config.source is not None else Path.cwd()
    cache = None if cache_dir is None else Path(cache_dir or config_folder / CACHE_FOLDER)
    runner = Runner(cache, selection, preview)
    runner.prepare(sources)
    named = [Path(target) for target in targets if target != "-"]
    index = index_sources(sources, named, configs, lambda s: runner.profile(s).summarise)
    progress = Progress(len(sources), enabled=not quiet)
    try:
        results = runner.lint_files(sources, jobs, timeout, progress.update, index)
    finally:
        progress.close()
    findings = sorted(finding for result in results for finding in result.findings)
    errors = [error for result in results for error in result.internal_errors]
    return _outcome(findings, sources, runner, run_config, anchors, errors)


def _fix(
    targets: list[str],
    selection: Selection,
    preview: bool | None,
    config_file: str | None,
    stdin_filename: str | None,
    unsafe: bool,
    diff: bool,
    jobs: int,
    timeout: float,
) -> _Run:
    """--fix, --unsafe-fixes, --diff: what is left unfixed is reported like findings."""
    from perflint.fixes.command import fix_command  # the fixers: not for a lint run

    configs = Configs(config_file)
    runner = Runner(None, selection, preview)
    left = fix_command(targets, configs, runner, stdin_filename, unsafe, diff, jobs, timeout)
    anchors = _anchors(targets, stdin_filename)
    return _outcome(left, [], runner, configs.for_run(anchors), anchors, [])


def _anchors(targets: list[str], stdin_filename: str | None) -> list[Path]:
    named = [stdin_filename if t == "-" and stdin_filename else t for t in targets]
    return [Path(a) for a in named if a != "-"] or [Path.cwd()]


def _outcome(
    findings: list[Finding],
    sources: list[SourceFile],
    runner: Runner,
    run_config: Config,
    anchors: list[Path],
    errors: list[str],
) -> _Run:
    root = project_root(common_folder(anchors), run_config.root)
    prints = fingerprints(findings, root)
    return _Run(findings, sources, runner, run_config, root, prints, errors)


def _sources(
    targets: list[str], configs: Configs, stdin_filename: str | None, force_exclude: bool
) -> list[SourceFile]:
    sources: list[SourceFile] = []
    if "-" in targets:
        name = stdin_filename or "-"
        config = configs.for_path(Path(name) if stdin_filename else Path.cwd())
        try:
            data = sys.stdin.buffer.read()
        except OSError as error:
            fail(f"cannot read `-` from standard input: {error.strerror or error}")
        sources.append(SourceFile(name, Path(name), config, data))
    files = [t for t in targets if t != "-"]
    if files:
        sources.extend(discover(files, configs, force_exclude, warn=warn))
    return sources


def _baselined(run: _Run, record: str | None, accepted: Path | None, quiet: bool) -> list[Finding]:
    """Record every finding in `record` and exit 0, or the findings not in `accepted`."""
    from perflint import baseline  # only a run with a baseline needs it

    try:
        if record is not None:
            recorded = baseline.write(Path(record), run.fingerprints, run.root)
            note(f"recorded {count(recorded, 'finding')} in {record}", quiet)
            sys.exit(EXIT_CLEAN)
        codes = {
            relative_to(Path(s.display), run.root): run.runner.codes_for(s) for s in run.sources
        }
        outcome = baseline.apply(
            baseline.read(accepted),
            run.fingerprints,
            lambda path, code: code in codes.get(path, ()),
        )
    except baseline.BaselineError as error:
        fail(str(error))
    if outcome.gone:
        gone = f"{count(outcome.gone, 'baselined finding')} {'is' if outcome.gone == 1 else 'are'}"
        note(f"{gone} gone: shrink {accepted} with --write-baseline", quiet)
    return outcome.new
