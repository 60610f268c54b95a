"""The Django model index kept in the result cache: read back on an unchanged project,
built again when a models module changes or is added, and a bad entry is a miss."""

from __future__ import annotations

import json

import pytest
from support import run_perflint, write_files
from test_db_config_and_django_models import VIEWS

from perflint.cache import CACHE_FOLDER
from perflint.config import Configs
from perflint.discovery import discover
from perflint.runner import Runner

AUTHOR = """
    from django.db import models

    class Author(models.Model):
        name = models.CharField(max_length=80)
"""
BOOK = """
    from django.db import models

    class Book(models.Model):
        author = models.ForeignKey("shop.Author", on_delete=models.CASCADE, related_name="books")
"""


def project(root):
    write_files(
        root,
        {"pyproject.toml": "[tool.perflint]\n", "shop/models.py": AUTHOR, "shop/views.py": VIEWS},
    )


def codes(root):
    """The codes reported on the view, linted alone as pre-commit does."""
    result = run_perflint(root, "--preview", "shop/views.py")
    assert "Traceback" not in result.stderr
    return [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()]


def model_entries(root):
    return [
        path
        for path in (root / CACHE_FOLDER).rglob("*.json")
        if "per_object" in json.loads(path.read_text())
    ]


def test_a_models_module_added_or_changed_is_read_again(tmp_path):
    project(tmp_path)
    assert codes(tmp_path) == []  # Book is no model the index knows
    write_files(tmp_path, {"library/models.py": BOOK})
    assert codes(tmp_path) == ["PFL104", "PFL104", "PFL108"]
    assert len(model_entries(tmp_path)) == 2

    write_files(tmp_path, {"library/models.py": BOOK.replace('related_name="books"', "")})
    assert codes(tmp_path) == ["PFL104", "PFL108"]  # no `books` relation on Author now
    assert len(model_entries(tmp_path)) == 3


def test_an_unchanged_project_reads_the_index_back(tmp_path, monkeypatch):
    project(tmp_path)
    write_files(tmp_path, {"library/models.py": BOOK})
    sources = discover([str(tmp_path / "shop")], Configs())
    cache = tmp_path / CACHE_FOLDER
    first = Runner(cache)
    first.prepare(sources)

    def refuse(sources):
        raise AssertionError("the model index was built again")

    monkeypatch.setattr("perflint.project.model_cache.index_of_sources", refuse)
    second = Runner(cache)
    second.prepare(sources)
    [built] = first.profiles.values()
    [read] = second.profiles.values()
    assert read.project == built.project
    assert read.project.django_models.relation("Book", "author").target == "Author"


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"models": {}, "per_object": {}, "for_all": []}',
        '{"models": {"Book": {"author": [["forward"], "Author"]}}, "per_object": {},'
        ' "for_all": [], "unchecked": []}',
        '{"models": {"Book": {"author": ["sideways", "Author"]}}, "per_object": {},'
        ' "for_all": [], "unchecked": []}',
        '{"models": {}, "per_object": {"Book": "save"}, "for_all": [], "unchecked": []}',
        '{"models": {}, "per_object": {}, "for_all": [1], "unchecked": []}',
    ],
)
def test_a_bad_entry_is_a_miss(tmp_path, content):
    project(tmp_path)
    write_files(tmp_path, {"library/models.py": BOOK})
    expected = codes(tmp_path)
    [entry] = model_entries(tmp_path)
    entry.write_text(content)
    assert codes(tmp_path) == expected
    assert json.loads(entry.read_text()).keys() == {"models", "per_object", "for_all", "unchecked"}
