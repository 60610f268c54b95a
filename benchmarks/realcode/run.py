"""Run perflint with every rule on the pinned real applications and score a judged round.

    .venv/bin/python benchmarks/realcode/run.py [--project NAME ...] [--verdicts DIR-or-FILE]
                                                [--json OUT] [--perflint PATH]

Prints, per rule: findings, findings per 1,000 lines of Python, and from the verdicts of a
judged round: judged, true / false / debatable, precision = true / (true + false), the
debatable share, and verdicts whose finding no longer exists (stale).
See benchmarks/realcode/README.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from corpus import DEFAULT_CACHE, CorpusError, Project, extract, load_projects, tomllib
from verdicts import Key, Verdict, VerdictError, finding_key, load

from perflint.config import Configs
from perflint.discovery import discover

VERDICTS_DIR = Path(__file__).resolve().parent / "verdicts"


@dataclass
class ProjectRun:
    project: Project
    files: int
    lines: int
    seconds: float
    cpu_seconds: float  # perflint's user + system time, workers included: steadier under load
    findings: list[dict] = field(default_factory=list)


@dataclass
class RuleScore:
    findings: int = 0
    true: int = 0
    false: int = 0
    debatable: int = 0
    unjudged: int = 0
    stale: int = 0

    @property
    def judged(self) -> int:
        return self.true + self.false + self.debatable

    def add(self, other: RuleScore) -> None:
        for name in ("findings", "true", "false", "debatable", "unjudged", "stale"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--perflint",
        default=str(Path(sys.executable).parent / "perflint"),
        help="the perflint executable (default: the one next to this Python)",
    )
    parser.add_argument(
        "--project", action="append", default=[], metavar="NAME", help="only this project"
    )
    parser.add_argument(
        "--verdicts",
        type=Path,
        help="a round's folder or one CSV file (default: the newest round under verdicts/)",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every finding here")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="download folder")
    return parser.parse_args()


def newest_round() -> Path | None:
    """The round whose round.toml has the latest date, then the latest run of perflint it
    judges (two rounds on one day); a round without a date is skipped."""
    dated = []
    for marker in VERDICTS_DIR.glob("*/round.toml"):
        facts = tomllib.loads(marker.read_text(encoding="utf-8"))
        if facts.get("date"):
            dated.append((facts["date"], facts.get("run_date", ""), marker.parent))
    return max(dated)[2] if dated else None


def perflint_flags(perflint: str) -> list[str]:
    """Every rule on, nothing cached; rules in preview and project-config isolation when
    this perflint has them; a file timeout no busy machine reaches, so load cannot turn a
    large file's findings into PFL001."""
    help_text = subprocess.run([perflint, "--help"], capture_output=True, text=True).stdout
    flags = ["--select", "PFL", "--format", "json"]
    flags += [flag for flag in ("--no-cache", "--preview", "--isolated") if flag in help_text]
    if "--file-timeout" in help_text:
        flags += ["--file-timeout", "600"]
    return flags


