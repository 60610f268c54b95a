"""Lint many files: read each, pick its rules, run the engine, collect results.

Files may have different configurations (the nearest config file of each): everything a
configuration decides (enabled codes, knowledge, per-file settings, project facts, cache
settings) is made once per configuration, before workers fork, in a `Profile`.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePath

from perflint import __version__
from perflint.cache import ResultCache
from perflint.config import Config, ConfigError
from perflint.discovery import SourceFile
from perflint.effects.index import project_folder
from perflint.effects.modules import module_name
from perflint.effects.propagate import STARTING_CODES, project_findings
from perflint.engine import AnalysisError, SourceError, decode_source, lint_source, parse_error
from perflint.files import describe_os_error, read_regular
from perflint.findings import FileResult
from perflint.globs import matches, relative_to
from perflint.knowledge import Knowledge, knowledge_for
from perflint.project import ProjectFacts
from perflint.project.event_loop import discover as discover_event_loop
from perflint.project.model_cache import model_index
from perflint.registry import ENGINE_CODES, UNUSED_NOQA, all_rules, known_codes
from perflint.roles import ROLES, file_role
from perflint.rule import Rule
from perflint.selection import Selection, enabled_codes, layered_codes
from perflint.settings import FileSettings
from perflint.suppression import credit_noqa
from perflint.workers import forking_available, run_isolated, worker_count


@lru_cache(maxsize=64)
def _rules_for(codes: frozenset[str]) -> tuple[type[Rule], ...]:
    return tuple(rule for code, rule in all_rules().items() if code in codes)


@dataclass
class Profile:
    """What one configuration decides for its files."""

    config: Config
    codes: frozenset[str]
    knowledge: Knowledge
    project: ProjectFacts
    cache: ResultCache | None
    preview: bool = False
    role_codes: Mapping[str, frozenset[str]] = field(default_factory=dict)  # of `codes`

    @property
    def summarise(self) -> bool:
        """Do its files need summaries for the project-wide pass: is one of the codes that
        start it enabled (`STARTING_CODES`: preview rules, in preview mode or named in full)?"""
        return not STARTING_CODES.isdisjoint(self.codes)

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

    def codes_for_file(self, path: Path, data: bytes) -> frozenset[str]:
        """`codes_for` the file, less the rules that do not apply to its role (a test, a
        migration: `perflint.roles`)."""
        role = file_role(PurePath(relative_to(path, self.config.root)), data)
        return self.codes_for(path) & self.role_codes.get(role, self.codes)

    def settings_for(self, path: Path) -> FileSettings:
        """The SQL dialect of the first per-file pattern that matches, else the default."""
        dialect = self.config.sql_dialect
        if self.config.per_file_sql_dialect:
            relative = relative_to(path, self.config.root)
            for pattern, pattern_dialect in self.config.per_file_sql_dialect:
                if matches(pattern, relative):
                    dialect = pattern_dialect
                    break
        if dialect is None:
            return FileSettings(preview=self.preview)
        return FileSettings(dialect, sql_dialect_configured=True, preview=self.preview)


class Runner:
    def __init__(
        self,
        cache_folder: Path | None = None,
        selection: Selection | None = None,
        preview: bool | None = None,
    ) -> None:
        self.cache_folder = cache_folder  # None: no result cache
        self.selection = selection or Selection()  # the command line's, over each config's
        self.preview = preview  # the command line's; None: each config's `preview`
        self.profiles: dict[Config, Profile] = {}

    def prepare(self, sources: Sequence[SourceFile], roots: Sequence[Path] = ()) -> None:
        """A profile for each configuration in use, with its project facts: the Django
        models under its project root, in its linted files and under `roots`."""
        groups: dict[Config, list[SourceFile]] = {}
        for source in sources:
            groups.setdefault(source.config, []).append(source)
        for config, members in groups.items():
            if config in self.profiles:
                continue
            preview = config.preview if self.preview is None else self.preview
            codes = frozenset(layered_codes(known_codes(), config.selection, self.selection))
            if not preview:  # a preview rule named by its full code is asked for anyway
                codes -= preview_codes() - _named(config.selection, self.selection)
            if not codes:
                where = config.source or "the command line"
                raise ConfigError(f"{where}: the selection enables no rule")
            paths = [source.path for source in members]
            project = ProjectFacts(
                django_models=model_index(
                    [*paths, *roots], project_folder(config), self.cache_folder
                ),
                event_loop=discover_event_loop(_contents(members)),
            )
            cache = None
            if self.cache_folder is not None:
                cache = ResultCache(self.cache_folder, _settings(config, project))
            knowledge = knowledge_for(config.knowledge)
            roles = {role: _applying(role, config, codes) for role in ROLES}
            self.profiles[config] = Profile(
                config, codes, knowledge, project, cache, preview, roles
            )

    def profile(self, source: SourceFile) -> Profile:
        """The profile of a file's configuration (made on first use)."""
        if source.config not in self.profiles:
            self.prepare([source])
        return self.profiles[source.config]

    def codes_for(self, source: SourceFile) -> frozenset[str]:
        """The codes enabled for a file."""
        return self.profile(source).codes_for(source.path)

    def lint(self, source: SourceFile, data: bytes) -> FileResult:
        """Lint with the enabled rules. A rule that raises is reported as an internal error
        and the file is linted again without it, so the other rules' findings survive."""
        profile = self.profile(source)
        codes = profile.codes_for_file(source.path, data)
        rules = _rules_for(codes)
        settings = profile.settings_for(source.path)
        errors: list[str] = []
        while True:
            try:
                result = lint_source(
                    source.display,
                    data,
                    rules,
                    profile.knowledge,
                    settings,
                    profile.project,
                    unused_noqa=UNUSED_NOQA.code in codes,
                    module_name=module_name(source.path) if profile.summarise else "",
                    summarise=profile.summarise,
                )
                break
            except AnalysisError as error:
                errors.append(
                    internal_error(source.display, error.culprit, error.__cause__ or error)
                )
                if error.rule not in rules:
                    return FileResult(source.display, internal_errors=errors)
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
            return self.lint(source, source.data)
        try:
            data = read_regular(source.path)
        except OSError as error:
            return self.failed(source, f"cannot read file: {describe_os_error(error)}")
        profile = self.profile(source)
        if profile.cache is None:
            return self.lint(source, data)
        key = _cache_key(profile.cache, profile, source, data)
        result = profile.cache.get(key, source.display)
        if result is None:
            result = self.lint(source, data)
            if not result.internal_errors:
                profile.cache.put(key, result)
        return result

    def cached(self, source: SourceFile) -> FileResult | None:
        """The file's cached result, or None. Never raises: what fails here fails again in
        `lint_file`, which reports it."""
        try:
            profile = self.profile(source)
            cache = profile.cache
            if source.data is not None or cache is None:
                return None
            data = read_regular(source.path)
            return cache.get(_cache_key(cache, profile, source, data), source.display)
        except Exception:
            return None

    def failed(self, source: SourceFile, reason: str) -> FileResult:
        """A file that could not be analysed: one PFL001 finding, if PFL001 is enabled."""
        keep = "PFL001" in self.codes_for(source)
        return FileResult(source.display, [parse_error(source.display, reason)] if keep else [])

    def lint_files(
        self,
        sources: Sequence[SourceFile],
        jobs: int = 0,
        timeout: float = 30.0,
        on_progress: Callable[[int], None] | None = None,
        index: Sequence[SourceFile] = (),
    ) -> list[FileResult]:
        """Lint in forked workers (crash- and hang-isolated) where the OS can fork.

        Profiles are made first, in this process, so every worker inherits them.
        `on_progress(n)` hears how many files are done. The `index` files are linted too,
        for their summaries only (`perflint.effects.index`): their findings and errors are
        not returned.
        """
        if not sources:
            return []
        self.prepare(sources)
        if index:
            self.prepare(index)
        tasks = [*sources, *index]
        # Cache hits are read here: a worker costs more than reading a result (warm runs).
        found = [self.cached(source) for source in tasks]
        missed = [task for task, result in zip(tasks, found, strict=True) if result is None]

        def done(count: int) -> None:
            if on_progress is not None:  # the index files are not counted
                on_progress(min(len(tasks) - len(missed) + count, len(sources)))

        linted: list[FileResult] = []
        if not forking_available():
            for source in missed:
                linted.append(self.lint_file(source))
                done(len(linted))
        elif missed:
            workers = worker_count(len(missed), jobs)
            linted = run_isolated(missed, self.lint_file, self.failed, workers, timeout, done)
        fresh = iter(linted)
        results = [result if result is not None else next(fresh) for result in found]
        self._add_project_findings(tasks, results, len(sources))
        return results[: len(sources)]

    def _add_project_findings(
        self, tasks: Sequence[SourceFile], results: list[FileResult], linted: int
    ) -> None:
        """The project-wide pass (`perflint.effects.propagate`) over every summarised
        result, reported on the first `linted` ones; a call that already has a finding of
        the same code is not reported again."""
        summaries = [(r.path, r.summary) for r in results if r.summary is not None]
        if not summaries:
            return
        profiles = {source.display: self.profile(source) for source in tasks}
        sources = {source.display: source for source in tasks}
        found, silenced = project_findings(
            summaries,
            {result.path for result in results[:linted]},
            lambda path: profiles[path].config.call_depth,
            lambda path: profiles[path].knowledge,
            lambda path: _text_of(sources[path]),
        )
        for result in results[:linted]:
            quiet = silenced.get(result.path)
            text = _text_of(sources[result.path]) if quiet else None
            if quiet and text is not None:
                result.findings = credit_noqa(text, result.findings, quiet)
            extra = found.get(result.path)
            if extra:
                direct = {(f.line, f.column, f.code) for f in result.findings}
                new = [f for f in extra if (f.line, f.column, f.code) not in direct]
                result.findings = sorted([*result.findings, *new])


