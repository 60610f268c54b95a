"""Project-wide effects end to end: a call in a hot loop (or directly in ``async def``) to
a project function that queries, writes, makes a cache round trip (or blocks), itself or a
few calls away, in the same module or another one (tests/data/project_effects)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from support import ROOT, run_perflint, write_files

from perflint.effects.places import Place, SourcePlaces

PROJECT = ROOT / "tests" / "data" / "project_effects"
SELECT = ("--select", "PFL101,PFL102,PFL107,PFL301")


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    (root / ".git").mkdir()  # a work tree: the project root is known
    return root


def _lint(root: Path, *args: str) -> list[dict]:
    result = run_perflint(root, *SELECT, "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def _sites(findings: list[dict]) -> set[tuple[str, int, str]]:
    return {(f["path"], f["line"], f["code"]) for f in findings}


EXPECTED = {
    ("app/handlers.py", 7, "PFL301"),
    ("app/reports.py", 9, "PFL101"),
    ("app/reports.py", 11, "PFL102"),
    ("app/reports.py", 12, "PFL107"),
    ("app/reports.py", 16, "PFL101"),
    ("app/reports.py", 38, "PFL101"),
}


def test_calls_to_project_functions_with_effects_are_reported_with_their_chain(tmp_path):
    findings = _lint(_project(tmp_path), "--no-cache", ".")
    # Not reported: a query four calls away (deep), recursion and a cycle without a query,
    # a lazy select() builder, a call silenced by noqa, work handed to a thread, an
    # awaited coroutine, a write behind a condition (`if save:`), a memoized query.
    assert _sites(findings) == EXPECTED
    by_line = {(f["path"], f["line"]): f for f in findings}
    query = by_line["app/reports.py", 9]
    assert query["message"].startswith(
        "`fetch_account()` runs a query (store.py:13, `cur.execute`) on every loop iteration"
    )
    assert query["scope"] == "totals"
    assert query["line_text"] == "        fetch_account(account_id)"
    assert query["related"] == [
        {
            "line": 13,
            "column": 5,
            "end_line": 13,
            "end_column": 73,
            "message": "runs a query: `cur.execute`",
            "path": "app/store.py",
        }
    ]
    inherited = by_line["app/reports.py", 38]
    assert "through `fetch_account()`" in inherited["message"]
    assert [(r["path"], r["line"]) for r in inherited["related"]] == [
        ("app/base.py", 6),
        ("app/store.py", 13),
    ]
    blocking = by_line["app/handlers.py", 7]
    assert blocking["message"].startswith(
        "`wait_for_lock()` runs a thread-blocking sleep (store.py:30, `time.sleep`) inside "
        "`async def`"
    )


def test_the_depth_bound_is_the_call_depth_key(tmp_path):
    root = _project(tmp_path)
    assert ("app/reports.py", 21, "PFL101") not in _sites(_lint(root, "--no-cache", "."))
    (root / "pyproject.toml").write_text("[tool.perflint]\npreview = true\ncall-depth = 4\n")
    deep = [f for f in _lint(root, "--no-cache", ".") if f["line"] == 21]
    assert [f["code"] for f in deep] == ["PFL101"]
    assert "through `level2()` -> `level3()` -> `fetch_account()`" in deep[0]["message"]
    (root / "pyproject.toml").write_text("[tool.perflint]\ncall-depth = 0\n")
    result = run_perflint(root, ".")
    assert result.returncode == 2
    assert "`call-depth` must be a whole number from 1 to 10, got 0" in result.stderr


def test_recursion_and_cycles_end_and_still_find_the_query(tmp_path):
    write_files(
        tmp_path,
        {
            ".git/HEAD": "",
            "pyproject.toml": "[tool.perflint]\npreview = true\n",
            "tree.py": """\
                import sqlite3

                conn = sqlite3.connect("app.db")


                def walk(node):
                    walk(node.parent)
                    return conn.execute("SELECT 1 FROM t WHERE id = ?", (node,))


                def ping(n):
                    return pong(n)


                def pong(n):
                    ping(n)
                    return conn.execute("SELECT 1 FROM t WHERE id = ?", (n,))


                def report(nodes):
                    for node in nodes:
                        walk(node)
                        ping(node)
            """,
        },
    )
    findings = _lint(tmp_path, "--no-cache", "tree.py")
    assert [(f["line"], f["code"]) for f in findings] == [(22, "PFL101"), (23, "PFL101")]
    assert "through `pong()`" in findings[1]["message"]


def test_sarif_related_locations_name_the_other_file(tmp_path):
    root = _project(tmp_path)
    result = run_perflint(root, *SELECT, "--format", "sarif", "--no-cache", ".")
    results = json.loads(result.stdout)["runs"][0]["results"]
    (inherited,) = [
        r for r in results if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 38
    ]
    uris = [r["physicalLocation"]["artifactLocation"]["uri"] for r in inherited["relatedLocations"]]
    assert uris == ["app/base.py", "app/store.py"]


def test_one_file_linted_alone_still_sees_the_project(tmp_path):
    root = _project(tmp_path)
    alone = _lint(root, "--no-cache", "app/reports.py")
    assert _sites(alone) == {site for site in EXPECTED if site[0] == "app/reports.py"}
    assert alone[0]["related"][0]["path"] == "app/store.py"


def test_without_a_known_project_root_other_files_are_not_read(tmp_path):
    root = _project(tmp_path)
    (root / ".git").rmdir()
    (root / "pyproject.toml").unlink()
    assert _lint(root, "--preview", "--no-cache", "app/reports.py") == []
    assert _sites(_lint(root, "--preview", "--no-cache", ".")) == EXPECTED


def test_the_cache_keeps_summaries_and_a_changed_callee_changes_the_finding(tmp_path):
    """pre-commit passes the changed file only: the others' summaries come from the cache,
    and a callee edited since is summarised again."""
    root = _project(tmp_path)
    cache = tmp_path / "cache"
    first = _lint(root, "--cache-dir", str(cache), "app/reports.py")
    entries = sorted(cache.rglob("*.json"))
    assert _sites(first) == {site for site in EXPECTED if site[0] == "app/reports.py"}
    assert len(entries) == 7  # every file of the project
    inodes = [path.stat().st_ino for path in entries]
    second = _lint(root, "--cache-dir", str(cache), "app/reports.py")
    assert second == first
    # Every entry read, none written again (an entry is written aside, then renamed).
    assert sorted(cache.rglob("*.json")) == entries
    assert [path.stat().st_ino for path in entries] == inodes
    store = root / "app" / "store.py"
    store.write_text(store.read_text().replace('cur.execute("SELECT', 'print("SELECT'))
    third = _lint(root, "--cache-dir", str(cache), "app/reports.py")
    assert _sites(third) == {("app/reports.py", 11, "PFL102"), ("app/reports.py", 12, "PFL107")}
    assert len(list(cache.rglob("*.json"))) == len(entries) + 1  # only store.py linted again


def test_roles_and_per_file_ignores_filter_project_findings(tmp_path):
    root = _project(tmp_path)
    write_files(
        root,
        {
            "tests/test_totals.py": """\
                from app.store import fetch_account, wait_for_lock


                def test_totals():
                    for i in range(100):
                        fetch_account(i)


                async def test_handler():
                    wait_for_lock()
            """,
            "pyproject.toml": """\
                [tool.perflint]
                preview = true
                per-file-ignores = { "app/reports.py" = ["PFL101"] }
            """,
        },
    )
    sites = _sites(_lint(root, "--no-cache", "."))
    # PFL1xx apply to application code only, PFL301 to tests too.
    assert ("tests/test_totals.py", 10, "PFL301") in sites
    assert not any(path.startswith("tests/") and code != "PFL301" for path, _, code in sites)
    assert sites & {("app/reports.py", 9, "PFL101"), ("app/reports.py", 16, "PFL101")} == set()
    assert ("app/reports.py", 11, "PFL102") in sites


def test_baseline_accepts_project_findings(tmp_path):
    root = _project(tmp_path)
    recorded = run_perflint(root, *SELECT, "--no-cache", "--write-baseline", "base.json", ".")
    assert recorded.returncode == 0, recorded.stderr
    again = run_perflint(root, *SELECT, "--no-cache", "--baseline", "base.json", ".")
    assert again.returncode == 0 and again.stdout == "", again.stdout


def test_a_call_with_a_direct_finding_is_not_reported_twice(tmp_path):
    root = _project(tmp_path)
    (root / "pyproject.toml").write_text(
        "[tool.perflint]\npreview = true\n"
        '[tool.perflint.knowledge]\n"db.query" = ["app.store.fetch_account"]\n'
    )
    findings = [f for f in _lint(root, "--no-cache", ".") if f["line"] == 9]
    assert [(f["path"], f["code"]) for f in findings] == [("app/reports.py", "PFL101")]
    assert findings[0]["related"] == []  # the rule's own finding, the helper declared a query


def test_project_wide_effects_follow_the_rules_that_are_enabled(tmp_path):
    root = _project(tmp_path)
    (root / "pyproject.toml").write_text("[tool.perflint]\n")
    # PFL107 alone (on by default) does not start the pass; PFL101, a preview rule, runs
    # when named in full, and then PFL107 is followed too.

    def sites(*args: str) -> set[tuple[str, int, str]]:
        result = run_perflint(root, "--format", "json", "--no-cache", *args, ".")
        return _sites(json.loads(result.stdout))

    assert sites() == set()
    assert sites("--select", "PFL101,PFL107") == {
        ("app/reports.py", 9, "PFL101"),
        ("app/reports.py", 12, "PFL107"),
        ("app/reports.py", 16, "PFL101"),
        ("app/reports.py", 38, "PFL101"),
    }
    assert sites("--select", "PFL101") == {
        ("app/reports.py", 9, "PFL101"),
        ("app/reports.py", 16, "PFL101"),
        ("app/reports.py", 38, "PFL101"),
    }
    assert sites("--select", "PFL5", "--preview") == set()


def test_calls_are_located_where_cpythons_parser_cannot_parse_the_file(tmp_path):
    # A PEP 701 f-string: LibCST parses it, CPython before 3.12 does not, so the places the
    # finding names come from LibCST there; either way they are the same.
    write_files(
        tmp_path,
        {
            "pyproject.toml": "[tool.perflint]\npreview = true\n",
            "m.py": """\
                import sqlite3

                conn = sqlite3.connect("app.db")

                def label(d):
                    return f"{d["name"].upper()}"

                def fetch(i):
                    return conn.execute("SELECT name FROM accounts WHERE id = ?", (i,))

                def totals(ids):
                    for i in ids:
                        fetch(i)
                """,
        },
    )
    findings = _lint(tmp_path, "--no-cache", "m.py")
    assert [(f["line"], f["column"], f["end_column"], f["code"]) for f in findings] == [
        (13, 9, 17, "PFL101")
    ]
    assert findings[0]["related"][0]["line"] == 9


def test_a_place_in_a_file_that_changed_since_its_summary_is_not_reported():
    text = "def f():\n    g()\n    h()\n"
    places = SourcePlaces(lambda path: text, {"a.py": 2, "b.py": 3})
    assert places.place("a.py", 1) == Place(3, 5, 3, 8)
    assert places.place("b.py", 0) is None  # the walk met 3 calls, the file has 2
    assert SourcePlaces(lambda path: None, {"a.py": 2}).place("a.py", 0) is None


def test_the_advice_in_async_def_names_the_modules_event_loop_hand_off(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": "[tool.perflint]\npreview = true\n",
            "helpers.py": "import time\n\ndef settle():\n    time.sleep(1)\n",
            "service.py": """\
                import anyio

                from helpers import settle

                async def serve():
                    settle()
                """,
        },
    )
    (finding,) = _lint(tmp_path, "--no-cache", "service.py")
    assert finding["message"].endswith(
        "until it returns; use `await anyio.to_thread.run_sync(...)`, or make it async"
    )


SET_UP_LOOPS = """\
    import sqlite3

    from app.conf import settings

    conn = sqlite3.connect("app.db")
    PLUGINS = []


    def prepare(name):
        conn.execute("SELECT version FROM schema WHERE name = ?", (name,))


    def default_tables():
        return ["accounts", "orders"]


    def from_configuration(hs, config, effective_config_dict):
        for database in hs.config.databases:
            prepare(database)  # ok: one per configured database
        for mod, _ in config.password_providers:
            prepare(mod)  # ok: configured providers
        for name, table in effective_config_dict.items():
            prepare(name)  # ok: tables to clean, from the configuration
        for backend in settings.BACKENDS:
            prepare(backend)  # ok: Django-style settings
        tables = default_tables()
        for table in tables:
            prepare(table)  # ok: the defaults


    def from_registry():
        return [prepare(plugin) for plugin in PLUGINS]  # ok: a module-level registry


    class Manager:
        def __init__(self, bundles):
            self._bundles = bundles

        def refresh(self):
            for bundle in self._bundles:
                prepare(bundle)  # ok: what the manager was set up with
            for name, bundle in sorted(self._bundles.items()):
                prepare(name)  # ok: the same, through a view


    def per_row(rows, config, manager):
        for row in rows:
            prepare(row)  # a parameter: rows
        for row in rows_for(config):
            prepare(row)  # the configuration is an argument, the rows are data
        for database in config.databases:
            for row in database.rows:
                prepare(row)  # the inner loop runs per row
        for row in manager.bundle.rows:
            prepare(row)  # an attribute of another object
        return [prepare(row) for row in manager.rows()]


    def on_failure(callbacks, rows):
        for callback in callbacks:
            try:
                callback()
            except Exception:
                prepare(callback)  # ok: runs when a pass fails
        try:
            rows.check()
        except ValueError:
            for row in rows:
                prepare(row)  # the loop is inside the handler: per row


    def rows_for(config):
        return config
