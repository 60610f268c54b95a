"""What a method call's receiver holds, from what the file's resolver bound it to, as the
project-wide index reads it: ``Repo`` for an instance of the class ``Repo`` (a parameter or
variable annotated ``repo: Repo``), ``make_repo()`` for what calling ``make_repo`` gives
(``repo = make_repo()``, ``self.repo = Repo()``, ``make_repo().load()``). The index decides
whether the name is a class of the project, or a project function that returns one.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from perflint.context import FileContext
from perflint.resolve import unwrap_optional

NameOf = Callable[[cst.BaseExpression], "str | None"]


def receiver_name(ctx: FileContext, receiver: cst.BaseExpression, name_of: NameOf) -> str | None:
    """``Repo`` or ``make_repo()`` (qualified as `name_of` names them) for `receiver`; None
    when it was bound from anything else."""
    if isinstance(receiver, cst.Call):
        return _made_by(receiver, name_of)
    binding = ctx.binding_of(receiver)
    if binding is None:
        return None
    node = binding.node
    if isinstance(node, cst.Param) and node.annotation is not None:
        return annotated_class(node.annotation.annotation, name_of)
    if isinstance(node, cst.AnnAssign) and _binds(receiver, node.target):
        return annotated_class(node.annotation.annotation, name_of)
    if (
        isinstance(node, cst.Assign)
        and len(node.targets) == 1
        and _binds(receiver, node.targets[0].target)
    ):
        return _made_by(node.value, name_of)
    return None


def annotated_class(annotation: cst.BaseExpression, name_of: NameOf) -> str | None:
    """The class an annotation names (``Repo``, ``Repo | None``), not a generic's."""
    target = unwrap_optional(annotation)
    return name_of(target) if isinstance(target, (cst.Name, cst.Attribute)) else None


def made_by(value: cst.BaseExpression, name_of: NameOf) -> str | None:
    """The callable whose call `value` is (``Repo(...)`` -> ``Repo``), if a name."""
    if not isinstance(value, cst.Call):
        return None
    return name_of(value.func) if isinstance(value.func, (cst.Name, cst.Attribute)) else None


def _made_by(value: cst.BaseExpression, name_of: NameOf) -> str | None:
    callable_name = made_by(value, name_of)
    return f"{callable_name}()" if callable_name is not None else None


def _binds(receiver: cst.BaseExpression, target: cst.BaseExpression) -> bool:
    """Does `target` bind the receiver itself (``repo``, ``self.repo``), not an unpacking
    that binds it among other names?"""
    if isinstance(target, cst.Name) and isinstance(receiver, cst.Name):
        return target.value == receiver.value
    if isinstance(target, cst.Attribute) and isinstance(receiver, cst.Attribute):
        return target.attr.value == receiver.attr.value
    return False
