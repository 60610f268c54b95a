"""Project-wide effects across modules (tests/data/project_xmod): a project class's
constructor runs its ``__init__``, a package's ``__init__`` re-exports names, and a method
call's receiver is known from a constructor, an annotation, ``self.attr = Repo()`` or a
project function that returns the class (annotated, or every ``return`` constructs it), a
``@contextmanager`` annotated to yield it, or a property annotated to return it."""

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


REPO_LOAD = "runs a query (models.py:20, `conn.execute`)"
EXPECTED_PROPS = {
    (8, f"`repo.load()` {REPO_LOAD}"),
    (9, f"`typed.load()` {REPO_LOAD}"),
    (25, f"`self.repo.load()` {REPO_LOAD}"),
    (26, f"`self.cached.load()` {REPO_LOAD}"),
    (34, f"`holder.repo.load()` {REPO_LOAD}"),
    (35, f"`built.repo.load()` {REPO_LOAD}"),
    (36, f"`Holder().cached.load()` {REPO_LOAD}"),
}


def _lint(
    tmp_path: Path, *targets: str, path: str = "shop/usage.py", cache: bool = False
) -> set[tuple[int, str]]:
    root = tmp_path / "project"
    if not root.exists():
        shutil.copytree(PROJECT, root)
    no_cache = () if cache else ("--no-cache",)
    result = run_perflint(root, "--select", "PFL101", "--format", "json", *no_cache, *targets)
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)
    assert {f["path"] for f in findings} <= {"shop/usage.py", "shop/usage_props.py"}
    return {(f["line"], f["message"].split(" on every")[0]) for f in findings if f["path"] == path}


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


def test_context_managers_and_properties_are_followed(tmp_path):
    # Not reported: a context manager yielding a type of no project (sqlite3.Connection), a
    # with-target rebound, an unannotated property, one a subclass redefines unannotated, an
    # attribute no class defines.
    assert _lint(tmp_path, ".", path="shop/usage_props.py") == EXPECTED_PROPS


def test_context_managers_and_properties_alone_and_from_the_cache(tmp_path):
    alone = ("shop/usage_props.py",)
    assert _lint(tmp_path, *alone, path="shop/usage_props.py", cache=True) == EXPECTED_PROPS
    assert _lint(tmp_path, *alone, path="shop/usage_props.py", cache=True) == EXPECTED_PROPS
