"""The project-wide pass, in the main process once every file's summary is known: a call
in a hot loop to a project function that queries, writes or makes a cache round trip,
itself or through at most `depth` calls, is PFL101/PFL102/PFL107; a call directly in
``async def`` to a sync project function that blocks is PFL301. The finding is at the
call and names the chain; each hop and the effect itself are its related locations.

Followed: functions of the same module, methods on ``self``/``cls`` (also those inherited
from the project's own classes), names imported from other modules of the project (also
through a package's ``__init__`` that imports them), a project class's constructor (its
``__init__``), and methods on a receiver bound from a project class (``repo = Repo()``,
``repo: Repo``, ``self.repo = Repo()``, ``with open_repo() as repo`` where ``open_repo`` is a
``@contextmanager`` annotated ``Iterator[Repo]``, ``self.repo`` or ``holder.repo`` where
``repo`` is a property annotated ``-> Repo``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from perflint.effects.places import Place, SourcePlaces
from perflint.effects.receivers import GET
from perflint.effects.summary import BLOCKING, CACHE, QUERY, WRITE, Call, Effect, FileSummary
from perflint.findings import Finding, Location
from perflint.knowledge import Knowledge
from perflint.registry import all_rules

# The effect each code follows, and where it starts: a hot call, or a call in ``async def``.
HOT_CODES = {QUERY: "PFL101", WRITE: "PFL102", CACHE: "PFL107"}
ASYNC_CODE = "PFL301"
PROJECT_CODES = frozenset({*HOT_CODES.values(), ASYNC_CODE})
# The codes whose rules start the pass. Not PFL107 alone: on by default, it would make
# every default run summarise (+17 % CPU on the benchmark's cold run) for a cache round trip
# through a helper that the real-code corpus never had.
STARTING_CODES = PROJECT_CODES - {HOT_CODES[CACHE]}
_DOES = {
    QUERY: "runs a query",
    WRITE: "writes to the database",
    CACHE: "makes a cache round trip",
}
_ADVICE = {
    QUERY: "on every loop iteration (N+1): fetch what all items need in one query before the loop",
    WRITE: "on every loop iteration: collect the rows and write them in one batch after the loop",
    CACHE: "on every loop iteration: fetch or set all the keys in one batch command",
}
_IN_ASYNC = (
    "inside `async def`: it stalls the event loop and every other task until it returns; "
    "{handoff}, or make it async"
)
_ANY_HANDOFF = "run it in a worker thread"  # where the file's event loop is unknown
_MAX_BASES = 8  # how many steps (a base class, a re-export, a constructor) a name is followed


@dataclass(frozen=True)
class _Defined:
    path: str  # the display path of its file
    summary: FileSummary
    dotted: str  # its name inside the file


@dataclass(frozen=True)
class _Hop:
    path: str  # the file the call is written in
    call: Call


# The calls from the site's callee to the function that has the effect, that function, and
# the effect.
_Reached = tuple[list[_Hop], _Defined, Effect]


class ProjectIndex:
    """Every function of the summarised files by qualified name, its calls and the
    project's classes' bases."""

    def __init__(self, summaries: Iterable[tuple[str, FileSummary]]) -> None:
        self.functions: dict[str, _Defined] = {}
        self.bases: dict[str, list[str]] = {}
        self.calls: dict[str, list[_Hop]] = {}
        self.exports: dict[str, str] = {}  # ``app.fetch`` -> ``app.store.fetch``
        self.returns: dict[str, str] = {}  # a function -> the class or callable it returns
        for path, summary in summaries:
            prefix = f"{summary.module}." if summary.module else ""
            for dotted in summary.functions:
                self.functions[prefix + dotted] = _Defined(path, summary, dotted)
            for dotted, bases in summary.classes.items():
                self.bases[prefix + dotted] = bases
            for local, qualname in summary.exports.items():
                if prefix + local != qualname:
                    self.exports[prefix + local] = qualname
            for dotted, returned in summary.returns.items():
                self.returns[prefix + dotted] = returned
            for call in summary.calls:
                if call.scope:
                    self.calls.setdefault(prefix + call.scope, []).append(_Hop(path, call))

    def resolve(self, qualname: str, levels: int = 0) -> str | None:
        """The function a qualified name is: itself, a method a base class defines, the
        ``__init__`` a class's constructor runs, what a package's import names, or a method
        of what a call gives (``app.make_repo().load``: ``make_repo`` returns a ``Repo``)."""
        if qualname in self.functions:
            return qualname
        if levels >= _MAX_BASES:
            return None  # also ends a cycle of re-exports
        made, call, method = qualname.partition("().")
        if call:
            held = self._instance_of(made)
            return None if held is None else self.resolve(f"{held}.{method}", levels + 1)
        if qualname in self.bases:
            return self.resolve(f"{qualname}.__init__", levels + 1)
        exported = self._exported(qualname)
        if exported is not None:
            return self.resolve(exported, levels + 1)
        owner, _, method = qualname.rpartition(".")
        if owner not in self.bases:
            return None
        for base in self.bases[owner]:
            found = self.resolve(f"{base}.{method}", levels + 1)
            if found is not None:
                return found
        return None

    def is_class(self, qualname: str) -> bool:
        """Is `qualname` a class of the project (also through a package's re-export)?"""
        name: str | None = qualname
        for _ in range(_MAX_BASES):
            if name is None or name in self.bases:
                return name is not None
            name = self._exported(name)
        return False

    def _instance_of(self, callable_name: str) -> str | None:
        """The project class whose instance calling `callable_name` gives: the class itself,
        or what a project function returns (following re-exports); None when unknown."""
        name: str | None = callable_name
        for _ in range(_MAX_BASES):
            if name is None or name in self.bases:
                return name
            name = self._given(name) or self._exported(name)
        return None

    def _given(self, name: str, levels: int = 0) -> str | None:
        """What calling `name` gives; for ``Holder.repo.__get__`` the property that
        ``Holder`` defines or else inherits (a method it defines instead stops it)."""
        if name in self.returns or not name.endswith(f".{GET}") or levels >= _MAX_BASES:
            return self.returns.get(name)
        owner, _, attr = name.removesuffix(f".{GET}").rpartition(".")
        if f"{owner}.{attr}" in self.functions:
            return None  # the class defines it without an annotation, or not as a property
        for base in self.bases.get(owner, ()):
            base = self._exported(base) or base
            found = self._given(f"{base}.{attr}.{GET}", levels + 1)
            if found is not None:
                return found
        return None

    def _exported(self, qualname: str) -> str | None:
        """`qualname` with its longest prefix a package imports replaced by what it
        imports: ``app.Repo.load`` -> ``app.models.Repo.load``."""
        parts = qualname.split(".")
        for end in range(len(parts), 0, -1):
            target = self.exports.get(".".join(parts[:end]))
            if target is not None:
                return ".".join([target, *parts[end:]])
        return None

    def is_async(self, qualname: str) -> bool:
        defined = self.functions[qualname]
        return defined.summary.functions[defined.dotted].is_async

    def reach(
        self, start: str, kind: str, depth: int, follow: Callable[[Call, bool], bool]
    ) -> _Reached | None:
        """The nearest effect of `kind` in `start` or in what it calls (breadth first, at
        most `depth` functions deep, each function once): the calls from `start` to the
        function that has it, that function, and the effect."""
        frontier: list[tuple[str, list[_Hop]]] = [(start, [])]
        seen = {start}
        for _ in range(depth):
            following: list[tuple[str, list[_Hop]]] = []
            for qualname, hops in frontier:
                defined = self.functions[qualname]
                for effect in defined.summary.functions[defined.dotted].effects:
                    if effect.kind == kind:
                        return hops, defined, effect
                for hop in self.calls.get(qualname, ()):
                    if hop.call.conditional:
                        continue  # an effect behind a condition may never run (`if save:`)
                    callee = self.resolve(hop.call.callee)
                    if callee is None or callee in seen:
                        continue
                    if follow(hop.call, self.is_async(callee)):
                        seen.add(callee)
                        following.append((callee, [*hops, hop]))
            frontier = following
        return None


def project_findings(
    summaries: Sequence[tuple[str, FileSummary]],
    reported: set[str],
    depth_for: Callable[[str], int],
    knowledge_for: Callable[[str], Knowledge],
    read: Callable[[str], str | None],
) -> tuple[dict[str, list[Finding]], dict[str, list[Finding]]]:
    """The findings of the calls to project functions in the `reported` files, by path,
    and those a ``# noqa`` comment silences (their comments are used: PFL002); `read`
    gives a file's text by path (to locate the calls a finding names)."""
    index = ProjectIndex(summaries)
    places = SourcePlaces(read, {path: summary.walked for path, summary in summaries})
    found: dict[str, list[Finding]] = {}
    silenced: dict[str, list[Finding]] = {}
    for path, summary in summaries:
        codes = set(summary.codes)
        if not codes or path not in reported:
            continue
        depth = depth_for(path)
        for call in summary.calls:
            if not (call.hot or call.in_async):
                continue
            if call.scope.rpartition(".")[2] == "__init__" and index.is_class(call.callee):
                continue  # a constructor wiring up its parts (a store per database) runs once
            callee = index.resolve(call.callee)
            if callee is None:
                continue
            site = _Site(path, call, callee, codes, depth, summary.handoff)
            for code, reached, advice, does in _site_reaches(index, site, knowledge_for):
                finding = _finding(places, site, code, reached, advice, does)
                if finding is not None:
                    quiet = places.silenced(path, finding.line, code)
                    (silenced if quiet else found).setdefault(path, []).append(finding)
    return found, silenced


@dataclass(frozen=True)
class _Site:
    """A call in a hot loop or in ``async def`` to a function of the project."""

    path: str
    call: Call
    callee: str  # the function called, resolved in the index
    codes: set[str]  # the project-wide codes enabled in its file
    depth: int  # how many calls deep effects are followed
    handoff: str  # how its file runs a sync call in a thread ("": unknown)


def _site_reaches(
    index: ProjectIndex, site: _Site, knowledge_for: Callable[[str], Knowledge]
) -> Iterable[tuple[str, _Reached, str, str]]:
    """(code, the effect reached, advice, what the callee does) for each finding."""
    call, codes, depth = site.call, site.codes, site.depth
    callee_async = index.is_async(site.callee)
    if call.hot and (call.awaited or not callee_async):
        for kind, code in HOT_CODES.items():
            if code in codes:
                reached = index.reach(site.callee, kind, depth, _runs)
                if reached is not None:
                    yield code, reached, _ADVICE[kind], _DOES[kind]
    if call.in_async and not callee_async and ASYNC_CODE in codes:
        reached = index.reach(site.callee, BLOCKING, depth, _blocks)
        if reached is not None:
            family = knowledge_for(site.path).kinds.get(reached[2].detail, "a blocking call")
            advice = _IN_ASYNC.format(
                handoff=f"use {site.handoff}" if site.handoff else _ANY_HANDOFF
            )
            yield ASYNC_CODE, reached, advice, f"runs {family}"


def _runs(call: Call, callee_async: bool) -> bool:
    """Does the call run its callee's body: a sync function, or an awaited coroutine?"""
    return call.awaited or not callee_async


def _blocks(call: Call, callee_async: bool) -> bool:
    """Only a sync callee blocks the thread of its caller (itself sync: see `reach`)."""
    return not callee_async


def _finding(
    places: SourcePlaces, site: _Site, code: str, reached: _Reached, advice: str, does: str
) -> Finding | None:
    """The finding at the site; None when a place it names cannot be found (its file
    changed since it was summarised)."""
    hops, defined, effect = reached
    place = places.place(site.path, site.call.at)
    effect_place = places.place(defined.path, effect.at)
    hop_places = [places.place(hop.path, hop.call.at) for hop in hops]
    if place is None or effect_place is None or None in hop_places:
        return None
    rule = all_rules()[code].info
    call = site.call
    where = f"{PurePath(defined.path).name}:{effect_place.line}, `{effect.label}`"
    through = " -> ".join(f"`{hop.call.label}()`" for hop in hops)
    via = f", through {through}" if through else ""
    message = f"`{call.label}()` {does} ({where}{via}) {advice}"
    related = [
        _location(site.path, hop.path, hop_place, f"calls `{hop.call.label}()`")
        for hop, hop_place in zip(hops, hop_places, strict=True)
        if hop_place is not None
    ]
    related.append(_location(site.path, defined.path, effect_place, f"{does}: `{effect.label}`"))
    return Finding(
        site.path,
        place.line,
        place.column,
        place.end_line,
        place.end_column,
        code,
        rule.name,
        rule.impact,
        message,
        call.scope,
        places.line_text(site.path, place.line),
        tuple(related),
    )


def _location(finding_path: str, path: str, place: Place, message: str) -> Location:
    """A related place; its path only when it is in another file than the finding."""
    elsewhere = path if path != finding_path else ""
    return Location(place.line, place.column, place.end_line, place.end_column, message, elsewhere)
