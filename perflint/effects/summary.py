"""A file's summary for the project-wide pass: what each of its functions does that costs
(a query, a write, a cache round trip, a blocking call) and every call it makes to a
function that may be the project's, with what the caller's loop and ``async def`` say.

A call is known by its ordinal: how many calls the walk met before it. Where it is (its
line and column) is worked out in the main process, for the few calls a finding names only
(`perflint.effects.places`): locating every call of every file in the workers cost a third
of the walk.

It travels from the workers to the main process and into the result cache as JSON;
`FileSummary.from_json` accepts exactly what `to_json` writes, else None (a cache miss).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# The effect kinds, and the rule each one is reported by one or more calls away.
QUERY, WRITE, CACHE, BLOCKING = "db.query", "db.write", "cache", "blocking"


# Named tuples, not dataclasses: every summary crosses from a worker to the main process
# on each run, and tuples pickle several times faster (a warm run on Django: 0.03 s, not
# 0.14 s).
class Effect(NamedTuple):
    """A call that is an effect by itself, where it is written."""

    kind: str  # QUERY, WRITE, CACHE or BLOCKING
    at: int  # the call's ordinal in the file's walk
    label: str  # the called expression as written: ``cur.execute``
    detail: str = ""  # BLOCKING: its family (``blocking.sleep``), for the description


class Call(NamedTuple):
    """A call whose callee may be a function of the project."""

    callee: str  # qualified: ``app.store.fetch_account``, ``app.models.Repo.load``
    scope: str  # the calling function, dotted inside the file; "" outside any function
    at: int  # the call's ordinal in the file's walk
    label: str  # the called expression as written: ``store.fetch_account``
    hot: bool  # runs once per item of a loop
    in_async: bool  # directly in ``async def``, not awaited
    awaited: bool
    conditional: bool  # runs on some calls of its function only (in an ``if`` branch, ...)


class Function(NamedTuple):
    is_async: bool
    effects: list[Effect]


@dataclass
class FileSummary:
    module: str  # the file's qualified module name (``app.store``)
    codes: list[str]  # the project-wide codes enabled for this file
    walked: int  # how many calls the walk met: where CPython's parser counts others, the
    # main process locates them with LibCST
    # How this file would run a sync call in a worker thread (its own hand-off, else the
    # project's, else its framework's), for the advice at a call in ``async def``; "" when
    # it calls no project function there, or its event loop is unknown.
    handoff: str
    functions: dict[str, Function] = field(default_factory=dict)  # by dotted name in the file
    classes: dict[str, list[str]] = field(default_factory=dict)  # dotted -> qualified bases
    calls: list[Call] = field(default_factory=list)
    # A package's ``__init__``: the names it imports, by local name (``fetch`` ->
    # ``app.store.fetch``), so ``from app import fetch`` is followed to ``app.store``.
    exports: dict[str, str] = field(default_factory=dict)
    # What calling a function gives: the class its return annotation names, or the callable
    # every ``return`` calls (``return Repo(...)``), so ``make_repo().load()`` is followed;
    # ``open_repo.__enter__``: what ``with open_repo() as repo`` binds (a ``@contextmanager``
    # annotated ``Iterator[Repo]``); ``Holder.repo.__get__``: what reading a property gives.
    returns: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Compact JSON: each record a list of its fields in order (a cache entry holds
        every call of the file, and a warm run reads them all)."""
        return {
            "module": self.module,
            "codes": self.codes,
            "walked": self.walked,
            "handoff": self.handoff,
            "functions": {
                name: [function.is_async, [_effect_row(effect) for effect in function.effects]]
                for name, function in self.functions.items()
            },
            "classes": self.classes,
            "calls": [_call_row(call) for call in self.calls],
            "exports": self.exports,
            "returns": self.returns,
        }

    @classmethod
    def from_json(cls, stored: Any) -> FileSummary | None:
        """The summary `to_json` wrote, or None if `stored` has any other shape."""
        if not (isinstance(stored, dict) and stored.keys() == _KEYS):
            return None
        module, codes, functions = stored["module"], stored["codes"], stored["functions"]
        walked, handoff = stored["walked"], stored["handoff"]
        classes, calls = stored["classes"], stored["calls"]
        if not (type(module) is str and _strings(codes) and isinstance(functions, dict)):
            return None
        if not (type(walked) is int and type(handoff) is str):
            return None
        if not (isinstance(classes, dict) and isinstance(calls, list)):
            return None
        if not all(type(name) is str and _strings(bases) for name, bases in classes.items()):
            return None
        exports, returns = stored["exports"], stored["returns"]
        if not (_names(exports) and _names(returns)):
            return None
        try:
            built = {_name(name): _function(row) for name, row in functions.items()}
            made = [_call(row) for row in calls]
        except _Invalid:
            return None
        return cls(module, codes, walked, handoff, built, classes, made, exports, returns)


_KEYS = {
    "module",
    "codes",
    "walked",
    "handoff",
    "functions",
    "classes",
    "calls",
    "exports",
    "returns",
}
_EFFECT = (str, int, str, str)
_CALL = (str, str, int, str, bool, bool, bool, bool)


class _Invalid(Exception):
    """A stored record that is not exactly what `to_json` writes."""


def _strings(values: Any) -> bool:
    return isinstance(values, list) and all(type(value) is str for value in values)


def _names(stored: Any) -> bool:
    """A mapping of names to names."""
    return isinstance(stored, dict) and _strings([*stored, *stored.values()])


def _row(stored: Any, types: tuple[type, ...]) -> list[Any]:
    if not (
        type(stored) is list
        and len(stored) == len(types)
        and all(type(value) is kind for value, kind in zip(stored, types, strict=True))
    ):
        raise _Invalid
    return stored


def _name(name: Any) -> str:
    if type(name) is not str:
        raise _Invalid
    return name


def _effect_row(effect: Effect) -> list[Any]:
    return list(effect)


def _effect(stored: Any) -> Effect:
    return Effect(*_row(stored, _EFFECT))


def _function(stored: Any) -> Function:
    if not (type(stored) is list and len(stored) == 2 and type(stored[0]) is bool):
        raise _Invalid
    if type(stored[1]) is not list:
        raise _Invalid
    return Function(stored[0], [_effect(row) for row in stored[1]])


def _call_row(call: Call) -> list[Any]:
    return list(call)


def _call(stored: Any) -> Call:
    return Call(*_row(stored, _CALL))
