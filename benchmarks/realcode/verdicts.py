"""Judged findings: the CSV format shared by sample.py (writes it) and run.py (scores it)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("project", "path", "line", "code", "message", "verdict", "reason")
VERDICTS = ("true", "false", "debatable")

# A finding is matched to its verdict by these; the column and the message may drift.
Key = tuple[str, str, int, str]


class VerdictError(Exception):
    pass


@dataclass(frozen=True)
class Verdict:
    key: Key
    verdict: str  # one of VERDICTS, or "" while unjudged
    reason: str
    source: str  # file:row, for error messages


def finding_key(project: str, finding: dict) -> Key:
    return (project, finding["path"], int(finding["line"]), finding["code"])


def write_rows(path: Path, rows: Iterable[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _csv_files(location: Path) -> list[Path]:
    if location.is_file():
        return [location]
    if location.is_dir():
        return sorted(location.glob("*.csv"))
    raise VerdictError(f"{location}: no such file or folder")


def load(location: Path) -> list[Verdict]:
    """Every verdict row of a CSV file, or of all CSV files in a round's folder."""
    verdicts: list[Verdict] = []
    seen: dict[Key, str] = {}
    for path in _csv_files(location):
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            missing = set(FIELDS) - set(reader.fieldnames or ())
            if missing:
                raise VerdictError(f"{path}: missing columns {', '.join(sorted(missing))}")
            for row_number, row in enumerate(reader, start=2):
                source = f"{path}:{row_number}"
                verdict = row["verdict"].strip().lower()
                if verdict and verdict not in VERDICTS:
                    raise VerdictError(
                        f"{source}: verdict {row['verdict']!r} is not one of "
                        f"{', '.join(VERDICTS)} (or empty)"
                    )
                try:
                    key = (row["project"], row["path"], int(row["line"]), row["code"])
                except ValueError:
                    raise VerdictError(f"{source}: line {row['line']!r} is not a number") from None
                if key in seen:
                    raise VerdictError(f"{source}: judged twice (also {seen[key]})")
                seen[key] = source
                verdicts.append(Verdict(key, verdict, row["reason"].strip(), source))
    return verdicts
