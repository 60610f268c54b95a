"""Every rule perflint ships, found in the modules of the `perflint.rules` packages."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from perflint.findings import RuleInfo
from perflint.rule import Rule

# Reported by the engine itself, not by a rule class.
PARSE_ERROR = RuleInfo(
    "PFL001",
    "parse-error",
    "-",
    "a file that cannot be read or parsed (syntax error, bad encoding, NUL bytes)",
)

# Reported by the engine's noqa step; off unless selected by name (or a longer prefix).
UNUSED_NOQA = RuleInfo(
    "PFL002",
    "unused-noqa",
    "-",
    "a `# noqa: PFLnnn` comment that silences nothing (off by default)",
)
ENGINE_CODES = (PARSE_ERROR.code, UNUSED_NOQA.code)


@lru_cache(maxsize=1)
def all_rules() -> dict[str, type[Rule]]:
    """Rule classes by code, in code order."""
    import perflint.rules as package

    found: dict[str, type[Rule]] = {}
    for module_info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Rule)
                and value.__module__ == module.__name__
                and "code" in value.__dict__
            ):
                if value.code in found:
                    raise RuntimeError(f"rule code {value.code} is defined twice")
                found[value.code] = value
    return dict(sorted(found.items()))


def catalog() -> list[RuleInfo]:
    """Everything --list-rules shows: PFL001, PFL002 and the implemented rules."""
    return [PARSE_ERROR, UNUSED_NOQA, *(rule.info for rule in all_rules().values())]


@lru_cache(maxsize=1)
def known_codes() -> tuple[str, ...]:
    return tuple(entry.code for entry in catalog())
