"""Lint many files: read each, pick its rules, run the engine, collect results.

Files may have different configurations (the nearest config file of each): everything a
configuration decides (enabled codes, knowledge, project facts, cache settings) is made
once per configuration, before workers fork, in a `_Profile`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from perflint.cache import ResultCache
from perflint.config import Config, ConfigError
from perflint.discovery import SourceFile
from perflint.django_models import EMPTY
from perflint.django_models import discover as discover_models
from perflint.engine import lint_source, parse_error
from perflint.findings import FileResult
from perflint.globs import matches, relative_to
from perflint.knowledge import Knowledge, knowledge_for
from perflint.registry import UNUSED_NOQA, all_rules, known_codes
from perflint.rule import Rule
from perflint.selection import Selection, layered_codes
from perflint.workers import forking_available, run_isolated


@lru_cache(maxsize=64)
def _rules_for(codes: frozenset[str]) -> tuple[type[Rule], ...]:
    return tuple(rule for code, rule in all_rules().items() if code in codes)


@dataclass
class _Profile:
    """What one configuration decides for its files."""

    config: Config  # with the project facts attached
    codes: frozenset[str]
    knowledge: Knowledge
    cache: ResultCache | None

    def codes_for(self, path: Path) -> frozenset[str]:
        """The enabled codes minus the per-file ignores that match this file."""
        if not self.config.per_file_ignores:
            return self.codes
        relative = relative_to(path, self.config.root)
        ignored: set[str] = set()
        for pattern, prefixes in self.config.per_file_ignores:
            if matches(pattern, relative):
                ignored.update(c for c in self.codes if c.startswith(prefixes))
        return self.codes - ignored


class Runner:
    def __init__(
        self, cache_folder: Path | None = None, selection: Selection | None = None
    ) -> None:
        self.cache_folder = cache_folder  # None: no result cache
        self.selection = selection or Selection()  # the command line's, over each config's
        self.profiles: dict[Config, _Profile] = {}

    def prepare(self, sources: Sequence[SourceFile]) -> None:
        """A profile for each configuration in use, with its project facts: the Django
        models under its project root and in its linted files."""
        groups: dict[Config, list[Path]] = {}
        for source in sources:
            groups.setdefault(source.config, []).append(source.path)
        for config, paths in groups.items():
            if config in self.profiles:
                continue
            codes = frozenset(layered_codes(known_codes(), config.selection, self.selection))
            if not codes:
                where = config.source or "the command line"
                raise ConfigError(f"{where}: the selection enables no rule")
            if config.django_models is None:
                models = discover_models(paths, _project_folder(config))
                prepared = replace(config, django_models=models)
            else:
                prepared = config
            cache = None
            if self.cache_folder is not None:
                cache = ResultCache(self.cache_folder, _settings(prepared))
            self.profiles[config] = _Profile(
                prepared, codes, knowledge_for(config.knowledge), cache
            )

    def codes_for(self, source: SourceFile) -> frozenset[str]:
        """The codes enabled for a file (after `prepare`)."""
        return self.profiles[source.config].codes_for(source.path)

    def lint(self, source: SourceFile, data: bytes) -> FileResult:
        profile = self.profiles[source.config]
        codes = profile.codes_for(source.path)
        result = lint_source(
            source.display,
            data,
            _rules_for(codes),
            profile.knowledge,
            profile.config,
            unused_noqa=UNUSED_NOQA.code in codes,
        )
        result.findings = [f for f in result.findings if f.code in codes]
        return result

    def lint_file(self, source: SourceFile) -> FileResult:
        if source.data is not None:
            return self.lint(source, source.data)
        try:
            data = source.path.read_bytes()
        except OSError as error:
            return self.failed(source, f"cannot read file: {error.strerror or error}")
        cache = self.profiles[source.config].cache
        if cache is None:
            return self.lint(source, data)
        codes = self.profiles[source.config].codes_for(source.path)
        key = cache.key(source.display, codes, data)
        result = cache.get(key)
        if result is None:
            result = self.lint(source, data)
            cache.put(key, result)
        return result

    def failed(self, source: SourceFile, reason: str) -> FileResult:
        """A file that could not be analysed: one PFL001 finding, if PFL001 is enabled."""
        keep = "PFL001" in self.profiles[source.config].codes_for(source.path)
        return FileResult(source.display, [parse_error(source.display, reason)] if keep else [])

    def lint_files(
        self,
        sources: Sequence[SourceFile],
        jobs: int = 0,
        timeout: float = 30.0,
        on_progress: Callable[[int], None] | None = None,
    ) -> list[FileResult]:
        """Lint in forked workers (crash- and hang-isolated) where the OS can fork.

        Profiles are made first, in this process, so every worker inherits them.
        `on_progress(n)` hears how many files are done.
        """
        if not sources:
            return []
        self.prepare(sources)
        if not forking_available():
            results = []
            for source in sources:
                results.append(self.lint_file(source))
                if on_progress is not None:
                    on_progress(len(results))
            return results
        return run_isolated(
            sources,
            self.lint_file,
            self.failed,
            jobs or os.cpu_count() or 1,
            timeout,
            on_progress,
        )


def _project_folder(config: Config) -> Path | None:
    """Where a configuration's project lives, to look for Django models: the config
    file's folder, or the git work tree the defaults were taken for."""
    if config.source is not None or (config.root / ".git").exists():
        return config.root
    return None


def _settings(config: Config) -> str:
    """Everything besides a file itself that its findings depend on."""
    models = config.django_models
    model_facts = sorted(
        (name, sorted(relations.items())) for name, relations in (models or EMPTY).models.items()
    )
    return f"{config!r}|{model_facts!r}"
