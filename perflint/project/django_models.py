"""Django models of the linted project: their relation fields, and what runs per object
when their rows are written one by one.

Found with Python's `ast` (fast, C) in ``models.py`` / ``models/*.py`` files under the
linted paths and the project root (and, for managers, mixins and signal receivers, the
files beside them named in `_COMPANION_FILES`), before linting starts; the per-file
engine receives the result through its config and stays a pure function of (file,
config). A file that defines models itself adds them to that index when it is linted.
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
from perflint.project.django_signals import ANY_MODEL, receivers_in

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
# Files beside the models that hold their managers, mixins and signal receivers.
_COMPANION_FILES = frozenset(
    {
        "managers.py",
        "querysets.py",
        "mixins.py",
        "signals.py",
        "signal_handlers.py",
        "receivers.py",
        "handlers.py",
        "apps.py",
    }
)
# Words without which a file has nothing for the index (a cheap test before parsing).
_INDEXED_WORDS = (
    "Model",
    "Manager",
    "connect(",
    "receiver",
    "def save",
    "def delete",
    "def create",
)
# Methods that, overridden, run per object on a write that the bulk path skips.
_WRITE_HOOKS = frozenset({"save", "delete", "create", "get_or_create", "update_or_create"})
# Bases that add nothing to a model's writes.
_PLAIN_BASES = frozenset(
    {"Model", "Manager", "BaseManager", "QuerySet", "object", "Generic", "ABC"}
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
    hooks: frozenset[str] = frozenset()  # write methods it defines (`_WRITE_HOOKS`)
    managers: tuple[str, ...] = ()  # classes of its ``objects``: manager, queryset


@dataclass(frozen=True, slots=True)
class _Module:
    classes: tuple[_Class, ...]
    receivers: frozenset[tuple[str, str]]  # (signal, model or ANY_MODEL)


@dataclass(frozen=True)
class ModelIndex:
    """Model class name -> its relations by attribute name; what runs per written object.

    ``per_object``: model -> overridden write methods (``save``, ``delete``, a manager's
    ``create``) and signals with receivers for it; ``for_all``: signals received for any
    model; ``unchecked``: models with a base class, mixin or manager the index could not
    read, so that anything may run per object.
    """

    models: Mapping[str, Mapping[str, Relation]] = field(default_factory=dict)
    per_object: Mapping[str, frozenset[str]] = field(default_factory=dict)
    for_all: frozenset[str] = frozenset()
    unchecked: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.models)

    def relation(self, model: str, attribute: str) -> Relation | None:
        relations = self.models.get(model)
        return relations.get(attribute) if relations is not None else None

    def per_object_writes(self, model: str) -> frozenset[str]:
        """What runs for each object of `model` written one by one and not on the bulk
        path (``save``, ``delete``, ``create``, ``pre_save``...), as far as the index
        could read it (see `fully_read`)."""
        return self.per_object.get(model, frozenset()) | self.for_all

    def fully_read(self, model: str) -> bool:
        """Were all of `model`'s base classes, mixins and managers found?"""
        return model in self.models and model not in self.unchecked

    def merged(self, other: ModelIndex) -> ModelIndex:
        if not other.models:
            return self
        if not self.models:
            return other
        per_object = dict(self.per_object)
        for model, hooks in other.per_object.items():
            per_object[model] = per_object.get(model, frozenset()) | hooks
        unchecked = (self.unchecked - other.models.keys()) | (
            other.unchecked - (self.models.keys() - self.unchecked)
        )
        return ModelIndex(
            {**self.models, **other.models},
            per_object,
            self.for_all | other.for_all,
            frozenset(unchecked),
        )


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


def _hooks(body: list[ast.stmt]) -> frozenset[str]:
    return frozenset(
        node.name
        for node in body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in _WRITE_HOOKS
    )


def _managers(body: list[ast.stmt]) -> tuple[str, ...]:
    """Classes behind ``objects = ...``: ``M()``, ``M.from_queryset(Q)()``, ``Q.as_manager()``."""
    for statement in body:
        if (
            isinstance(statement, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "objects" for t in statement.targets)
            and isinstance(statement.value, ast.Call)
        ):
            calls = [n for n in ast.walk(statement.value) if isinstance(n, ast.Call)]
            names = [_called_class(call) for call in calls]
            names += [_name(arg) for call in calls for arg in call.args]
            return tuple(name for name in names if name and name[:1].isupper())
    return ()


