"""Project-wide effects across modules (tests/data/project_xmod): a project class's
constructor runs its ``__init__``, a package's ``__init__`` re-exports names, and a method
call's receiver is known from a constructor, an annotation, ``self.attr = Repo()`` or a
project function that returns the class (annotated, or every ``return`` constructs it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from support import ROOT, run_perflint

PROJECT = ROOT / "tests" / "data" / "project_xmod"

EXPECTED = {
    (11, "`Loader()` runs a query (store.py:7, `conn.execute`, through `fetch_account()`)"),
    (12, "`Child()` runs a query (store.py:7, `conn.execute`, through `fetch_account()`)"),
    (18, "`fetch()` runs a query (store.py:7, `conn.execute`)"),
    (25, "`local.load()` runs a query (models.py:20, `conn.execute`)"),
    (26, "`repo.load()` runs a query (models.py:20, `conn.execute`)"),
    (27, "`maybe.load()` runs a query (models.py:20, `conn.execute`)"),
    (46, "`self.repo.load()` runs a query (models.py:20, `conn.execute`)"),
    (53, "`make_repo().load()` runs a query (models.py:20, `conn.execute`)"),
    (54, "`built.load()` runs a query (models.py:20, `conn.execute`)"),
    (64, "`fetch()` runs a query (store.py:7, `conn.execute`)"),
}


def _lint(tmp_path: Path, *targets: str) -> set[tuple[int, str]]:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    result = run_perflint(root, "--select", "PFL101", "--format", "json", "--no-cache", *targets)
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)
    assert {f["path"] for f in findings} <= {"shop/usage.py"}
    return {(f["line"], f["message"].split(" on every")[0]) for f in findings}


def test_constructors_reexports_and_typed_receivers_are_followed(tmp_path):
    # Not reported: a class whose __init__ does not query (Plain), a cycle of re-exports
    # (thing), an unannotated parameter (other), a method the class does not define
    # (missing), a name rebound to another class, a name bound by unpacking, a function
    # whose returns do not all construct the class, one returning a class without the
    # method, one annotated with a generic (list[Repo]), a constructor called in a loop of
    # another constructor (wiring up a part per configured item runs once).
    assert _lint(tmp_path, ".") == EXPECTED


def test_the_file_linted_alone_still_follows_them(tmp_path):
    assert _lint(tmp_path, "shop/usage.py") == EXPECTED
