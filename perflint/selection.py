"""Which rules run: codes and prefixes from --select / --extend-select / --ignore."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ALL = "ALL"  # every rule, including those off by default
PREFIX = "PFL"
# Rules that run only when selected by name, a longer prefix than "PFL", or ALL.
OFF_BY_DEFAULT = frozenset({"PFL002"})


def _longest_match(code: str, prefixes: Iterable[str]) -> int:
    lengths = [len(p) for p in prefixes if code.startswith(p)]
    if ALL in prefixes:
        lengths.append(0)
    return max(lengths, default=-1)


def enabled_codes(
    codes: Iterable[str],
    select: Iterable[str],
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> set[str]:
    """The more specific prefix wins (``--ignore PFL5 --select PFL501`` keeps PFL501);
    on a tie, ignore wins. ``ALL`` is the least specific selector of all."""
    chosen = [*select, *extend_select]
    ignored = list(ignore)
    enabled = set()
    for code in codes:
        selected = _longest_match(code, chosen)
        if selected <= _longest_match(code, ignored):
            continue
        if code in OFF_BY_DEFAULT and selected <= len(PREFIX) and ALL not in chosen:
            continue
        enabled.add(code)
    return enabled


def unknown_selectors(selectors: Iterable[str], codes: Iterable[str]) -> list[str]:
    """Selectors that match no code at all."""
    known = list(codes)
    return [s for s in selectors if s != ALL and not any(code.startswith(s) for code in known)]


@dataclass(frozen=True)
class Selection:
    """One layer of rule selection: a config file's, or the command line's on top of it."""

    select: tuple[str, ...] | None = None  # None: this layer does not start afresh
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def layered_codes(codes: Iterable[str], base: Selection, top: Selection) -> set[str]:
    """`top` (the command line) over `base` (a config file), as in ruff: a `select` in
    `top` starts afresh; otherwise `top` adds its extend-select to what `base` enables and
    removes its ignores."""
    codes = list(codes)
    if top.select is not None:
        return enabled_codes(codes, top.select, top.extend_select, top.ignore)
    enabled = enabled_codes(codes, base.select or (), base.extend_select, base.ignore)
    kept = {code for code in enabled if _longest_match(code, top.ignore) < 0}
    return kept | enabled_codes(codes, top.extend_select, (), top.ignore)
