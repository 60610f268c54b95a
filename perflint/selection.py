"""Which rules run: codes and prefixes from --select / --extend-select / --ignore."""

from __future__ import annotations

from collections.abc import Iterable


def _longest_match(code: str, prefixes: Iterable[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def enabled_codes(
    codes: Iterable[str],
    select: Iterable[str],
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> set[str]:
    """The more specific prefix wins (``--ignore PFL5 --select PFL501`` keeps PFL501);
    on a tie, ignore wins."""
    chosen = [*select, *extend_select]
    ignored = list(ignore)
    return {code for code in codes if _longest_match(code, chosen) > _longest_match(code, ignored)}


def unknown_selectors(selectors: Iterable[str], codes: Iterable[str]) -> list[str]:
    """Selectors that match no code at all."""
    known = list(codes)
    return [s for s in selectors if not any(code.startswith(s) for code in known)]
