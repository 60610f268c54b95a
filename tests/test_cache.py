"""The result cache: an unchanged file is not linted again; anything its findings depend
on changes the key."""

from __future__ import annotations

import json

from support import run_perflint, write_files
from test_cli import CLEAN, SLOW

from perflint.cache import CACHE_FOLDER
from perflint.config import Configs
from perflint.discovery import discover
from perflint.effects.summary import FileSummary, Function
from perflint.runner import Runner
from perflint.workers import run_isolated


def entries(root):
    return sorted(p.name for p in (root / CACHE_FOLDER).rglob("*.json"))


def test_second_run_reads_the_cache_and_prints_the_same(tmp_path):
    write_files(tmp_path, {"a.py": SLOW, "b.py": CLEAN})
    first = run_perflint(tmp_path, ".")
    assert len(entries(tmp_path)) == 2
    second = run_perflint(tmp_path, ".")
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    assert len(entries(tmp_path)) == 2
    assert (tmp_path / CACHE_FOLDER / ".gitignore").read_text().endswith("*\n")


def test_cached_results_are_used_not_recomputed(tmp_path, monkeypatch):
    write_files(tmp_path, {"a.py": SLOW})
    sources = discover([str(tmp_path)], Configs())
    cache = tmp_path / CACHE_FOLDER
    [first] = Runner(cache).lint_files(sources, jobs=1)

    def refuse(*args, **kwargs):
        raise AssertionError("linted again despite a cached result")

    monkeypatch.setattr("perflint.runner.lint_source", refuse)
    [second] = Runner(cache).lint_files(sources, jobs=1)
    assert second.findings == first.findings and second.findings
    assert second.summary == first.summary


def test_only_the_files_without_a_cached_result_go_to_workers(tmp_path, monkeypatch):
    write_files(tmp_path, {"a.py": SLOW, "b.py": CLEAN, "c.py": SLOW})
    cache = tmp_path / CACHE_FOLDER
    first = Runner(cache).lint_files(discover([str(tmp_path)], Configs()))
    write_files(tmp_path, {"b.py": SLOW})
    sent = []

    def recording(tasks, *args):
        sent.append([task.path.name for task in tasks])
        return run_isolated(tasks, *args)

    monkeypatch.setattr("perflint.runner.run_isolated", recording)
    second = Runner(cache).lint_files(discover([str(tmp_path)], Configs()))
    assert sent == [["b.py"]]
    assert [r.path for r in second] == [r.path for r in first]
    assert (second[0].findings, second[2].findings) == (first[0].findings, first[2].findings)
    assert second[1].findings and not first[1].findings
    third = Runner(cache).lint_files(discover([str(tmp_path)], Configs()))
    assert sent == [["b.py"]]  # all cached: no worker at all
    assert [r.findings for r in third] == [r.findings for r in second]


def test_an_edit_or_a_config_change_is_a_new_key(tmp_path):
    write_files(tmp_path, {"a.py": CLEAN})
    assert run_perflint(tmp_path, ".").returncode == 0
    write_files(tmp_path, {"a.py": SLOW})
    assert run_perflint(tmp_path, ".").returncode == 1
    write_files(tmp_path, {"pyproject.toml": '[tool.perflint]\nignore = ["PFL501"]\n'})
    assert run_perflint(tmp_path, ".").returncode == 0
    # --select replaces the file's selection: PFL501 is back, the cached "clean" is not used
    assert run_perflint(tmp_path, "--select", "PFL5", ".").returncode == 1


def test_no_cache_and_cache_dir(tmp_path):
    write_files(tmp_path, {"a.py": SLOW})
    run_perflint(tmp_path, "--no-cache", ".")
    assert not (tmp_path / CACHE_FOLDER).exists()
    run_perflint(tmp_path, "--cache-dir", "elsewhere", ".")
    assert not (tmp_path / CACHE_FOLDER).exists()
    assert len(sorted((tmp_path / "elsewhere").rglob("*.json"))) == 1


def test_an_unwritable_cache_never_fails_the_run(tmp_path):
    write_files(tmp_path, {"a.py": SLOW})
    (tmp_path / "blocked").write_text("a file where the cache folder would go")
    result = run_perflint(tmp_path, "--cache-dir", "blocked/cache", ".")
    assert result.returncode == 1 and "PFL501" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_summary_of_another_shape_is_a_miss():
    summary = FileSummary(
        "app",
        ["PFL101"],
        3,
        "",
        {"f": Function(False, [])},
        {},
        [],
        {"g": "app.m.g"},
        {"f": "app.m.C"},
    )
    stored = summary.to_json()
    assert FileSummary.from_json(json.loads(json.dumps(stored))) == summary
    for broken in (
        {**stored, "calls": [["app.g", "f"]]},
        {**stored, "functions": {"f": [0, []]}},
        {**stored, "codes": "PFL101"},
        {**stored, "walked": True},
        {**stored, "handoff": None},
        {**stored, "calls": [["app.g", "f", 2, "g", True, False, False, False, "extra"]]},
        {key: value for key, value in stored.items() if key != "classes"},
        {**stored, "exports": {"g": ["app.m.g"]}},
        {key: value for key, value in stored.items() if key != "exports"},
        {**stored, "returns": {"f": None}},
    ):
        assert FileSummary.from_json(broken) is None
