"""One finding per cause: the other places of the same cause travel with it as related
locations (JSON `related`, SARIF `relatedLocations`, "also lines ..." in the message), and
survive the result cache."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from support import ROOT, run_perflint, write_files

from perflint.cache import _valid_entry
from perflint.findings import Location

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())

ROWS = """\
def render(rows):
    html = b""
    for row in rows:
        html += b"<tr>"
        html += bytes(row)
        html += b"</tr>"
    return html


def twice(rows):
    out = b""
    for row in rows:
        out += bytes(row)
    for row in rows:
        out += bytes(row)
    return out
"""


def _json(cwd: Path, *args: str) -> list[dict]:
    result = run_perflint(cwd, "--format", "json", *args, ".")
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


def test_growths_of_one_accumulator_in_one_loop_are_one_finding(tmp_path):
    write_files(tmp_path, {"views.py": ROWS})
    findings = _json(tmp_path, "--no-cache")
    # One per loop: `render` grows `html` three times in one loop; `twice` grows `out` in
    # two loops (two causes).
    assert [(f["line"], f["code"]) for f in findings] == [
        (4, "PFL501"),
        (13, "PFL501"),
        (15, "PFL501"),
    ]
    first = findings[0]
    assert first["related"] == [
        {
            "line": 5,
            "column": 9,
            "end_line": 5,
            "end_column": 27,
            "message": "`html` grows here too",
            "path": "",
        },
        {
            "line": 6,
            "column": 9,
            "end_line": 6,
            "end_column": 25,
            "message": "`html` grows here too",
            "path": "",
        },
    ]
    assert first["message"].endswith("once after the loop (also lines 5 and 6)")
    assert findings[1]["related"] == [] and "also line" not in findings[1]["message"]
    text = run_perflint(tmp_path, "--no-cache", ".").stdout
    assert text.count("PFL501") == 3


def test_related_locations_in_sarif(tmp_path):
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, {"src/views.py": ROWS})
    result = run_perflint(tmp_path, "--no-cache", "--format", "sarif", "src")
    document = json.loads(result.stdout)
    jsonschema.validate(document, SARIF_SCHEMA)
    [first, *others] = document["runs"][0]["results"]
    assert [r["id"] for r in first["relatedLocations"]] == [1, 2]
    location = first["relatedLocations"][1]
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": "src/views.py",
        "uriBaseId": "PROJECTROOT",
    }
    assert location["physicalLocation"]["region"]["startLine"] == 6
    assert location["message"] == {"text": "`html` grows here too"}
    assert all("relatedLocations" not in result for result in others)


def test_related_locations_survive_the_cache(tmp_path):
    write_files(tmp_path, {"views.py": ROWS})
    fresh = _json(tmp_path)
    [entry] = (tmp_path / ".perflint_cache").rglob("*.json")
    stored = _valid_entry(json.loads(entry.read_text()), "views.py")
    assert stored is not None, "the cache rejects its own entry"
    assert stored.findings[0].related[1] == Location(6, 9, 6, 25, "`html` grows here too")
    assert _json(tmp_path) == fresh
