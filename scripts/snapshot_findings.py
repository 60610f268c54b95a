"""Record, or compare against a record, everything perflint reports on a set of trees.

A refactoring that must not change behaviour is checked with it: take a snapshot before,
make the change, compare after. Every rule is selected, the cache is off, and the output is
JSON, so messages, positions and impacts all count.

    python scripts/snapshot_findings.py write /tmp/before.json examples path/to/django
    python scripts/snapshot_findings.py compare /tmp/before.json examples path/to/django
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

PERFLINT = Path(sys.executable).with_name("perflint")


def findings_of(tree: Path) -> str:
    """perflint's JSON for one tree, run from the tree's parent so paths are stable."""
    command = [str(PERFLINT), "--no-cache", "--select", "PFL", "--format", "json", tree.name]
    done = subprocess.run(command, cwd=tree.parent, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"perflint failed on {tree} (exit {done.returncode}):\n{done.stderr}")
    return done.stdout


def snapshot(trees: list[Path]) -> dict[str, list[dict]]:
    return {str(tree): json.loads(findings_of(tree.resolve())) for tree in trees}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["write", "compare"])
    parser.add_argument("record", type=Path)
    parser.add_argument("trees", nargs="+", type=Path)
    args = parser.parse_args()
    now = snapshot(args.trees)
    if args.action == "write":
        args.record.write_text(json.dumps(now, indent=1, sort_keys=True))
        print(f"{sum(map(len, now.values()))} findings recorded in {args.record}")
        return
    before = json.loads(args.record.read_text())
    differences = 0
    for tree, findings in now.items():
        old = {json.dumps(f, sort_keys=True) for f in before.get(tree, [])}
        new = {json.dumps(f, sort_keys=True) for f in findings}
        for line in sorted(old - new):
            print(f"- {line}")
        for line in sorted(new - old):
            print(f"+ {line}")
        differences += len(old ^ new)
        if before.get(tree) != findings:
            differences += differences == 0  # same set, different order
        print(f"{tree}: {len(findings)} findings, {len(old ^ new)} differ")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
