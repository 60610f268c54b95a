"""Lint many files: read each, pick its rules, run the engine, collect results."""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import replace
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

from perflint import __version__
from perflint.cache import ResultCache
from perflint.config import Config
from perflint.discovery import SourceFile
from perflint.engine import AnalysisError, lint_source, parse_error
from perflint.files import describe_os_error, read_regular, resolved
from perflint.findings import FileResult
from perflint.knowledge import knowledge_for
from perflint.project import NO_PROJECT, ProjectFacts
from perflint.project.django_models import discover as discover_models
from perflint.project.event_loop import discover as discover_event_loop
from perflint.registry import all_rules
from perflint.rule import Rule
from perflint.selection import enabled_codes
from perflint.settings import FileSettings
from perflint.workers import forking_available, run_isolated, worker_count


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
        return FileSettings(sql_dialect=dialect)

    def lint(self, display: str, path: Path, data: bytes) -> FileResult:
        """Lint with the enabled rules. A rule that raises is reported as an internal error
        and the file is linted again without it, so the other rules' findings survive."""
        codes = self.codes_for(path)
        rules = _rules_for(codes)
        settings = self.settings_for(path)
        project = self.project or NO_PROJECT
        errors: list[str] = []
        while True:
            try:
                result = lint_source(display, data, rules, self.knowledge, settings, project)
                break
            except AnalysisError as error:
                errors.append(internal_error(display, error.culprit, error.__cause__ or error))
                if error.rule not in rules:
                    return FileResult(display, internal_errors=errors)
                rules = tuple(rule for rule in rules if rule is not error.rule)
        result.findings = [f for f in result.findings if f.code in codes]
        result.internal_errors = errors
        return result

    def lint_file(self, source: SourceFile) -> FileResult:
        """Never raises: a bug anywhere below is an internal error of this file."""
        try:
            return self._lint_file(source)
        except Exception as error:
            return FileResult(
                source.display, internal_errors=[internal_error(source.display, "perflint", error)]
            )

    def _lint_file(self, source: SourceFile) -> FileResult:
        if source.data is not None:
            return self.lint(source.display, source.path, source.data)
        try:
            data = read_regular(source.path)
        except OSError as error:
            return self.failed(source, f"cannot read file: {describe_os_error(error)}")
        if self.cache is None:
            return self.lint(source.display, source.path, data)
        key = self.cache.key(source.display, self.codes_for(source.path), data)
        result = self.cache.get(key, source.display)
        if result is None:
            result = self.lint(source.display, source.path, data)
            if not result.internal_errors:
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
        self.index_project([source.path for source in sources], sources)
        if self.cache_folder is not None:
            self.cache = ResultCache(self.cache_folder, self._settings())
        if not forking_available():
            return [self.lint_file(source) for source in sources]
        workers = worker_count(len(sources), jobs)
        return run_isolated(sources, self.lint_file, self.failed, workers, timeout)

    def index_project(self, paths: Sequence[Path], sources: Sequence[SourceFile] = ()) -> None:
        """Project-wide facts the rules need, gathered once before the files are linted:
        the Django models under `paths` (files or folders) and the configured project root,
        and the event loop the linted `sources` import."""
        if self.project is None:
            root = self.config.root if self.config.source is not None else None
            self.project = ProjectFacts(
                django_models=discover_models(paths, root),
                event_loop=discover_event_loop(_contents(sources)),
            )

    def _settings(self) -> str:
        """Everything besides a file itself that its findings depend on. No absolute path:
        a cache restored in another checkout (a CI runner) must still hit."""
        config = self.config
        project = self.project or NO_PROJECT
        portable = replace(
            config,
            root=Path("."),
            source=Path(config.source.name) if config.source is not None else None,
        )
        # Displayed paths are relative to here; per-file settings match relative to root.
        try:
            here = os.path.relpath(Path.cwd(), config.root)
        except ValueError:
            here = str(Path.cwd())
        return f"{portable!r}|{here}|{project.fingerprint()}"


def internal_error(display: str, culprit: str, error: BaseException) -> str:
    """One line for stderr: what raised, on which file, where in perflint, its version."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    detail = " ".join(str(error).split())  # one line, whatever the exception says
    return (
        f"internal error: {culprit} raised {type(error).__name__}: {detail} on {display}"
        f"{where} (perflint {__version__}); please report this bug"
    )


def _contents(sources: Sequence[SourceFile]) -> Iterator[bytes]:
    """Each source's bytes; one that cannot be read is skipped (linting reports it)."""
    for source in sources:
        if source.data is not None:
            yield source.data
            continue
        try:
            yield read_regular(source.path)
        except OSError:
            continue


def _relative_posix(path: Path, root: Path) -> str:
    try:
        return resolved(path).relative_to(resolved(root)).as_posix()
    except ValueError:
        return path.as_posix()
