"""Django models of the linted project and their relation fields.

Found with Python's `ast` (fast, C) in ``models.py`` / ``models/*.py`` files under the
linted paths and the project root, before linting starts; the per-file engine receives
the result through its config and stays a pure function of (file, config). A file that
defines models itself adds them to that index when it is linted.
"""

from __future__ import annotations

import ast
import hashlib
import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from perflint.files import read_regular

_FORWARD_FIELDS = {"ForeignKey": "forward", "OneToOneField": "forward", "ParentalKey": "forward"}
_MANY_FIELDS = {"ManyToManyField": "many", "ParentalManyToManyField": "many"}
_SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        "build",
        "dist",
        "site-packages",
        ".mypy_cache",
    }
)


@dataclass(frozen=True, slots=True)
class Relation:
    name: str
    kind: str  # "forward": one object with a ``<name>_id`` column; "one": reverse one-to-one;
    # "many": a related manager (many-to-many or reverse foreign key)
    target: str  # the related model's class name


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    field_type: str  # ForeignKey | OneToOneField | ManyToManyField | ...
    target: str
    related_name: str | None


@dataclass(frozen=True, slots=True)
class _Class:
    name: str
    bases: tuple[str, ...]
    direct_model: bool  # derives from django's Model itself
    fields: tuple[_Field, ...]


@dataclass(frozen=True)
class ModelIndex:
    """Model class name -> its relations by attribute name."""

    models: Mapping[str, Mapping[str, Relation]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.models)

    def relation(self, model: str, attribute: str) -> Relation | None:
        relations = self.models.get(model)
        return relations.get(attribute) if relations is not None else None

    def merged(self, other: ModelIndex) -> ModelIndex:
        if not other.models:
            return self
        if not self.models:
            return other
        return ModelIndex({**self.models, **other.models})


EMPTY = ModelIndex()


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _target(call: ast.Call, owner: str) -> str | None:
    node = (
        call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "to"), None)
    )
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        value = node.value.rsplit(".", 1)[-1]
        return owner if value == "self" else value
    return _name(node)


def _fields(body: list[ast.stmt], owner: str) -> tuple[_Field, ...]:
    found = []
    for statement in body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if not (isinstance(target, ast.Name) and isinstance(value, ast.Call)):
            continue
        field_type = _name(value.func)
        if field_type not in _FORWARD_FIELDS and field_type not in _MANY_FIELDS:
            continue
        related = _target(value, owner)
        if related is None:
            continue
        related_name = next(
            (
                k.value.value
                for k in value.keywords
                if k.arg == "related_name"
                and isinstance(k.value, ast.Constant)
                and isinstance(k.value.value, str)
            ),
            None,
        )
        found.append(_Field(target.id, field_type, related, related_name))
    return tuple(found)


def _is_django_model_base(base: ast.expr, mentions_django: bool) -> bool:
    """``models.Model``, or a bare ``Model`` in a file that imports from django."""
    if isinstance(base, ast.Attribute):
        return (
            base.attr == "Model" and isinstance(base.value, ast.Name) and base.value.id == "models"
        )
    return isinstance(base, ast.Name) and base.id == "Model" and mentions_django


@lru_cache(maxsize=2048)
def _classes_in(digest: str, source: str) -> tuple[_Class, ...]:
    del digest  # part of the cache key only
    try:
        with warnings.catch_warnings():  # SyntaxWarnings of the user's code are not ours
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    classes = []
    mentions_django = "django" in source
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = tuple(filter(None, (_name(b) for b in node.bases)))
        direct = any(_is_django_model_base(b, mentions_django) for b in node.bases)
        classes.append(_Class(node.name, bases, direct, _fields(node.body, node.name)))
    return tuple(classes)


def classes_in_source(source: str) -> tuple[_Class, ...]:
    digest = hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return _classes_in(digest, source)


def build_index(classes: Iterable[_Class]) -> ModelIndex:
    """Models (direct or through project base classes) with inherited and reverse relations."""
    by_name: dict[str, _Class] = {}
    duplicates: dict[str, list[_Class]] = {}
    for cls in classes:
        duplicates.setdefault(cls.name, []).append(cls)
        if cls.name not in by_name or cls.direct_model:
            by_name[cls.name] = cls
    models: set[str] = {name for name, cls in by_name.items() if cls.direct_model}
    changed = True
    while changed:
        changed = False
        for name, cls in by_name.items():
            if name not in models and any(base in models for base in cls.bases):
                models.add(name)
                changed = True
    relations: dict[str, dict[str, Relation]] = {name: {} for name in models}

    def inherited(name: str, seen: frozenset[str] = frozenset()) -> list[_Field]:
        cls = by_name[name]
        own = list(cls.fields)
        for base in cls.bases:
            if base in models and base not in seen and base != name:
                own.extend(inherited(base, seen | {name}))
        return own

    for name in sorted(models):  # set order follows the hash seed; first setdefault wins
        for fld in _common_fields(name, inherited(name), duplicates[name]):
            kind = _FORWARD_FIELDS.get(fld.field_type) or _MANY_FIELDS[fld.field_type]
            relations[name].setdefault(fld.name, Relation(fld.name, kind, fld.target))
            if fld.target not in relations or (fld.related_name or "").endswith("+"):
                continue
            one_to_one = fld.field_type == "OneToOneField"
            reverse = fld.related_name or (name.lower() if one_to_one else f"{name.lower()}_set")
            relations[fld.target].setdefault(
                reverse, Relation(reverse, "one" if one_to_one else "many", name)
            )
    return ModelIndex(relations)


def _common_fields(name: str, fields: list[_Field], definitions: list[_Class]) -> list[_Field]:
    """A class name defined more than once (apps of a monorepo, test apps) keeps only the
    relations every definition agrees on: a wrong relation would be a false finding."""
    if len(definitions) == 1:
        return fields
    shared = set(definitions[0].fields)
    for definition in definitions[1:]:
        shared &= set(definition.fields)
    declared = {f for cls in definitions for f in cls.fields}
    return [f for f in fields if f in shared or f not in declared]


def index_of_source(source: str) -> ModelIndex:
    return build_index(classes_in_source(source))


def _is_models_file(path: Path) -> bool:
    return path.suffix == ".py" and (path.name == "models.py" or path.parent.name == "models")


def _models_files_under(folder: Path) -> Iterable[Path]:
    for directory, subdirs, files in os.walk(folder):
        subdirs[:] = [d for d in subdirs if d not in _SKIP_DIRS and not d.startswith(".")]
        in_models_package = os.path.basename(directory) == "models"
        for name in files:
            if name == "models.py" or (in_models_package and name.endswith(".py")):
                yield Path(directory, name)


def discover(paths: Iterable[Path], root: Path | None) -> ModelIndex:
    """The models defined in ``models`` modules of the linted files, folders and root."""
    files: set[Path] = set()
    folders = {root} if root is not None else set()
    for path in paths:
        if path.is_dir():
            folders.add(path)
        elif _is_models_file(path):
            files.add(path)
    for folder in folders:
        files.update(_models_files_under(folder))
    classes: list[_Class] = []
    for path in sorted(files):
        try:  # a FIFO named models.py must not block the run: read_regular refuses it
            source = read_regular(path).decode("utf-8", errors="replace")
        except OSError:
            continue
        if "Model" in source:
            classes.extend(classes_in_source(source))
    return build_index(classes)
