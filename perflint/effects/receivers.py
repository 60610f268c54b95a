"""The project class a method call's receiver holds, from what the file's resolver bound
it to: a parameter or variable annotated with a class (``repo: Repo``), or a name or
``self`` attribute assigned a constructor call (``repo = Repo(...)``,
``self.repo = Repo()``). The index decides whether that name is a class of the project.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from perflint.context import FileContext
from perflint.resolve import unwrap_optional

NameOf = Callable[[cst.BaseExpression], "str | None"]


def receiver_class(ctx: FileContext, receiver: cst.BaseExpression, name_of: NameOf) -> str | None:
    """The qualified name of the class (or of the callable) `receiver` was bound from, as
    `name_of` names it; None when it was bound from anything else."""
    binding = ctx.binding_of(receiver)
    if binding is None:
        return None
    node = binding.node
    if isinstance(node, cst.Param) and node.annotation is not None:
        return _annotated(node.annotation.annotation, name_of)
    if isinstance(node, cst.AnnAssign) and _binds(receiver, node.target):
        return _annotated(node.annotation.annotation, name_of)
    if isinstance(node, cst.Assign) and len(node.targets) == 1:
        constructed = node.value
        if _binds(receiver, node.targets[0].target) and isinstance(constructed, cst.Call):
            return name_of(constructed.func)
    return None


def _binds(receiver: cst.BaseExpression, target: cst.BaseExpression) -> bool:
    """Does `target` bind the receiver itself (``repo``, ``self.repo``), not an unpacking
    that binds it among other names?"""
    if isinstance(target, cst.Name) and isinstance(receiver, cst.Name):
        return target.value == receiver.value
    if isinstance(target, cst.Attribute) and isinstance(receiver, cst.Attribute):
        return target.attr.value == receiver.attr.value
    return False


def _annotated(annotation: cst.BaseExpression, name_of: NameOf) -> str | None:
    target = unwrap_optional(annotation)
    return name_of(target) if isinstance(target, (cst.Name, cst.Attribute)) else None
