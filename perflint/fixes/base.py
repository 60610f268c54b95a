"""What a fix is: declared on a rule, asked for one finding at a time, and what it answers.

A rule declares ``fix = SomeFix()``. ``SomeFix.safety`` names the message variants it
repairs and how safe each repair is: **safe** (the same behaviour for every input) or
**unsafe** (the same behaviour under an assumption the rule's page states). For each
finding of such a variant, `Fix.plan` gets a `FixSite`: the reported node, the file
context positioned at that node (as a rule's ``visit_`` hook sees it), and the finding's
variant and message parameters. It answers an `Edit` (nodes of that same tree and what
replaces them) or None when this finding's code is not a shape it can rewrite.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar

import libcst as cst

from perflint.context import FileContext
from perflint.nodes import walk

SAFE, UNSAFE = "safe", "unsafe"

Replacement = cst.CSTNode | cst.RemovalSentinel


@dataclass(frozen=True, eq=False)
class Addition:
    """A statement added once at module level, after the top-level imports that come
    before `anchor` (the top-level statement that uses what it defines)."""

    key: str  # additions with the same key are the same statement: added once
    statement: cst.SimpleStatementLine
    is_import: bool
    anchor: cst.CSTNode


@dataclass(frozen=True, eq=False)
class Edit:
    """Nodes of the linted tree and what replaces each (a node, or removal)."""

    replacements: tuple[tuple[cst.CSTNode, Replacement], ...]
    title: str  # what it does, for an editor's menu: "Use `min(...)`"
    additions: tuple[Addition, ...] = ()
    safe: bool = True

    def targets(self) -> list[cst.CSTNode]:
        return [original for original, _ in self.replacements]


class ModuleNames:
    """Names a fix may introduce at module level: unique in the file, and the same name
    for the same definition across the findings of one pass."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._taken: set[str] | None = None
        self._claimed: dict[str, str] = {}  # addition key -> name

    def taken(self) -> set[str]:
        """Every identifier written anywhere in the file (attribute names included)."""
        if self._taken is None:
            self._taken = {n.value for n in walk(self.module) if isinstance(n, cst.Name)}
        return self._taken

    def claim(self, key: str, base: str) -> str:
        """A free name for the definition `key`: `base`, else `base_2`, `base_3`, ..."""
        if key in self._claimed:
            return self._claimed[key]
        taken = self.taken()
        name, number = base, 2
        while name in taken:
            name, number = f"{base}_{number}", number + 1
        taken.add(name)
        self._claimed[key] = name
        return name


@dataclass
class FixSite:
    """One finding, as its fix sees it."""

    ctx: FileContext  # positioned at `node`: ancestors, scope and bindings as of there
    node: cst.CSTNode
    variant: str
    params: Mapping[str, object]
    names: ModuleNames = field(repr=False)

    def top_statement(self) -> cst.CSTNode:
        """The statement of the module's body that holds the node."""
        return self.ctx.stack[1] if len(self.ctx.stack) > 1 else self.node


class Fix:
    """How a rule's findings are rewritten; a rule declares ``fix = SomeFix()``."""

    safety: ClassVar[Mapping[str, str]]  # message variant -> SAFE or UNSAFE

    def plan(self, site: FixSite) -> Edit | None:
        declared = self.safety.get(site.variant)
        if declared is None:
            return None
        edit = self.rewrite(site)
        if edit is None or declared == SAFE:
            return edit
        return replace(edit, safe=False)

    def rewrite(self, site: FixSite) -> Edit | None:
        """The edit for this finding (``safe=False`` where this site needs the page's
        assumption although the variant does not), or None."""
        raise NotImplementedError
