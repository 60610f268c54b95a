"""The one builder every knowledge module fills its tables with.

A module makes ``TABLES = Tables()``, declares its effect kinds as constants
(``QUERY = TABLES.kind("db.query", "a database round trip")``, so rules import the
constant and a typo fails at import), then adds facts with a few calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class Tables:
    def __init__(self) -> None:
        self.kinds: dict[str, str] = {}
        self.effects: dict[str, tuple[str, ...]] = {}
        self.return_types: dict[str, str] = {}
        self.base_types: dict[str, tuple[str, ...]] = {}
        self.instance_types: dict[str, str] = {}

    def kind(self, name: str, meaning: str) -> str:
        """Declare an effect kind: what calling a name with it does. Returns `name`."""
        self.kinds[name] = meaning
        return name

    def effect(self, kinds: str | tuple[str, ...], *names: str) -> None:
        """Calling each of `names` has these effect kinds (besides any it already had)."""
        added = (kinds,) if isinstance(kinds, str) else kinds
        for name in names:
            known = self.effects.get(name, ())
            self.effects[name] = (*known, *(k for k in added if k not in known))

    def returns(self, mapping: Mapping[str, str]) -> None:
        """``{callable: type it returns}``; a later entry replaces an earlier one."""
        self.return_types.update(mapping)

    def bases(self, mapping: Mapping[str, Iterable[str]]) -> None:
        """``{type: its base types}``: a method not found on a type is looked up on these."""
        self.base_types.update({name: tuple(bases) for name, bases in mapping.items()})

    def instances(self, mapping: Mapping[str, str]) -> None:
        """``{qualified name: type}`` for objects that live at a name (module globals)."""
        self.instance_types.update(mapping)


def members(owner: str, names: str | Iterable[str]) -> tuple[str, ...]:
    """``members("os.path", "exists isfile")`` -> ``("os.path.exists", "os.path.isfile")``."""
    words = names.split() if isinstance(names, str) else names
    return tuple(f"{owner}.{name}" for name in words)