def perflint_revision(perflint: str) -> str:
    """The git commit of the perflint source the executable runs ("+dirty" if modified)."""
    python = Path(perflint).parent / "python"
    located = subprocess.run(
        [str(python), "-c", "import perflint, pathlib; print(pathlib.Path(perflint.__file__))"],
        capture_output=True,
        text=True,
    )
    if located.returncode != 0:
        return "unknown"
    source = Path(located.stdout.strip()).parent
    head = subprocess.run(
        ["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    if head.returncode != 0:
        return "unknown"
    dirty = subprocess.run(
        ["git", "-C", str(source), "status", "--porcelain", "--untracked-files=no", "--", "."],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return head.stdout.strip() + ("+dirty" if dirty else "")


def check_isolated(project: Project, root: Path) -> None:
    """A project's own perflint config or .gitignore must not decide what is measured."""
    configs = Configs()
    for path in project.paths:
        config = configs.for_path(root / path).source
        if config is not None:
            raise CorpusError(f"{project.name}: {config} configures perflint; it would apply")
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            raise CorpusError(f"{root} lies in the git work tree {folder}: use another --cache")


def count_lines(project: Project, root: Path) -> tuple[int, int]:
    """Files and lines of the Python that perflint lints in this project."""
    sources = discover([str(root / path) for path in project.paths], Configs())
    lines = sum(len(source.path.read_bytes().splitlines()) for source in sources)
    return len(sources), lines


def run_project(project: Project, root: Path, perflint: str, flags: list[str]) -> ProjectRun:
    files, lines = count_lines(project, root)
    started, cpu_before = time.perf_counter(), _children_cpu()
    completed = subprocess.run(
        [perflint, *flags, *project.paths], cwd=root, capture_output=True, text=True
    )
    seconds, cpu_seconds = time.perf_counter() - started, _children_cpu() - cpu_before
    if completed.returncode not in (0, 1):
        raise CorpusError(
            f"{project.name}: perflint exited {completed.returncode}: {completed.stderr.strip()}"
        )
    return ProjectRun(project, files, lines, seconds, cpu_seconds, json.loads(completed.stdout))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rule_names(perflint: str) -> dict[str, str]:
    listing = subprocess.run([perflint, "--list-rules"], capture_output=True, text=True).stdout
    return {
        parts[0]: parts[1]
        for parts in (line.split() for line in listing.splitlines())
        if len(parts) > 1 and parts[0].startswith("PFL")
    }


def score(
    runs: list[ProjectRun], verdicts: list[Verdict]
) -> tuple[dict[str, RuleScore], list[Verdict]]:
    """Findings and verdicts per rule, and the verdicts whose finding no longer exists."""
    scores: dict[str, RuleScore] = {}
    stale: list[Verdict] = []
    present: set[Key] = set()
    for run in runs:
        for finding in run.findings:
            scores.setdefault(finding["code"], RuleScore()).findings += 1
            present.add(finding_key(run.project.name, finding))
    measured = {run.project.name for run in runs}
    for verdict in verdicts:
        project, _, _, code = verdict.key
        if project not in measured:
            continue
        rule = scores.setdefault(code, RuleScore())
        if verdict.key not in present:
            rule.stale += 1
            stale.append(verdict)
        elif not verdict.verdict:
            rule.unjudged += 1
        else:
            setattr(rule, verdict.verdict, getattr(rule, verdict.verdict) + 1)
    return scores, stale


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def print_projects(runs: list[ProjectRun]) -> None:
    print(
        f"{'project':<22}{'version':>11}{'files':>7}{'lines':>10}{'findings':>10}"
        f"{'seconds':>9}{'cpu s':>8}"
    )
    for run in runs:
        p = run.project
        print(
            f"{p.name:<22}{p.version:>11}{run.files:>7}{run.lines:>10}"
            f"{len(run.findings):>10}{run.seconds:>9.1f}{run.cpu_seconds:>8.1f}"
        )
    total_lines = sum(run.lines for run in runs)
    total_findings = sum(len(run.findings) for run in runs)
    print(
        f"{'total':<22}{'':>11}{sum(run.files for run in runs):>7}{total_lines:>10}"
        f"{total_findings:>10}{sum(run.seconds for run in runs):>9.1f}"
        f"{sum(run.cpu_seconds for run in runs):>8.1f}"
    )


def print_rules(scores: dict[str, RuleScore], names: dict[str, str], lines: int) -> None:
    header = (
        f"{'rule':<8}{'name':<28}{'findings':>9}{'per kloc':>9}{'judged':>7}{'true':>6}"
        f"{'false':>6}{'debat.':>7}{'precision':>10}{'debat.%':>8}{'stale':>6}{'open':>6}"
    )
    print(header)
    total = RuleScore()
    for code in sorted(set(names) | set(scores)):
        rule = scores.get(code, RuleScore())
        total.add(rule)
        print(row(code, names.get(code, ""), rule, lines))
    print(row("all", "", total, lines))


def row(code: str, name: str, rule: RuleScore, lines: int) -> str:
    per_kloc = 1000 * rule.findings / lines if lines else 0.0
    return (
        f"{code:<8}{name[:27]:<28}{rule.findings:>9}{per_kloc:>9.2f}{rule.judged:>7}"
        f"{rule.true:>6}{rule.false:>6}{rule.debatable:>7}"
        f"{percent(rule.true, rule.true + rule.false):>10}"
        f"{percent(rule.debatable, rule.judged):>8}{rule.stale:>6}{rule.unjudged:>6}"
    )


def write_json(path: Path, runs: list[ProjectRun], perflint: str, flags: list[str]) -> None:
    document = {
        "perflint_commit": perflint_revision(perflint),
        "perflint_flags": flags,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "projects": [
            {
                "name": run.project.name,
                "version": run.project.version,
                "paths": list(run.project.paths),
                "files": run.files,
                "lines": run.lines,
                "seconds": round(run.seconds, 1),
                "cpu_seconds": round(run.cpu_seconds, 1),
                "findings": run.findings,
            }
            for run in runs
        ],
    }
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


def main() -> int:
    args = parse_args()
    projects = load_projects()
    unknown = set(args.project) - {p.name for p in projects}
    if unknown:
        print(f"unknown project(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    if args.project:
        projects = [p for p in projects if p.name in args.project]
    if not Path(args.perflint).is_file():
        print(f"{args.perflint}: no such perflint executable", file=sys.stderr)
        return 2
    verdicts_at = args.verdicts or newest_round()
    flags = perflint_flags(args.perflint)
    runs = []
    try:
        verdicts = load(verdicts_at) if verdicts_at else []
        for project in projects:
            root = extract(project, args.cache)
            if "--isolated" not in flags:
                check_isolated(project, root)
            print(f"linting {project.name} {project.version}", file=sys.stderr)
            runs.append(run_project(project, root, args.perflint, flags))
    except (CorpusError, VerdictError) as error:
        print(error, file=sys.stderr)
        return 2
    if args.json:
        write_json(args.json, runs, args.perflint, flags)
    print(f"perflint {' '.join(flags)}; sources in {args.cache / 'src'}\n")
    print_projects(runs)
    print(f"\nverdicts: {verdicts_at or 'none'}\n")
    lines = sum(run.lines for run in runs)
    scores, stale = score(runs, verdicts)
    print_rules(scores, rule_names(args.perflint), lines)
    if stale:
        print(f"\n{len(stale)} stale verdicts (no such finding now; judge again or drop):")
        for verdict in stale:
            project, path, line, code = verdict.key
            print(f"  {verdict.source}: {project} {path}:{line} {code} ({verdict.verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
