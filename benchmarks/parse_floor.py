"""The floor for any LibCST-based linter: read and parse every ``*.py`` file under a folder.

Usage: ``python benchmarks/parse_floor.py FOLDER [--jobs N]``. Prints how many files parsed
and how many LibCST rejected. ``bench.py`` runs it as a subprocess and times the process.
"""

from __future__ import annotations

import argparse
from multiprocessing import Pool
from pathlib import Path

import libcst


def parses(path: Path) -> bool:
    try:
        libcst.parse_module(path.read_bytes())
    except libcst.ParserSyntaxError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (1: serial)")
    args = parser.parse_args()
    files = sorted(args.folder.rglob("*.py"))
    if args.jobs == 1:
        results = [parses(path) for path in files]
    else:
        with Pool(args.jobs) as pool:
            results = pool.map(parses, files, chunksize=4)
    parsed = sum(results)
    print(f"parsed {parsed} failed {len(results) - parsed}")


if __name__ == "__main__":
    main()
