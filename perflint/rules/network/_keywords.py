"""The keywords a call passes, its ``**kwargs`` included when the function built that dict
from a literal, so that the missing-timeout rule can tell whether a timeout is among them."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.nodes import own_nodes, string_value


def keyword_names(ctx: FileContext, call: cst.Call) -> frozenset[str] | None:
    """Every keyword `call` passes, ``**name`` splats included; None when a splat's keys are
    unknown: ``*args``, a parameter, a dict built elsewhere, changed or used for more than
    being splatted (``kwargs["timeout"] = 5``, ``prepare(kwargs)``)."""
    names = {arg.keyword.value for arg in call.args if arg.keyword is not None}
    function = ctx.function()
    for arg in call.args:
        if not arg.star:
            continue
        if arg.star != "**" or function is None or not isinstance(arg.value, cst.Name):
            return None
        keys = _literal_keys(ctx, arg.value, function)
        if keys is None:
            return None
        names |= keys
    return frozenset(names)


def _literal_keys(ctx: FileContext, name: cst.Name, function: cst.FunctionDef) -> set[str] | None:
    binding = ctx.binding_of(name)
    statement = binding.node if binding is not None else None
    if not (isinstance(statement, cst.Assign) and len(statement.targets) == 1):
        return None
    keys = _keys_of(ctx, statement.value)
    if keys is None or not _only_splatted(name.value, function):
        return None
    return keys


def _keys_of(ctx: FileContext, value: cst.BaseExpression) -> set[str] | None:
    """The keys of ``{"a": 1}`` or ``dict(a=1)``, when all of them are written out."""
    if isinstance(value, cst.Dict):
        keys = set()
        for element in value.elements:
            key = string_value(element.key) if isinstance(element, cst.DictElement) else None
            if key is None:
                return None
            keys.add(key)
        return keys
    if not (isinstance(value, cst.Call) and ctx.callee(value) == "builtins.dict"):
        return None
    keywords = [arg.keyword.value for arg in value.args if arg.keyword and not arg.star]
    return set(keywords) if len(keywords) == len(value.args) else None


def _only_splatted(name: str, function: cst.FunctionDef) -> bool:
    """Is `name` bound once in the function and otherwise only splatted into calls?"""
    uses = splats = 0
    for node in own_nodes(function):
        if isinstance(node, cst.Name) and node.value == name:
            uses += 1
        elif isinstance(node, cst.Arg) and node.star == "**" and isinstance(node.value, cst.Name):
            splats += node.value.value == name
    return uses == 1 + splats
