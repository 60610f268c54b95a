"""Output for code scanning, reviews and people, through the `perflint` command: SARIF
that code scanning accepts, `--output-file`, `--statistics` that never corrupts a document,
impact made visible, the Markdown review, progress and the summary line."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import jsonschema
import pytest
from support import PERFLINT, ROOT, run_perflint, write_files

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())

SLOW = (
    'def render(rows):\n    html = b""\n    for row in rows:\n        html += bytes(row)\n'
    "    return html\n"
)
QUERY = (
    "import requests\n\n\n"
    "class Client:\n"
    "    def fetch(self, ids):\n"
    "        for i in ids:\n"
    '            requests.get(f"https://api.example.com/{i}")\n'
)
ODD_NAME = "odd dir/a b:c#d?e%f é.py"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the project root: a git work tree
    write_files(tmp_path, {"src/views.py": SLOW, "src/client.py": QUERY, f"src/{ODD_NAME}": SLOW})
    return tmp_path


def _validate(document: dict) -> None:
    jsonschema.validate(
        document, SARIF_SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def test_sarif_is_valid_and_relative_to_the_project_wherever_run(project):
    runs = [
        run_perflint(project, "--format", "sarif", "src"),
        run_perflint(project / "src", "--format", "sarif", "."),
        run_perflint(project.parent, "--format", "sarif", str(project / "src")),
    ]
    documents = [json.loads(run.stdout) for run in runs]
    for document in documents:
        _validate(document)
    where = [
        [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in d["runs"][0]["results"]]
        for d in documents
    ]
    assert where[0] == where[1] == where[2]
    assert {location["uriBaseId"] for location in where[0]} == {"PROJECTROOT"}
    root_uri = documents[0]["runs"][0]["originalUriBaseIds"]["PROJECTROOT"]["uri"]
    assert root_uri.startswith("file://") and root_uri.endswith("/")
    for location in where[0]:
        uri = location["uri"]
        parts = urlsplit(uri)
        assert (parts.scheme, parts.query, parts.fragment) == ("", "", ""), uri
        resolved = unquote(urlsplit(urljoin(root_uri, uri)).path)
        assert Path(resolved).is_file(), uri
    uris = sorted(location["uri"] for location in where[0])
    assert "src/odd%20dir/a%20b%3Ac%23d%3Fe%25f%20%C3%A9.py" in uris


def test_sarif_rules_carry_their_pages_and_results_their_fingerprints(project):
    sarif = json.loads(run_perflint(project, "--format", "sarif", "src").stdout)
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    pfl501 = rules["PFL501"]
    assert pfl501["fullDescription"]["text"].startswith("Flags `s += part`")
    assert pfl501["help"]["markdown"].startswith("# PFL501 string-concat-in-loop")
    assert "## " not in pfl501["help"]["text"] and "Why is this bad?" in pfl501["help"]["text"]
    assert pfl501["helpUri"].endswith("/PFL501.md")
    findings = json.loads(run_perflint(project, "--format", "json", "src").stdout)
    by_place = {(f["code"], f["line"], f["path"]): f["fingerprint"] for f in findings}
    for result in sarif["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        uri = unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        key = (result["ruleId"], region["startLine"], uri)
        assert result["partialFingerprints"]["perflint/v1"] == by_place[key]


def test_github_annotations_name_files_from_the_checkout_root(project):
    result = run_perflint(project / "src", "--format", "github", "views.py")
    assert result.stdout.startswith("::warning file=src/views.py,line=4,col=9,")


def test_output_file_and_statistics_never_inside_a_document(project):
    for output_format in ("json", "sarif"):
        result = run_perflint(project, "--format", output_format, "--statistics", "src")
        json.loads(result.stdout)
        assert "2     PFL501 string-concat-in-loop" in result.stderr
    text = run_perflint(project, "--statistics", "-o", "out.txt", "src")
    assert text.stdout == ""
    written = (project / "out.txt").read_text(encoding="utf-8")
    assert "src/views.py:4:9: PFL501" in written and "PFL401 missing-timeout" in written
    bad = run_perflint(project, "-o", "no/such/folder/out.txt", "src")
    assert bad.returncode == 2 and "cannot write the output" in bad.stderr


def test_impact_shown_and_sorted(project):
    result = run_perflint(project, "--show-impact", "--sort", "impact", "src")
    assert [line.split(": ", 1)[1][:13] for line in result.stdout.splitlines()] == [
        "PFL401 [high]",
        "PFL402 [mediu",
        "PFL501 [mediu",
        "PFL501 [mediu",
    ]


def test_markdown_review_ranks_bottlenecks_by_impact(project):
    review = run_perflint(project, "--format", "report", "src").stdout
    assert "| HIGH | PFL401 missing-timeout | 1 |" in review
    assert "| MEDIUM | PFL501 string-concat-in-loop | 2 |" in review
    first, second = review.split("## Bottleneck #")[1:3]
    assert first.startswith("1 (Impact: HIGH): PFL401 missing-timeout")
    assert "**Where:** `src/client.py`, in `Client.fetch`, line 7" in first
    assert 'requests.get(f"https://api.example.com/{i}")' in first
    assert "**Why it is slow:** `requests.get()` has no timeout" in first
    assert "**The fix:** Pass `timeout=`" in first
    assert "[PFL401 missing-timeout](https://" in first
    assert second.startswith("2 (Impact: MEDIUM): PFL402 client-per-request")


def _run_on_a_terminal(cwd: Path, *args: str) -> tuple[str, str]:
    """stdout through a pipe, stderr on a pseudo-terminal, as in an interactive shell."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [PERFLINT, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=follower, text=True
    )
    os.close(follower)
    stdout, _ = process.communicate(timeout=120)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal is gone once the process and its copies closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return stdout, b"".join(chunks).decode()


def test_progress_on_a_terminal_only_and_a_summary_line(tmp_path):
    # A file the parser needs seconds for makes the run long enough to show progress.
    (tmp_path / "chain.py").write_text("x = " + "1 + " * 4000 + "1\n")
    write_files(tmp_path, {f"m{i}.py": SLOW for i in range(3)})
    stdout, terminal = _run_on_a_terminal(tmp_path, "--file-timeout", "2", ".")
    assert "\rperflint: " in terminal and " files" in terminal
    assert terminal.rstrip().endswith("perflint: 4 findings in 4 files")
    assert "\r" not in stdout
    piped = run_perflint(tmp_path, "--file-timeout", "2", ".")
    assert piped.stderr == "perflint: 4 findings in 4 files\n"
