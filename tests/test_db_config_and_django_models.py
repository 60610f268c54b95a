"""PFL1xx end to end: knowledge extensions from config, project-wide Django models, and
the SQL statement classifier the family relies on."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import run_perflint, write_files

from perflint.project.django_models import discover, index_of_source
from perflint.sql.statement import statement_kind

HELPER_USER = """
from myapp.db import fetch_one


def order_lines(order_ids):
    return [fetch_one("SELECT * FROM lines WHERE order_id = %s", oid) for oid in order_ids]
"""


def test_project_query_helper_declared_in_config_is_a_query(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.perflint.knowledge]
            "db.query" = ["myapp.db.fetch_one"]
        """,
            "myapp/report.py": HELPER_USER,
        },
    )
    result = run_perflint(tmp_path, "--preview", "myapp/report.py")
    assert result.returncode == 1, result.stderr
    assert "myapp/report.py:6:13: PFL101 `fetch_one()` queries the database" in result.stdout


def test_without_the_declaration_the_helper_is_unknown(tmp_path):
    write_files(tmp_path, {"pyproject.toml": "[tool.perflint]\n", "myapp/report.py": HELPER_USER})
    result = run_perflint(tmp_path, "--preview", "myapp/report.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_cache_command_declared_in_config(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.perflint.knowledge]
            "cache.command" = ["myapp.cache.lookup"]
        """,
            "myapp/views.py": """
            from myapp.cache import lookup

            def badges(users):
                return [lookup(f"badge:{u}") for u in users]
        """,
        },
    )
    result = run_perflint(tmp_path, "--preview", "myapp/views.py")
    assert "PFL107" in result.stdout, result.stdout + result.stderr


MODELS = """
    from django.db import models

    class Author(models.Model):
        name = models.CharField(max_length=80)

    class Book(models.Model):
        author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
"""
VIEWS = """
    from .models import Author, Book

    def shelf():
        for book in Book.objects.all():
            print(book.author.name)
        return {a.name: a.books.count() for a in Author.objects.all()}

    def author_key(book: Book):
        return book.author.pk
"""


def test_models_of_the_project_are_found_when_one_file_is_linted(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": "[tool.perflint]\n",
            "shop/models.py": MODELS,
            "shop/views.py": VIEWS,
        },
    )
    result = run_perflint(tmp_path, "--preview", "shop/views.py")
    lines = result.stdout.splitlines()
    assert [line.split(": ")[1].split()[0] for line in lines] == ["PFL104", "PFL104", "PFL108"]
    assert 'add select_related("author")' in lines[0]
    assert 'add prefetch_related("books")' in lines[1]
    assert "use `book.author_id`" in lines[2]


def test_models_in_a_linted_folder_without_config(tmp_path):
    write_files(tmp_path, {"shop/models.py": MODELS, "shop/views.py": VIEWS})
    result = run_perflint(tmp_path, "--preview", "shop")
    assert result.stdout.count("PFL104") == 2, result.stdout + result.stderr


# A view of a project with Django models that neither imports Django nor resolves its
# model: the manager of a class imported from another package.
UNRESOLVED_MODEL_VIEW = """
from partner.catalogue import Gadget


def stock_levels(skus):
    return [Gadget.objects.get(sku=sku).level for sku in skus]
"""


def test_manager_of_an_unresolved_model_is_a_query_in_a_django_project(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": "[tool.perflint]\n",
            "shop/models.py": MODELS,
            "shop/stock.py": UNRESOLVED_MODEL_VIEW,
        },
    )
    result = run_perflint(tmp_path, "--preview", "shop/stock.py")
    assert "shop/stock.py:6:13: PFL101 `Gadget.objects.get()` queries" in result.stdout, (
        result.stdout + result.stderr
    )


def test_objects_attribute_outside_a_django_project_is_no_query(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": "[tool.perflint]\n",
            "inventory/registry.py": """
            from dataclasses import dataclass


            @dataclass
            class Shelf:
                objects: dict
            """,
            "inventory/stock.py": UNRESOLVED_MODEL_VIEW.replace(
                "partner.catalogue", "inventory.registry"
            ).replace("Gadget", "Shelf"),
        },
    )
    result = run_perflint(tmp_path, "--preview", "inventory/stock.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_model_index_follows_bases_and_reverse_accessors(tmp_path):
    write_files(
        tmp_path,
        {
            "app/models/__init__.py": "",
            "app/models/base.py": """
            from django.db import models

            class Owned(models.Model):
                owner = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+")

                class Meta:
                    abstract = True
        """,
            "app/models/shop.py": """
            from django.db import models
            from .base import Owned

            class Store(Owned):
                pass

            class Shelf(Owned):
                store = models.ForeignKey(Store, on_delete=models.CASCADE)
                sign = models.OneToOneField("Sign", on_delete=models.CASCADE)
                tags = models.ManyToManyField("Tag", related_name="shelves")

            class Sign(models.Model):
                pass

            class Tag(models.Model):
                pass
        """,
        },
    )
    index = discover([tmp_path / "app"], None)
    assert index.relation("Shelf", "owner").kind == "forward"
    assert index.relation("Store", "shelf_set").target == "Shelf"
    assert index.relation("Sign", "shelf").kind == "one"
    assert index.relation("Tag", "shelves").kind == "many"
    assert index.relation("Shelf", "name") is None


def test_non_django_model_base_is_not_a_model():
    index = index_of_source("class User(db.Model):\n    posts = relationship('Post')\n")
    assert not index


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("SELECT 1", "select"),
        ("  insert into t values (%s)", "insert"),
        ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", "insert"),
        ("WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d", "select"),
        ("(SELECT 1) UNION (SELECT 2)", "select"),
        ("UPDATE t SET a = 1", "update"),
        ("DELETE FROM t", "delete"),
        ("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "merge"),
        ("REPLACE INTO t VALUES (1)", "insert"),
        ("CREATE TABLE t (a int)", "ddl"),
        ("COPY t FROM STDIN", "other"),
        ("validate and ship", None),
        ("", None),
    ],
)
def test_statement_kind(sql, kind):
    assert statement_kind(sql) == kind


def test_example_shop_db_shows_every_database_rule():
    root = Path(__file__).resolve().parent.parent
    files = sorted(str(p) for p in (root / "examples" / "shop_db").glob("*.py"))
    result = run_perflint(root, "--select", "PFL1", "--preview", "--statistics", *files)
    codes = {f"PFL10{n}" for n in range(1, 9)}
    assert codes <= set(result.stdout.split()), result.stdout + result.stderr


def test_a_model_name_defined_twice_keeps_only_the_relations_both_agree_on():
    first = """
        from django.db import models

        class Book(models.Model):
            author = models.ForeignKey("Author", on_delete=models.CASCADE)
            editor = models.ForeignKey("Person", on_delete=models.CASCADE)
    """
    second = """
        from django.db import models

        class Book(models.Model):
            author = models.ForeignKey("Author", on_delete=models.CASCADE)
            editor = models.CharField(max_length=20)
    """
    from perflint.project.django_models import build_index, classes_in_source

    classes = [
        *classes_in_source(textwrap.dedent(first)),
        *classes_in_source(textwrap.dedent(second)),
    ]
    index = build_index(classes)
    assert index.relation("Book", "author") is not None
    assert index.relation("Book", "editor") is None


def test_model_index_does_not_depend_on_the_hash_seed():
    """Results (and cache keys) must not change from one process to the next."""
    import os

    source = (
        "from django.db import models\n"
        "class A(models.Model):\n"
        "    b = models.ForeignKey('B', on_delete=models.CASCADE, related_name='items')\n"
        "class B(models.Model):\n"
        "    items = models.ForeignKey('C', on_delete=models.CASCADE)\n"
        "class C(models.Model):\n"
        "    pass\n"
    )
    program = (
        "import sys\nfrom perflint.project.django_models import index_of_source\n"
        "index = index_of_source(sys.stdin.read())\n"
        "print(sorted((m, sorted(r.items())) for m, r in index.models.items()))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", program],
            input=source,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert len(outputs) == 1


WRITE_MODELS = """
    from django.db import models
    from .mixins import LogMixin

    class Note(LogMixin, models.Model):
        text = models.TextField()

    class Tag(models.Model):
        name = models.CharField(max_length=40)

    class Badge(models.Model):
        name = models.CharField(max_length=40)
"""
WRITE_VIEWS = """
    from .models import Badge, Note, Tag

    def tidy(note_ids, names):
        for note in Note.objects.filter(pk__in=note_ids):
            note.delete()
        for name in names:
            Tag.objects.create(name=name)
        for name in names:
            Badge.objects.create(name=name)
"""


def test_bulk_advice_reads_overrides_and_receivers_in_other_files(tmp_path):
    """An overridden delete() in a mixin module and a post_save receiver in signals.py
    make the per-object writes necessary: only Badge gets the bulk_create() advice."""
    write_files(
        tmp_path,
        {
            "pyproject.toml": "[tool.perflint]\n",
            "shop/models.py": WRITE_MODELS,
            "shop/mixins.py": """
            class LogMixin:
                def delete(self, *args, **kwargs):
                    log_deletion(self)
                    return super().delete(*args, **kwargs)
            """,
            "shop/signals.py": """
            from django.db.models.signals import post_save
            from .models import Tag

            def reindex(sender, instance, **kwargs):
                print(instance)

            post_save.connect(reindex, sender=Tag)
            """,
            "shop/views.py": WRITE_VIEWS,
        },
    )
    result = run_perflint(tmp_path, "--select", "PFL102", "shop/views.py")
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout + result.stderr
    assert "`Badge.objects.create()`" in lines[0]
    assert "then bulk_create()/bulk_update() them once" in lines[0]


def test_a_receiver_for_every_model_stops_all_bulk_advice(tmp_path):
    write_files(
        tmp_path,
        {
            "pyproject.toml": "[tool.perflint]\n",
            "shop/models.py": WRITE_MODELS,
            "shop/mixins.py": "class LogMixin:\n    pass\n",
            "shop/apps.py": """
            from django.db.models.signals import pre_save
            from django.dispatch import receiver

            @receiver(pre_save)
            def stamp(sender, instance, **kwargs):
                instance.stamped = True
            """,
            "shop/views.py": WRITE_VIEWS,
        },
    )
    result = run_perflint(tmp_path, "--select", "PFL102", "shop/views.py")
    assert result.stdout.count("PFL102") == 1, result.stdout + result.stderr
    assert "note.delete()" in result.stdout
