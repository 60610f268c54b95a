"""A file's summary for the project-wide pass: what each of its functions does that costs
(a query, a write, a cache round trip, a blocking call) and every call it makes to a
function that may be the project's, with what the caller's loop and ``async def`` say.

It travels from the workers to the main process and into the result cache as JSON;
`FileSummary.from_json` accepts exactly what `to_json` writes, else None (a cache miss).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The effect kinds, and the rule each one is reported by one or more calls away.
QUERY, WRITE, CACHE, BLOCKING = "db.query", "db.write", "cache", "blocking"


@dataclass(frozen=True, slots=True)
class Place:
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Effect:
    """A call that is an effect by itself, where it is written."""

    kind: str  # QUERY, WRITE, CACHE or BLOCKING
    place: Place
    label: str  # the called expression as written: ``cur.execute``
    detail: str = ""  # BLOCKING: its family (``blocking.sleep``), for the description


@dataclass(frozen=True, slots=True)
class Call:
    """A call whose callee may be a function of the project."""

    callee: str  # qualified: ``app.store.fetch_account``, ``app.models.Repo.load``
    scope: str  # the calling function, dotted inside the file; "" outside any function
    place: Place
    label: str  # the called expression as written: ``store.fetch_account``
    hot: bool  # runs once per item of a loop
    in_async: bool  # directly in ``async def``, not awaited
    awaited: bool
    conditional: bool  # runs on some calls of its function only (in an ``if`` branch, ...)
    noqa: list[str]  # codes and prefixes its line's noqa comment silences ("PFL": all)
    line_text: str  # its first source line, for a finding (hot or in_async calls only)


@dataclass(frozen=True)
class Function:
    is_async: bool
    effects: list[Effect] = field(default_factory=list)


@dataclass
class FileSummary:
    module: str  # the file's qualified module name (``app.store``)
    codes: list[str]  # the project-wide codes enabled for this file
    functions: dict[str, Function] = field(default_factory=dict)  # by dotted name in the file
    classes: dict[str, list[str]] = field(default_factory=dict)  # dotted -> qualified bases
    calls: list[Call] = field(default_factory=list)
    # A package's ``__init__``: the names it imports, by local name (``fetch`` ->
    # ``app.store.fetch``), so ``from app import fetch`` is followed to ``app.store``.
    exports: dict[str, str] = field(default_factory=dict)
    # What calling a function gives: the class its return annotation names, or the callable
    # every ``return`` calls (``return Repo(...)``), so ``make_repo().load()`` is followed.
    returns: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Compact JSON: each record a list of its fields in order (a cache entry holds
        every call of the file, and a warm run reads them all)."""
        return {
            "module": self.module,
            "codes": self.codes,
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
        classes, calls = stored["classes"], stored["calls"]
        if not (type(module) is str and _strings(codes) and isinstance(functions, dict)):
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
        return cls(module, codes, built, classes, made, exports, returns)


_KEYS = {"module", "codes", "functions", "classes", "calls", "exports", "returns"}
_PLACE = (int, int, int, int)
_EFFECT = (str, list, str, str)
_CALL = (str, str, list, str, bool, bool, bool, bool, list, str)


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


def _place(stored: Any) -> Place:
    return Place(*_row(stored, _PLACE))


def _effect_row(effect: Effect) -> list[Any]:
    place = effect.place
    row = [place.line, place.column, place.end_line, place.end_column]
    return [effect.kind, row, effect.label, effect.detail]


def _effect(stored: Any) -> Effect:
    kind, place, label, detail = _row(stored, _EFFECT)
    return Effect(kind, _place(place), label, detail)


def _function(stored: Any) -> Function:
    if not (type(stored) is list and len(stored) == 2 and type(stored[0]) is bool):
        raise _Invalid
    if type(stored[1]) is not list:
        raise _Invalid
    return Function(stored[0], [_effect(row) for row in stored[1]])


def _call_row(call: Call) -> list[Any]:
    place = call.place
    row = [place.line, place.column, place.end_line, place.end_column]
    return [
        call.callee,
        call.scope,
        row,
        call.label,
        call.hot,
        call.in_async,
        call.awaited,
        call.conditional,
        call.noqa,
        call.line_text,
    ]


def _call(stored: Any) -> Call:
    row = _row(stored, _CALL)
    if not _strings(row[8]):
        raise _Invalid
    return Call(row[0], row[1], _place(row[2]), *row[3:])
