"""Output formats: each turns the sorted findings into text for stdout."""

from __future__ import annotations

from collections.abc import Callable

from perflint.findings import Finding
from perflint.report import github, json_format, sarif, text

FORMATTERS: dict[str, Callable[[list[Finding]], str]] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
}
