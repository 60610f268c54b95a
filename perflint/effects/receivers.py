"""What a method call's receiver holds, from what the file's resolver bound it to, as the
project-wide index reads it: ``Repo`` for an instance of the class ``Repo`` (a parameter or
variable annotated ``repo: Repo``), ``make_repo()`` for what calling ``make_repo`` gives
(``repo = make_repo()``, ``self.repo = Repo()``, ``make_repo().load()``),
``open_repo.__enter__()`` for what ``with open_repo() as repo`` binds, and
``Holder.repo.__get__()`` for what reading the attribute ``repo`` of a ``Holder`` gives
(``self.repo`` in its methods, ``holder.repo``). The index decides whether the name is a
class of the project, or a project function, context manager or property that gives one.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.pytypes import YIELDING_ANNOTATIONS
from perflint.resolve import unwrap_optional

NameOf = Callable[[cst.BaseExpression], "str | None"]

# What ``with f() as x`` binds is what ``f.__enter__`` returns; what an attribute read gives
# is what its property's ``__get__`` returns (`perflint.effects.summary.FileSummary.returns`).
ENTER = "__enter__"
GET = "__get__"


def receiver_name(ctx: FileContext, receiver: cst.BaseExpression, name_of: NameOf) -> str | None:
    """``Repo`` or ``make_repo()`` (qualified as `name_of` names them) for `receiver`; None
    when it was bound from anything else."""
    if isinstance(receiver, cst.Call):
        return _made_by(receiver, name_of)
    binding = ctx.binding_of(receiver)
    node = binding.node if binding is not None else None
    if isinstance(receiver, cst.Attribute) and (node is None or isinstance(node, cst.FunctionDef)):
        return _property_read(ctx, receiver, name_of)  # no assignment: maybe a property
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
    if isinstance(node, cst.WithItem) and node.asname and _binds(receiver, node.asname.name):
        entered = made_by(node.item, name_of)
        return f"{entered}.{ENTER}()" if entered is not None else None
    return None


def _property_read(ctx: FileContext, read: cst.Attribute, name_of: NameOf) -> str | None:
    """``Holder.repo.__get__()`` for ``self.repo`` in a method of ``Holder`` or ``obj.repo``
    where ``obj`` holds a ``Holder``; the index knows whether ``repo`` is a property."""
    owner = ctx.self_class(read.value)
    if owner is not None:
        prefix = f"{ctx.module_name}." if ctx.module_name else ""
        held: str | None = f"{prefix}{owner.dotted_name}"
    else:
        held = receiver_name(ctx, read.value, name_of)
    return f"{held}.{read.attr.value}.{GET}()" if held is not None else None


def annotated_class(annotation: cst.BaseExpression, name_of: NameOf) -> str | None:
    """The class an annotation names (``Repo``, ``Repo | None``), not a generic's."""
    target = unwrap_optional(annotation)
    return name_of(target) if isinstance(target, (cst.Name, cst.Attribute)) else None


def yielded_class(
    annotation: cst.BaseExpression, qualified_name: NameOf, name_of: NameOf
) -> str | None:
    """The class a generator's annotation says it yields (``Iterator[Repo]``,
    ``Generator[Repo, None, None]``): what a ``@contextmanager`` enters."""
    target = unwrap_optional(annotation)
    if not (isinstance(target, cst.Subscript) and target.slice):
        return None
    if qualified_name(target.value) not in YIELDING_ANNOTATIONS:
        return None
    first = target.slice[0].slice
    return annotated_class(first.value, name_of) if isinstance(first, cst.Index) else None


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
