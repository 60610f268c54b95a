"""Draw a stratified random sample of findings to judge from a run.py --json file.

    .venv/bin/python benchmarks/realcode/sample.py RUN.json --seed 1 --out DIR [--total 260]
                                                   [--min-per-rule 8] [--batches 4]

Every rule that fires gets at least --min-per-rule findings (all of them where fewer fire);
the rest of --total is shared in proportion to how often each rule fires. Writes DIR/sample.csv
(or DIR/batch-1.csv ... DIR/batch-N.csv, one per judge) with empty verdict and reason
columns, sorted by project, path and line, and DIR/round.toml recording where it came from.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from verdicts import Key, finding_key, write_rows


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, help="the --json output of run.py")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True, help="the round's folder")
    parser.add_argument("--total", type=int, default=260)
    parser.add_argument("--min-per-rule", type=int, default=8)
    parser.add_argument("--batches", type=int, default=1, help="split into this many files")
    return parser.parse_args()


def population(run: dict) -> dict[str, dict[Key, dict]]:
    """Findings by rule, one per (project, path, line, code): the unit a verdict judges."""
    by_rule: dict[str, dict[Key, dict]] = defaultdict(dict)
    for project in run["projects"]:
        for finding in project["findings"]:
            key = finding_key(project["name"], finding)
            by_rule[finding["code"]].setdefault(key, finding)
    return by_rule


def allocate(sizes: dict[str, int], total: int, floor: int) -> dict[str, int]:
    """How many findings to draw per rule: a share of `total` proportional to the rule's
    size, raised to `floor` and capped at the size, with largest-remainder rounding."""
    fixed: dict[str, int] = {}
    while True:
        free = {code: n for code, n in sizes.items() if code not in fixed}
        budget = total - sum(fixed.values())
        weight = sum(free.values())
        shares = {code: budget * n / weight for code, n in free.items()} if weight else {}
        # Settle the rules whose share exceeds their size, else those below the floor; re-share.
        settled = {code: n for code, n in free.items() if shares[code] > n} or {
            code: min(n, floor) for code, n in free.items() if shares[code] < min(n, floor)
        }
        if not settled:
            break
        fixed.update(settled)
    counts = {code: int(share) for code, share in shares.items()}
    shortfall = max(0, total - sum(fixed.values()) - sum(counts.values()))
    by_remainder = sorted(shares, key=lambda code: (counts[code] - shares[code], code))
    for code in by_remainder[:shortfall]:
        counts[code] += 1
    return {**fixed, **counts}


def draw(by_rule: dict[str, dict[Key, dict]], counts: dict[str, int], seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for code in sorted(by_rule):
        keys = sorted(by_rule[code])
        for key in rng.sample(keys, counts[code]):
            project, path, line, _ = key
            message = by_rule[code][key]["message"]
            rows.append(
                {
                    "project": project,
                    "path": path,
                    "line": line,
                    "code": code,
                    "message": message,
                    "verdict": "",
                    "reason": "",
                }
            )
    return sorted(rows, key=lambda row: (row["project"], row["path"], row["line"], row["code"]))


def batches(rows: list[dict], count: int) -> list[list[dict]]:
    """Contiguous, nearly equal parts that never split one file between two judges."""
    parts: list[list[dict]] = []
    start = 0
    for index in range(1, count + 1):
        end = round(len(rows) * index / count)
        while 0 < end < len(rows) and rows[end]["path"] == rows[end - 1]["path"]:
            end += 1
        parts.append(rows[start : max(start, end)])
        start = max(start, end)
    return parts


def round_toml(run: dict, args: argparse.Namespace, drawn: int, findings: int) -> str:
    corpus = ", ".join(f'"{p["name"]} {p["version"]}"' for p in run["projects"])
    return (
        f'perflint_commit = "{run["perflint_commit"]}"\n'
        f'perflint_flags = "{" ".join(run["perflint_flags"])}"\n'
        f'run_date = "{run["date"]}"\n'
        f"seed = {args.seed}\n"
        f'date = "{datetime.now(timezone.utc).strftime("%Y-%m-%d")}"\n'
        f"sampled = {drawn}\n"
        f"distinct_findings = {findings}\n"
        f"min_per_rule = {args.min_per_rule}\n"
        f"corpus = [{corpus}]\n"
    )


def main() -> int:
    args = parse_args()
    run = json.loads(args.run.read_text(encoding="utf-8"))
    by_rule = population(run)
    counts = allocate(
        {code: len(found) for code, found in by_rule.items()}, args.total, args.min_per_rule
    )
    rows = draw(by_rule, counts, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    if list(args.out.glob("*.csv")):
        print(f"{args.out}: already holds a sample; choose an empty folder", file=sys.stderr)
        return 2
    if args.batches == 1:
        write_rows(args.out / "sample.csv", rows)
    else:
        for number, part in enumerate(batches(rows, args.batches), start=1):
            write_rows(args.out / f"batch-{number}.csv", part)
    distinct = sum(len(found) for found in by_rule.values())
    (args.out / "round.toml").write_text(
        round_toml(run, args, len(rows), distinct), encoding="utf-8"
    )
    for code in sorted(counts):
        print(f"{code}  {len(by_rule[code]):>6} findings  {counts[code]:>4} sampled")
    print(f"total   {distinct:>6} findings  {len(rows):>4} sampled -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
