"""Lint many files: read each, pick its rules, run the engine, collect results."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

from perflint.cache import ResultCache
from perflint.config import Config
from perflint.discovery import SourceFile
from perflint.django_models import EMPTY
from perflint.django_models import discover as discover_models
from perflint.engine import lint_source, parse_error
from perflint.findings import FileResult
from perflint.knowledge import knowledge_for
from perflint.registry import UNUSED_NOQA, all_rules, known_codes
from perflint.rule import Rule
from perflint.selection import enabled_codes
from perflint.workers import forking_available, run_isolated


@lru_cache(maxsize=64)
def _rules_for(codes: frozenset[str]) -> tuple[type[Rule], ...]:
    return tuple(rule for code, rule in all_rules().items() if code in codes)


class Runner:
    def __init__(self, config: Config, cache_folder: Path | None = None) -> None:
        self.config = config
        self.cache_folder = cache_folder  # None: no result cache
        self.cache: ResultCache | None = None
        self.knowledge = knowledge_for(config.knowledge)
        self.codes = frozenset(
            enabled_codes(known_codes(), config.select, config.extend_select, config.ignore)
        )

    def codes_for(self, path: Path) -> frozenset[str]:
        """The enabled codes minus the per-file ignores that match this file."""
        if not self.config.per_file_ignores:
            return self.codes
        relative = _relative_posix(path, self.config.root)
        ignored: set[str] = set()
        for pattern, prefixes in self.config.per_file_ignores:
            if fnmatch(relative, pattern) or fnmatch(path.name, pattern):
                ignored.update(c for c in self.codes if c.startswith(prefixes))
        return self.codes - ignored

    def lint(self, display: str, path: Path, data: bytes) -> FileResult:
        codes = self.codes_for(path)
        result = lint_source(
            display,
            data,
            _rules_for(codes),
            self.knowledge,
            self.config,
            unused_noqa=UNUSED_NOQA.code in codes,
        )
        result.findings = [f for f in result.findings if f.code in codes]
        return result

    def lint_file(self, source: SourceFile) -> FileResult:
        if source.data is not None:
            return self.lint(source.display, source.path, source.data)
        try:
            data = source.path.read_bytes()
        except OSError as error:
            return self.failed(source, f"cannot read file: {error.strerror or error}")
        if self.cache is None:
            return self.lint(source.display, source.path, data)
        key = self.cache.key(source.display, self.codes_for(source.path), data)
        result = self.cache.get(key)
        if result is None:
            result = self.lint(source.display, source.path, data)
            self.cache.put(key, result)
        return result

    def failed(self, source: SourceFile, reason: str) -> FileResult:
        """A file that could not be analysed: one PFL001 finding, if PFL001 is enabled."""
        keep = "PFL001" in self.codes_for(source.path)
        return FileResult(source.display, [parse_error(source.display, reason)] if keep else [])

    def lint_files(
        self, sources: Sequence[SourceFile], jobs: int = 0, timeout: float = 30.0
    ) -> list[FileResult]:
        """Lint in forked workers (crash- and hang-isolated) where the OS can fork.

        Project facts are gathered first, in this process, so every worker inherits them.
        """
        if not sources:
            return []
        self.index_project([source.path for source in sources])
        if self.cache_folder is not None:
            self.cache = ResultCache(self.cache_folder, self._settings())
        if not forking_available():
            return [self.lint_file(source) for source in sources]
        return run_isolated(
            sources, self.lint_file, self.failed, jobs or os.cpu_count() or 1, timeout
        )

    def index_project(self, paths: list[Path]) -> None:
        """Project-wide facts the rules need, gathered once before the files are linted:
        the Django models of the linted files and of the configured project root."""
        if self.config.django_models is None:
            root = self.config.root if self.config.source is not None else None
            self.config = replace(self.config, django_models=discover_models(paths, root))

    def _settings(self) -> str:
        """Everything besides a file itself that its findings depend on."""
        models = self.config.django_models
        model_facts = sorted(
            (name, sorted(relations.items()))
            for name, relations in (models or EMPTY).models.items()
        )
        return f"{self.config!r}|{model_facts!r}"


def _relative_posix(path: Path, root: Path) -> str:
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