def _called_class(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("from_queryset", "as_manager"):
        return _name(func.value)
    return _name(func)


@lru_cache(maxsize=2048)
def _module(digest: str, source: str) -> _Module:
    del digest  # part of the cache key only
    try:
        with warnings.catch_warnings():  # SyntaxWarnings of the user's code are not ours
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return _Module((), frozenset())
    classes = []
    mentions_django = "django" in source
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = tuple(filter(None, (_name(b) for b in node.bases)))
        direct = any(_is_django_model_base(b, mentions_django) for b in node.bases)
        fields = _fields(node.body, node.name)
        classes.append(
            _Class(node.name, bases, direct, fields, _hooks(node.body), _managers(node.body))
        )
    return _Module(tuple(classes), receivers_in(tree))


def _module_of(source: str) -> _Module:
    digest = hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return _module(digest, source)


def classes_in_source(source: str) -> tuple[_Class, ...]:
    return _module_of(source).classes


def build_index(classes: Iterable[_Class], receivers: Iterable[tuple[str, str]] = ()) -> ModelIndex:
    """Models (direct or through project base classes) with inherited and reverse
    relations, and what runs per object when they are written one by one."""
    classes = list(classes)
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
    hooks = _WriteHooks(duplicates)
    per_object = {name: hooks.of(name) for name in models}
    received: dict[str, set[str]] = {}
    for signal, model in receivers:
        received.setdefault(model, set()).add(signal)
    for name in models:
        per_object[name] |= received.get(name, set())
    unchecked = frozenset(name for name in models if not hooks.known(name))
    return ModelIndex(
        relations,
        {name: found for name, found in per_object.items() if found},
        frozenset(received.get(ANY_MODEL, ())),
        unchecked,
    )


class _WriteHooks:
    """Write methods a model defines, inherits from its bases and mixins, or gets from
    its manager and queryset classes; and whether all of those were found."""

    def __init__(self, definitions: Mapping[str, list[_Class]]) -> None:
        self.definitions = definitions
        self._hooks: dict[str, frozenset[str]] = {}
        self._known: dict[str, bool] = {}

    def of(self, name: str) -> frozenset[str]:
        if name not in self._hooks:
            self._hooks[name] = frozenset()  # a cycle adds nothing
            found: set[str] = set()
            for cls in self.definitions.get(name, ()):
                found |= cls.hooks
                for base in (*cls.bases, *cls.managers):
                    found |= self.of(base)
            self._hooks[name] = frozenset(found)
        return self._hooks[name]

    def known(self, name: str) -> bool:
        if name in _PLAIN_BASES:
            return True
        if name not in self._known:
            self._known[name] = True  # a cycle hides nothing
            self._known[name] = name in self.definitions and all(
                self.known(base)
                for cls in self.definitions[name]
                for base in (*cls.bases, *cls.managers)
            )
        return self._known[name]


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
    module = _module_of(source)
    return build_index(module.classes, module.receivers)


def _is_models_file(path: Path) -> bool:
    return path.suffix == ".py" and (
        path.name == "models.py" or path.name in _COMPANION_FILES or path.parent.name == "models"
    )


def _models_files_under(folder: Path) -> Iterable[Path]:
    for directory, subdirs, files in os.walk(folder):
        subdirs[:] = [d for d in subdirs if d not in _SKIP_DIRS and not d.startswith(".")]
        in_models_package = os.path.basename(directory) == "models"
        for name in files:
            companion = name == "models.py" or name in _COMPANION_FILES
            if companion or (in_models_package and name.endswith(".py")):
                yield Path(directory, name)


def discover(paths: Iterable[Path], root: Path | None) -> ModelIndex:
    """The models defined in ``models`` modules of the linted files, folders and root."""
    return index_of_sources(indexed_sources(paths, root))


def indexed_sources(paths: Iterable[Path], root: Path | None) -> list[str]:
    """The ``models`` modules (and companions) of the linted files, folders and root that
    may add to the index, in the order of their paths."""
    files: set[Path] = set()
    folders = {root} if root is not None else set()
    for path in paths:
        if path.is_dir():
            folders.add(path)
        elif _is_models_file(path):
            files.add(path)
    for folder in folders:
        files.update(_models_files_under(folder))
    sources = []
    for path in sorted(files):
        try:  # a FIFO named models.py must not block the run: read_regular refuses it
            source = read_regular(path).decode("utf-8", errors="replace")
        except OSError:
            continue
        if any(word in source for word in _INDEXED_WORDS):
            sources.append(source)
    return sources


def index_of_sources(sources: Iterable[str]) -> ModelIndex:
    classes: list[_Class] = []
    receivers: set[tuple[str, str]] = set()
    for source in sources:
        module = _module_of(source)
        classes.extend(module.classes)
        receivers |= module.receivers
    return build_index(classes, receivers)
