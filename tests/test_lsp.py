"""`perflint-lsp` end to end: the real server in a subprocess, spoken to over JSON-RPC."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lsp_client import LspClient
from support import run_perflint, write_files

from perflint.lsp.edits import TextEdit, noqa_edit, split_lines, text_edits
from perflint.lsp.workers import Failure, WorkerPool

# PFL511 (a safe fix), PFL509 (an unsafe one), PFL501 (ignored by the configuration).
BUFFER = """\
def report(prices: dict, offers, rows):
    for sku, price in prices.items():
        print(price)
    cheapest = sorted(offers)[0]
    html = b""
    for row in rows:
        html += bytes(row)
    return cheapest, html
"""
# PFL509 and PFL511 are preview rules.
CONFIG = '[tool.perflint]\npreview = true\nignore = ["PFL501"]\n'


def _apply(text: str, edits: list[dict]) -> str:
    """Apply LSP text edits (ASCII text: character offsets are code points)."""
    lines = split_lines(text)

    def offset(position: dict) -> int:
        return sum(len(line) for line in lines[: position["line"]]) + position["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


def _as_changes(edits: list[dict]) -> list[dict]:
    """The edits as incremental didChange events, last first (positions stay valid)."""
    ordered = sorted(
        edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"])
    )
    return [{"range": edit["range"], "text": edit["newText"]} for edit in reversed(ordered)]


@pytest.fixture
def server(tmp_path: Path):
    write_files(tmp_path, {"pyproject.toml": CONFIG, "app/views.py": "# not saved yet\n"})
    client = LspClient(tmp_path)
    yield client
    client.kill()


def _initialize(client: LspClient, root: Path) -> dict:
    result = client.request(
        "initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}}
    )
    client.notify("initialized", {})
    return result


def _open(client: LspClient, uri: str, text: str, version: int = 1) -> list[dict]:
    document = {"uri": uri, "languageId": "python", "version": version, "text": text}
    client.notify("textDocument/didOpen", {"textDocument": document})
    return _diagnostics(client, uri, version)


def _diagnostics(client: LspClient, uri: str, version: int) -> list[dict]:
    params = client.wait_for(
        "textDocument/publishDiagnostics",
        lambda p: p["uri"] == uri and p.get("version") == version,
    )
    return params["diagnostics"]


def test_language_server_end_to_end(server, tmp_path):
    capabilities = _initialize(server, tmp_path)["capabilities"]
    assert capabilities["hoverProvider"] and capabilities["codeActionProvider"]
    uri = (tmp_path / "app/views.py").as_uri()

    # Diagnostics of the unsaved buffer, under the project's configuration, as the CLI's.
    diagnostics = _open(server, uri, BUFFER)
    (tmp_path / "app/copy.py").write_text(BUFFER)
    expected = json.loads(run_perflint(tmp_path, "--format", "json", "app/copy.py").stdout)
    assert [
        (d["code"], d["range"]["start"], d["range"]["end"], d["message"], d["severity"])
        for d in diagnostics
    ] == [
        (
            f["code"],
            {"line": f["line"] - 1, "character": f["column"] - 1},
            {"line": f["end_line"] - 1, "character": f["end_column"] - 1},
            f["message"],
            2,
        )
        for f in expected
    ]
    assert [d["code"] for d in diagnostics] == ["PFL511", "PFL509"]
    dict_loop, min_max = diagnostics

    # Hover on a finding shows its rule's page.
    position = {"line": 1, "character": 30}
    hover = server.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
    )
    assert hover["contents"]["value"].startswith("# PFL511 incorrect-dict-iterator")
    assert "## Fix" in hover["contents"]["value"]

    # Code actions: the fix (safe: preferred) and the noqa of each finding in the range.
    params = {
        "textDocument": {"uri": uri},
        "range": dict_loop["range"],
        "context": {"diagnostics": [dict_loop]},
    }
    actions = server.request("textDocument/codeAction", params)
    assert [(a["title"], a["kind"], a.get("isPreferred")) for a in actions] == [
        ("Iterate `.values()` (PFL511)", "quickfix", True),
        ("Ignore PFL511 on this line (# noqa: PFL511)", "quickfix", False),
    ]
    fix = actions[0]["edit"]["changes"][uri]
    fixed = _apply(BUFFER, fix)
    assert fixed == BUFFER.replace(
        "for sku, price in prices.items():", "for price in prices.values():"
    )

    # The editor applies the fix as an incremental change: linted after the pause in typing.
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": _as_changes(fix)},
    )
    assert [d["code"] for d in _diagnostics(server, uri, 2)] == ["PFL509"]

    # The unsafe fix says so; the noqa action silences the finding.
    params["range"] = min_max["range"]
    params["context"] = {"diagnostics": [min_max]}
    actions = server.request("textDocument/codeAction", params)
    assert actions[0]["title"] == "Use `min(...)` (PFL509) - unsafe: see the rule's Fix section"
    assert not actions[0]["isPreferred"]
    noqa = actions[1]["edit"]["changes"][uri]
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 3}, "contentChanges": _as_changes(noqa)},
    )
    assert _diagnostics(server, uri, 3) == []

    # Saving lints again; closing clears the diagnostics.
    server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert _diagnostics(server, uri, 3) == []
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    server.wait_for(
        "textDocument/publishDiagnostics", lambda p: p["uri"] == uri and p["diagnostics"] == []
    )
    assert server.shutdown() == 0


def test_the_other_places_of_a_finding_are_its_related_information(server, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.perflint]\n")  # PFL501 on
    _initialize(server, tmp_path)
    uri = (tmp_path / "app/views.py").as_uri()
    text = (
        'def render(rows):\n    html = b""\n    for row in rows:\n'
        '        html += b"<tr>"\n        html += bytes(row)\n    return html\n'
    )
    [diagnostic] = _open(server, uri, text)
    assert diagnostic["code"] == "PFL501" and diagnostic["range"]["start"]["line"] == 3
    [related] = diagnostic["relatedInformation"]
    assert related["location"] == {
        "uri": uri,
        "range": {"start": {"line": 4, "character": 8}, "end": {"line": 4, "character": 26}},
    }
    assert related["message"] == "`html` grows here too"


def test_a_broken_file_and_a_bad_configuration_are_diagnostics(server, tmp_path):
    _initialize(server, tmp_path)
    broken = (tmp_path / "app/broken.py").as_uri()
    [diagnostic] = _open(server, broken, "def f(:\n    pass\n")
    assert (diagnostic["code"], diagnostic["severity"]) == ("PFL001", 1)
    assert diagnostic["message"].startswith("syntax error")
    write_files(tmp_path, {"other/perflint.toml": 'select = ["PFL9"]\n'})
    other = (tmp_path / "other/a.py").as_uri()
    [diagnostic] = _open(server, other, BUFFER)
    assert "cannot use the perflint configuration" in diagnostic["message"]
    # the server still serves the other documents
    assert [d["code"] for d in _open(server, (tmp_path / "app/ok.py").as_uri(), BUFFER)] == [
        "PFL511",
        "PFL509",
    ]
    assert server.shutdown() == 0


def test_a_slow_file_never_blocks_the_server(tmp_path):
    write_files(tmp_path, {"pyproject.toml": CONFIG})
    client = LspClient(tmp_path, "--workers", "1", "--file-timeout", "1")
    try:
        _initialize(client, tmp_path)
        big, small = (tmp_path / "big.py").as_uri(), (tmp_path / "small.py").as_uri()
        huge = "def f(rows):\n    return [r for r in rows]\n" * 25_000  # seconds to parse
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": big, "languageId": "python", "version": 1, "text": huge}},
        )
        # the server answers while the big file is being linted
        position = {"line": 0, "character": 0}
        assert (
            client.request(
                "textDocument/hover", {"textDocument": {"uri": big}, "position": position}
            )
            is None
        )
        assert [d["code"] for d in _open(client, small, BUFFER)] == ["PFL511", "PFL509"]
        [stopped] = _diagnostics(client, big, 1)
        assert (stopped["code"], stopped["message"]) == (
            "PFL001",
            "analysis took longer than 1 s and was stopped",
        )
        assert client.shutdown() == 0
    finally:
        client.kill()


def test_a_lint_that_takes_too_long_is_stopped_and_the_pool_goes_on():
    pool = WorkerPool(time.sleep, size=1, timeout=0.5)
    try:
        started = time.monotonic()
        result = pool.call(60)
        assert result == Failure("analysis took longer than 0.5 s and was stopped")
        assert time.monotonic() - started < 30
        assert pool.call(0) is None
    finally:
        pool.close()


def test_a_lint_that_crashes_its_process_is_a_failure_and_the_pool_goes_on():
    pool = WorkerPool(os._exit, size=1, timeout=30)
    try:
        assert pool.call(3) == Failure("the analysis process crashed on this file")
        assert pool.call(3) == Failure("the analysis process crashed on this file")
    finally:
        pool.close()


def test_text_edits_and_noqa_edits():
    assert text_edits("a\nb\nc", "a\nB\nc") == [TextEdit((1, 0), (2, 0), "B\n")]
    assert text_edits("a\nb", "a\nb\nc\n") == [TextEdit((1, 0), (1, 1), "b\nc\n")]
    assert noqa_edit("x = 1\n", 1, "PFL501") == TextEdit((0, 5), (0, 5), "  # noqa: PFL501")
    assert noqa_edit("x = 1  # noqa: PFL1\n", 1, "PFL501") == TextEdit((0, 19), (0, 19), ", PFL501")
    assert noqa_edit("x = 1  # noqa\n", 1, "PFL501") is None
    assert noqa_edit('q = """\nSELECT *\n"""\n', 2, "PFL201") is None
    assert noqa_edit("x = 1 + \\\n    2\n", 1, "PFL501") is None


def test_without_pygls_the_server_says_what_to_install():
    hide_pygls = "import sys; sys.modules['pygls'] = None; from perflint.lsp.command import main"
    result = subprocess.run(
        [sys.executable, "-c", f"{hide_pygls}; sys.exit(main([]))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (
        2,
        "perflint-lsp: error: pygls is missing: install the server with "
        "`pip install 'perflint[lsp]'`\n",
    )
