"""The result cache: a tampered or absurd entry is a miss, keys follow the parsers'
versions and survive a move to another checkout, old entries are pruned, and
--clean-cache removes it."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from support import run_perflint, write_files

import perflint
from hostile.helpers import SLOW
from perflint import cache as cache_module
from perflint.cache import CACHE_FOLDER, MAX_AGE_DAYS, code_fingerprint
from perflint.config import Configs
from perflint.discovery import discover
from perflint.runner import Runner


def _entries(root):
    return sorted((root / CACHE_FOLDER).rglob("*.json"))


@pytest.mark.parametrize(
    "tampered",
    [
        "[" * 200_000 + "]" * 200_000,
        '{"path": "a.py", "findings": [{"line": "4"}], "summary": {}}',
        '{"path": "a.py", "findings": [], "summary": {"f": {"effects": [1], "calls": []}}}',
        '{"path": "elsewhere.py", "findings": [], "summary": {}}',
        '{"path": "a.py", "findings": [], "summary": {}, "extra": 1}',
        '{"path": "a.py", "findings": [], "summary": {}}' + " " * (5 * 1024 * 1024),
    ],
    ids=["deep", "wrong-type", "wrong-summary", "wrong-path", "extra-key", "too-big"],
)
def test_a_tampered_entry_is_a_miss(tmp_path, tampered):
    write_files(tmp_path, {"a.py": SLOW})
    first = run_perflint(tmp_path, "--quiet", ".")
    [entry] = _entries(tmp_path)
    entry.write_text(tampered)
    second = run_perflint(tmp_path, "--quiet", ".")
    assert (second.returncode, second.stdout, second.stderr) == (1, first.stdout, "")


def test_keys_follow_the_parsing_libraries_versions(monkeypatch):
    before = code_fingerprint.__wrapped__()
    monkeypatch.setattr(cache_module.metadata, "version", lambda name: "0.0.0-other")
    assert code_fingerprint.__wrapped__() != before


def test_keys_do_not_follow_perflints_file_times():
    source = os.path.join(os.path.dirname(perflint.__file__), "__init__.py")
    times = os.stat(source)
    before = code_fingerprint.__wrapped__()
    try:
        os.utime(source, (times.st_atime, times.st_mtime + 3600))
        assert code_fingerprint.__wrapped__() == before
    finally:
        os.utime(source, ns=(times.st_atime_ns, times.st_mtime_ns))


def test_a_cache_restored_in_another_checkout_still_hits(tmp_path, monkeypatch):
    """As a CI cache step restores it: another absolute path, new file times."""
    first_checkout, second_checkout = tmp_path / "run1" / "repo", tmp_path / "run2" / "repo"
    write_files(first_checkout, {"pyproject.toml": "[tool.perflint]\n", "app/a.py": SLOW})
    monkeypatch.chdir(first_checkout)
    [first] = Runner(first_checkout / CACHE_FOLDER).lint_files(discover(["."], Configs()))
    shutil.copytree(first_checkout, second_checkout, copy_function=shutil.copy)

    def refuse(*args, **kwargs):
        raise AssertionError("linted again despite a restored cache")

    monkeypatch.setattr("perflint.runner.lint_source", refuse)
    monkeypatch.chdir(second_checkout)
    runner = Runner(second_checkout / CACHE_FOLDER)
    [second] = runner.lint_files(discover(["."], Configs()))
    assert second.findings == first.findings and second.findings
    assert not second.internal_errors


def test_entries_unused_for_long_are_pruned(tmp_path):
    write_files(tmp_path, {"a.py": SLOW})
    run_perflint(tmp_path, ".")
    [used] = _entries(tmp_path)
    stale = used.parent / ("0" * 40 + ".json")
    stale.write_text("{}")
    long_ago = time.time() - (MAX_AGE_DAYS + 1) * 24 * 3600
    for path in (stale, used):
        os.utime(path, (long_ago, long_ago))
    (tmp_path / CACHE_FOLDER / ".pruned").unlink(missing_ok=True)
    run_perflint(tmp_path, ".")
    assert _entries(tmp_path) == [used]  # read again in this run, so kept


def test_clean_cache_removes_it_and_nothing_else(tmp_path):
    write_files(tmp_path, {"a.py": SLOW})
    run_perflint(tmp_path, ".")
    assert _entries(tmp_path)
    result = run_perflint(tmp_path, "--clean-cache")
    assert result.returncode == 0
    assert result.stderr == f"perflint: removed the cache at {tmp_path / CACHE_FOLDER}\n"
    assert not (tmp_path / CACHE_FOLDER).exists()
    write_files(tmp_path, {"mine/notes.txt": "keep me"})
    refused = run_perflint(tmp_path, "--clean-cache", "--cache-dir", "mine")
    assert refused.returncode == 2 and "not a perflint cache" in refused.stderr
    assert (tmp_path / "mine" / "notes.txt").exists()
