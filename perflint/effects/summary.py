"""A file's summary for the project-wide pass: what each of its functions does that costs
(a query, a write, a cache round trip, a blocking call) and every call it makes to a
function that may be the project's, with what the caller's loop and ``async def`` say.

It travels from the workers to the main process and into the result cache as JSON;
`FileSummary.from_json` accepts exactly what `to_json` writes, else None (a cache miss).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, get_type_hints

# The effect kinds, and the rule each one is reported by one or more calls away.
QUERY, WRITE, CACHE, BLOCKING = "db.query", "db.write", "cache", "blocking"


@dataclass(frozen=True)
class Place:
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Effect:
    """A call that is an effect by itself, where it is written."""

    kind: str  # QUERY, WRITE, CACHE or BLOCKING
    place: Place
    label: str  # the called expression as written: ``cur.execute``
    detail: str = ""  # BLOCKING: its family (``blocking.sleep``), for the description


@dataclass(frozen=True)
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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, stored: Any) -> FileSummary | None:
        """The summary `to_json` wrote, or None if `stored` has any other shape."""
        if not _exact(stored, {"module": str, "codes": list}) or not _strings(stored["codes"]):
            return None
        functions, classes, calls = stored["functions"], stored["classes"], stored["calls"]
        if not (isinstance(functions, dict) and isinstance(classes, dict)):
            return None
        if not isinstance(calls, list):
            return None
        built = {name: _function(value) for name, value in functions.items()}
        made_calls = [_call(value) for value in calls]
        valid_classes = all(
            isinstance(name, str) and isinstance(bases, list) and _strings(bases)
            for name, bases in classes.items()
        )
        if None in built.values() or None in made_calls or not valid_classes:
            return None
        return cls(stored["module"], stored["codes"], built, classes, made_calls)  # type: ignore[arg-type]


_SCALARS = (str, int, bool)


def _exact(stored: Any, types: dict[str, type], owner: type = FileSummary) -> bool:
    """Has `stored` exactly the fields of `owner`, those named in `types` of that type?"""
    names = _FIELD_NAMES[owner]
    return (
        isinstance(stored, dict)
        and stored.keys() == names
        and all(type(stored[name]) is kind for name, kind in types.items())
    )


def _strings(values: list[Any]) -> bool:
    return all(isinstance(value, str) for value in values)


def _scalars(stored: Any, owner: type) -> bool:
    """Has `stored` exactly the fields of `owner`, those that are str, int or bool each of
    exactly that type?"""
    return _exact(stored, _SCALAR_FIELDS[owner], owner)


def _place(stored: Any) -> Place | None:
    return Place(**stored) if _scalars(stored, Place) else None


def _effect(stored: Any) -> Effect | None:
    if not _scalars(stored, Effect):
        return None
    place = _place(stored["place"])
    return None if place is None else Effect(**{**stored, "place": place})


def _function(stored: Any) -> Function | None:
    if not _scalars(stored, Function) or not isinstance(stored["effects"], list):
        return None
    effects = [_effect(value) for value in stored["effects"]]
    return None if None in effects else Function(stored["is_async"], effects)  # type: ignore[arg-type]


def _call(stored: Any) -> Call | None:
    if not _scalars(stored, Call) or not isinstance(stored["noqa"], list):
        return None
    place = _place(stored["place"])
    if place is None or not _strings(stored["noqa"]):
        return None
    return Call(**{**stored, "place": place})


# The str, int and bool fields of each stored class, with their types.
_SCALAR_FIELDS: dict[type, dict[str, type]] = {
    owner: {name: kind for name, kind in get_type_hints(owner).items() if kind in _SCALARS}
    for owner in (Place, Effect, Call, Function)
}
_FIELD_NAMES: dict[type, set[str]] = {
    owner: {f.name for f in fields(owner)} for owner in (Place, Effect, Call, Function, FileSummary)
}
