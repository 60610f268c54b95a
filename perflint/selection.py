"""Which rules run: codes and prefixes from --select / --extend-select / --ignore."""

from __future__ import annotations

from collections.abc import Iterable

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
