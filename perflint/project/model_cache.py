"""The project's Django model index, kept in the result cache folder between runs.

Building the index parses every ``models`` module of the project, cached run or not; an
unchanged project reads it back instead. An entry is keyed by the contents of the modules
the index is built from and by perflint's code fingerprint (no path, no file time); one
that is not exactly what `_to_json` writes is a miss.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from perflint.cache import code_fingerprint, digest, prepared, read_entry, write_entry
from perflint.project.django_models import (
    EMPTY,
    ModelIndex,
    Relation,
    index_of_sources,
    indexed_sources,
)

_KINDS = frozenset({"forward", "one", "many"})
_FIELDS = {"models", "per_object", "for_all", "unchecked"}


def model_index(paths: Iterable[Path], root: Path | None, cache_folder: Path | None) -> ModelIndex:
    """`django_models.discover`, read from `cache_folder` when the modules it reads are
    unchanged (None: no cache)."""
    sources = indexed_sources(paths, root)
    if not sources:
        return EMPTY
    if cache_folder is None:
        return index_of_sources(sources)
    key = digest(code_fingerprint(), "django-models", *sources)
    cached = read_entry(cache_folder, key, _from_json)
    if cached is not None:
        return cached
    index = index_of_sources(sources)
    if prepared(cache_folder):
        write_entry(cache_folder, key, _to_json(index))
    return index


def _to_json(index: ModelIndex) -> dict[str, Any]:
    return {
        "models": {
            model: {name: [relation.kind, relation.target] for name, relation in relations.items()}
            for model, relations in index.models.items()
        },
        "per_object": {model: sorted(writes) for model, writes in index.per_object.items()},
        "for_all": sorted(index.for_all),
        "unchecked": sorted(index.unchecked),
    }


def _from_json(stored: Any) -> ModelIndex | None:
    if not (isinstance(stored, dict) and stored.keys() == _FIELDS):
        return None
    models, per_object = stored["models"], stored["per_object"]
    if not (
        isinstance(models, dict)
        and all(isinstance(relations, dict) for relations in models.values())
        and all(_is_relation(r) for relations in models.values() for r in relations.values())
        and isinstance(per_object, dict)
        and all(_are_names(writes) for writes in per_object.values())
        and _are_names(stored["for_all"])
        and _are_names(stored["unchecked"])
    ):
        return None
    return ModelIndex(
        {
            model: {name: Relation(name, kind, target) for name, (kind, target) in rels.items()}
            for model, rels in models.items()
        },
        {model: frozenset(writes) for model, writes in per_object.items()},
        frozenset(stored["for_all"]),
        frozenset(stored["unchecked"]),
    )


def _is_relation(stored: Any) -> bool:
    """[kind, target model]"""
    return (
        isinstance(stored, list)
        and len(stored) == 2
        and isinstance(stored[0], str)
        and stored[0] in _KINDS
        and isinstance(stored[1], str)
    )


def _are_names(stored: Any) -> bool:
    return isinstance(stored, list) and all(isinstance(name, str) for name in stored)