def _text_of(source: SourceFile) -> str | None:
    """A file's text as it was linted, read again; None when it cannot be."""
    try:
        data = source.data if source.data is not None else read_regular(source.path)
        return decode_source(data)
    except (OSError, SourceError):
        return None


def _cache_key(cache: ResultCache, profile: Profile, source: SourceFile, data: bytes) -> str:
    codes = profile.codes_for_file(source.path, data)
    module = module_name(source.path) if profile.summarise else ""
    return cache.key(source.display, codes, data, module)


def internal_error(display: str, culprit: str, error: BaseException) -> str:
    """One line for stderr: what raised, on which file, where in perflint, its version."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    detail = " ".join(str(error).split())  # one line, whatever the exception says
    return (
        f"internal error: {culprit} raised {type(error).__name__}: {detail} on {display}"
        f"{where} (perflint {__version__}); please report this bug"
    )


def preview_codes() -> frozenset[str]:
    """The rules not yet proven precise on real code: they run only in preview mode."""
    return frozenset(code for code, rule in all_rules().items() if rule.preview)


def _named(*selections: Selection) -> set[str]:
    """Codes selected by their full name (not by a prefix) in any of `selections`."""
    return {
        code
        for selection in selections
        for code in (*(selection.select or ()), *selection.extend_select)
        if code in all_rules()
    }


def _applying(role: str, config: Config, codes: frozenset[str]) -> frozenset[str]:
    """The enabled codes that apply to files of `role`: the configuration's list for the
    role when it has one, else each rule's own `applies_to`."""
    configured = dict(config.roles).get(role)
    if configured is not None:
        return frozenset(enabled_codes(codes, configured)) | (codes & set(ENGINE_CODES))
    rules = all_rules()
    return frozenset(code for code in codes if code not in rules or role in rules[code].applies_to)


def _settings(config: Config, project: ProjectFacts) -> str:
    """Everything besides a file itself that its findings depend on. No absolute path:
    a cache restored in another checkout (a CI runner) must still hit."""
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