"""


def test_loops_over_set_up_collections_are_not_per_row(tmp_path):
    """A loop over configured units (databases, providers, tables to clean), a module-level
    registry or what an object holds from its set-up calls a whole procedure per unit; an
    exception handler in the loop runs when a pass fails."""
    write_files(
        tmp_path,
        {
            ".git/HEAD": "",
            "pyproject.toml": "[tool.perflint]\npreview = true\n",
            "app/__init__.py": "",
            "app/conf.py": "settings = object()\n",
            "app/setup.py": SET_UP_LOOPS,
        },
    )
    findings = _lint(tmp_path, "--no-cache", ".")
    lines = SET_UP_LOOPS.splitlines()
    expected = {i for i, text in enumerate(lines, 1) if "prepare(" in text and "# ok" not in text}
    expected.discard(9)  # the definition
    assert {(f["line"], f["code"]) for f in findings} == {(line, "PFL101") for line in expected}
    assert len(expected) == 6


PRESENCE_GUARDS = """\
    import json
    import sqlite3

    conn = sqlite3.connect("app.db")
    _registry = None


    def load_registry():
        global _registry
        if _registry is not None:
            return _registry
        with open("registry.json") as f:
            _registry = json.load(f)
        return _registry


    def load_rules():
        if not _registry:  # returns when it has nothing: the read below is the usual path
            return []
        with open("rules.json") as f:
            return json.load(f)


    def ensure_version(task):
        if task.version_id is not None:
            return True
        task.version_id = conn.execute("SELECT max(id) FROM versions").fetchone()[0]
        return False


    class Rates:
        def rate(self, currency):
            if currency in self._rates:
                return self._rates[currency]
            self._rates[currency] = conn.execute("SELECT rate FROM rates WHERE id = ?", [currency])
            return self._rates[currency]

        def fresh(self, currency):
            if currency is None:
                return None
            return conn.execute("SELECT rate FROM rates WHERE code = ?", (currency,))


    async def servers():
        load_registry()  # ok: read once, then kept
        return load_rules()


    def backfill(tasks):
        for task in tasks:
            ensure_version(task)  # ok: only tasks without a version


    class Converter(Rates):
        def convert(self, amounts):
            return [self.rate(a) for a in amounts]  # ok: a rate per currency, then kept

        def refresh(self, amounts):
            return [self.fresh(a) for a in amounts]
