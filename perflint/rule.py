"""The rule API: a rule is a small class with metadata, messages, examples and hooks.

The engine calls ``visit_<Node>`` / ``leave_<Node>`` methods (LibCST node class names)
during its single walk of each file; a rule never walks the whole tree itself. What a
rule may ask about the file is on ``self.ctx`` (`perflint.context.FileContext`); shared
per-file facts come from the analyses it lists in ``uses``. Each rule documents and
tests itself with ``VALID`` / ``INVALID`` code examples.

Messages are data: ``message`` is the main one, ``variants`` the others, each a
`str.format` template that `report` fills from its keyword arguments. A rule whose
findings can be rewritten declares ``fix = SomeFix()`` (`perflint.fixes.base.Fix`).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any, ClassVar

import libcst as cst

from perflint.analysis import Analysis
from perflint.context import FileContext
from perflint.findings import IMPACTS, RelativePosition, RuleInfo
from perflint.fixes.base import Fix
from perflint.roles import APP, ROLES


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    impact: ClassVar[str]
    summary: ClassVar[str]  # one line, for --list-rules
    message: ClassVar[str]  # the main finding message, a str.format template
    variants: ClassVar[Mapping[str, str]] = {}  # other messages, by variant name
    # Variants whose findings rank differently from the rule (a cheap case of a costly rule).
    variant_impacts: ClassVar[Mapping[str, str]] = {}
    uses: ClassVar[tuple[type[Analysis], ...]] = ()
    # Where the anti-pattern hurts: the roles of the files the rule applies to by default
    # (configurable with [tool.perflint.roles]).
    applies_to: ClassVar[frozenset[str]] = frozenset({APP})
    # Not yet proven precise on judged real code: why (the measured number), else "".
    # A preview rule runs only in preview mode (--preview, preview = true).
    preview: ClassVar[str] = ""
    # Message variants that are reported only in preview mode (a rule's cheap cases).
    preview_variants: ClassVar[frozenset[str]] = frozenset()
    fix: ClassVar[Fix | None] = None  # how its findings are rewritten (perflint/fixes)
    VALID: ClassVar[tuple[str, ...]] = ()
    INVALID: ClassVar[tuple[str, ...]] = ()
    info: ClassVar[RuleInfo]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            return  # a shared base of several rules
        if cls.impact not in IMPACTS:
            raise TypeError(f"{cls.code}: impact {cls.impact!r} not in {IMPACTS}")
        for template in cls.templates().values():
            list(string.Formatter().parse(template))  # a malformed template fails at import
        if not cls.applies_to or not cls.applies_to <= set(ROLES):
            raise TypeError(f"{cls.code}: applies_to {sorted(cls.applies_to)} not in {ROLES}")
        if not cls.preview_variants <= set(cls.templates()):
            raise TypeError(f"{cls.code}: unknown preview variants {sorted(cls.preview_variants)}")
        for variant, impact in cls.variant_impacts.items():
            if variant not in cls.templates() or impact not in IMPACTS:
                raise TypeError(f"{cls.code}: variant impact {variant}={impact!r}")
        roles = tuple(role for role in ROLES if role in cls.applies_to)
        cls.info = RuleInfo(cls.code, cls.name, cls.impact, cls.summary, roles, cls.preview)

    @classmethod
    def templates(cls) -> dict[str, str]:
        """Every message of the rule by variant; the main one is ``"main"``."""
        return {"main": cls.message, **cls.variants}

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx

    def report(
        self,
        node: cst.CSTNode,
        *,
        variant: str = "main",
        position: RelativePosition | None = None,
        related: tuple[tuple[cst.CSTNode, str], ...] = (),
        **params: object,
    ) -> None:
        """Report a finding at `node` with the message `variant`, filled from `params`;
        `related` are other nodes of the same cause, each with what happens there."""
        if variant in self.preview_variants and not self.ctx.settings.preview:
            return
        template = self.message if variant == "main" else self.variants[variant]
        impact = self.variant_impacts.get(variant)
        message = template.format(**params)
        self.ctx.report(self.info, node, message, position, variant, params, impact, related)

    def finish(self) -> None:
        """Called once after the walk, for rules that decide at the end of the file."""
