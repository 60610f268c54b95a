"""Lint many files: read each, pick its rules, run the engine, collect results."""

from __future__ import annotations

import os
from collections.abc import Sequence
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

from perflint.cache import ResultCache
from perflint.config import Config
from perflint.discovery import SourceFile
from perflint.engine import lint_source, parse_error
from perflint.findings import FileResult
from perflint.knowledge import knowledge_for
from perflint.project import NO_PROJECT, ProjectFacts
from perflint.project.django_models import discover as discover_models
from perflint.registry import all_rules
from perflint.rule import Rule
from perflint.selection import enabled_codes
from perflint.settings import FileSettings
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
        self.project: ProjectFacts | None = None  # gathered once, before linting
        self.codes = frozenset(
            enabled_codes(
                [*all_rules(), "PFL001"], config.select, config.extend_select, config.ignore
            )
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

    def settings_for(self, path: Path) -> FileSettings:
        """The SQL dialect of the first per-file pattern that matches, else the default."""
        dialect = self.config.sql_dialect
        if self.config.per_file_sql_dialect:
            relative = _relative_posix(path, self.config.root)
            for pattern, pattern_dialect in self.config.per_file_sql_dialect:
                if fnmatch(relative, pattern) or fnmatch(path.name, pattern):
                    dialect = pattern_dialect
                    break
        if dialect is None:
            return FileSettings()
        return FileSettings(sql_dialect=dialect, sql_dialect_configured=True)

    def lint(self, display: str, path: Path, data: bytes) -> FileResult:
        codes = self.codes_for(path)
        rules = _rules_for(codes)
        settings = self.settings_for(path)
        project = self.project or NO_PROJECT
        result = lint_source(display, data, rules, self.knowledge, settings, project)
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
        if self.project is None:
            root = self.config.root if self.config.source is not None else None
            self.project = ProjectFacts(django_models=discover_models(paths, root))

    def _settings(self) -> str:
        """Everything besides a file itself that its findings depend on."""
        project = self.project or NO_PROJECT
        return f"{self.config!r}|{project.fingerprint()}"


def _relative_posix(path: Path, root: Path) -> str:
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
