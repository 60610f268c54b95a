"""The rule API: a rule is a small class with metadata, examples and visit/leave hooks.

The engine calls ``visit_<Node>`` / ``leave_<Node>`` methods (LibCST node class names)
during its single walk of each file; a rule never walks the tree itself. Each rule
documents and tests itself with ``VALID`` / ``INVALID`` code examples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import libcst as cst

if TYPE_CHECKING:
    from perflint.context import FileContext, RelativePosition

IMPACTS = ("high", "medium", "low")


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    impact: ClassVar[str]
    summary: ClassVar[str]  # one line, for --list-rules
    message: ClassVar[str]  # the default finding message
    VALID: ClassVar[tuple[str, ...]] = ()
    INVALID: ClassVar[tuple[str, ...]] = ()

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx

    def report(
        self,
        node: cst.CSTNode,
        message: str | None = None,
        *,
        position: RelativePosition | None = None,
    ) -> None:
        self.ctx.report(self, node, message or self.message, position)

    def finish(self) -> None:
        """Called once after the walk, for rules that decide at the end of the file."""


_HOOKS: dict[type, list[tuple[str, type[cst.CSTNode], str]]] = {}


def hook_methods(cls: type) -> list[tuple[str, type[cst.CSTNode], str]]:
    """(``"visit"``/``"leave"``, node class, method name) for each hook `cls` defines."""
    found = _HOOKS.get(cls)
    if found is None:
        found = []
        for attr in dir(cls):
            kind, _, node_name = attr.partition("_")
            if kind in ("visit", "leave") and node_name:
                node_type = getattr(cst, node_name, None)
                if isinstance(node_type, type) and issubclass(node_type, cst.CSTNode):
                    found.append((kind, node_type, attr))
        _HOOKS[cls] = found
    return found