"""


def test_what_follows_a_presence_guard_is_not_followed(tmp_path):
    """``if _registry is not None: return _registry`` (a memo by hand), ``if key in cache:
    return ...``, ``if task.version_id is not None: return True``: the code after the guard
    is a fallback for a missing value, not what every call does."""
    write_files(
        tmp_path,
        {
            ".git/HEAD": "",
            "pyproject.toml": "[tool.perflint]\npreview = true\n",
            "registry.py": PRESENCE_GUARDS,
        },
    )
    findings = _lint(tmp_path, "--no-cache", ".")
    assert [(f["line"], f["code"]) for f in findings] == [(46, "PFL301"), (59, "PFL101")]
    assert "load_rules()" in findings[0]["message"]


def test_a_handler_in_the_loop_body_is_judged_apart_from_the_rest_of_the_body(tmp_path):
    # The calls of one loop body share whether the loop is per row, except those in an
    # exception handler: they run when a pass fails.
    write_files(
        tmp_path,
        {
            "pyproject.toml": "[tool.perflint]\npreview = true\n",
            "m.py": """\
                import sqlite3

                conn = sqlite3.connect("app.db")

                def fetch(i):
                    return conn.execute("SELECT name FROM accounts WHERE id = ?", (i,))

                def names(ids):
                    for i in ids:
                        try:
                            fetch(i)
                        except ValueError:
                            fetch(i)
                        fetch(i)
                """,
        },
    )
    assert [(f["line"], f["code"]) for f in _lint(tmp_path, "--no-cache", "m.py")] == [
        (11, "PFL101"),
        (14, "PFL101"),
    ]


def test_a_noqa_that_silences_a_project_wide_finding_is_used(tmp_path):
    root = _project(tmp_path)
    reports = root / "app" / "reports.py"
    reports.write_text(
        reports.read_text()
        + "\n\ndef both(ids):\n    for i in ids:\n"
        + "        fetch_account(i)  # noqa: PFL101, PFL501\n"
    )
    unused = [
        (f["line"], f["message"])
        for f in _lint(root, "--select", "PFL002,PFL101,PFL501", "--no-cache", ".")
        if f["code"] == "PFL002"
    ]
    # Line 33's `# noqa: PFL101` silences a finding of the project-wide pass: it is used.
    assert unused == [(51, "unused `noqa`: PFL501 silences nothing on this line")]
