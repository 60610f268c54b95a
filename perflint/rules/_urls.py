"""URLs that are not on the network: ``urlopen`` decodes a ``data:`` URL in memory and
reads a ``file:`` URL from disk, so opening one needs no timeout and is no HTTP request.

A URL is local when it is a literal of a local scheme (``"data:..."``, an f-string starting
so, ``path.as_uri()``), a name bound to one, a name an ``if`` around the call tests for a
local scheme (or an earlier ``if not ...: raise``), or a parameter of a private function
to which every call in the module passes a local URL.
"""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.http import (
    LOCAL_URL_FACTORIES,
    LOCAL_URL_SCHEMES,
    URL_OPENERS,
    URL_PARSERS,
)
from perflint.nodes import DEFINITIONS, argument, dotted_name, string_value, walk_with_ancestors

Ancestors = tuple[cst.CSTNode, ...]
Schemes = frozenset[str]  # the local schemes a URL can have; None: it may be remote


def local_url_schemes(ctx: FileContext, call: cst.Call, callee: str) -> Schemes | None:
    """The local schemes of the URL that `call` (the current node, a call of `callee`)
    opens, or None when it may open a connection."""
    where = URL_OPENERS.get(callee)
    url = argument(call, *where) if where is not None else None
    if url is None:
        return None
    ancestors = tuple(ctx.ancestors())
    schemes = _local_here(ctx, url.value, ancestors)
    if schemes is not None or not isinstance(url.value, cst.Name):
        return schemes
    binding = ctx.lookup(url.value.value)
    node = binding.node if binding is not None else None
    if isinstance(node, cst.Assign) and len(node.targets) == 1:
        return _local_literal(ctx, node.value)
    if isinstance(node, cst.Param):
        return _callers_pass_local(ctx, node, ancestors)
    return None


def _local_here(ctx: FileContext, url: cst.BaseExpression, ancestors: Ancestors) -> Schemes | None:
    """A local literal, or a name tested for a local scheme around this use."""
    schemes = _local_literal(ctx, url)
    if schemes is None and isinstance(url, cst.Name):
        schemes = _guarded(ctx, url.value, url, ancestors)
    return schemes


def _local_literal(ctx: FileContext, url: cst.BaseExpression) -> Schemes | None:
    text = string_value(url)
    if text is not None:
        return _scheme_of_text(text)
    if isinstance(url, cst.Call) and ctx.callee(url) in LOCAL_URL_FACTORIES:
        return frozenset({"file"})
    return None


def _scheme_of_text(text: str) -> Schemes | None:
    scheme = text.partition(":")[0].lower()
    return frozenset({scheme}) if ":" in text and scheme in LOCAL_URL_SCHEMES else None


def _union(parts: list[Schemes | None]) -> Schemes | None:
    """The schemes of several alternatives, None when one of them may be remote."""
    if not parts or any(part is None for part in parts):
        return None
    return frozenset().union(*parts)  # type: ignore[arg-type]


def _guarded(
    ctx: FileContext, name: str, node: cst.CSTNode, ancestors: Ancestors
) -> Schemes | None:
    """Inside ``if <name is local>:``, or after ``if not <name is local>: raise``, in the
    same function."""
    child = node
    for parent in ancestors:
        if isinstance(parent, DEFINITIONS):
            return None
        schemes = None
        if isinstance(parent, cst.If) and child is parent.body:
            schemes = _tests(ctx, parent.test, name)
        elif isinstance(parent, cst.IndentedBlock):
            schemes = _exits_unless_local(ctx, parent, child, name)
        if schemes is not None:
            return schemes
        child = parent
    return None


def _exits_unless_local(
    ctx: FileContext, block: cst.IndentedBlock, statement: cst.CSTNode, name: str
) -> Schemes | None:
    """Does a statement before `statement` in `block` leave unless `name` is local?"""
    for earlier in block.body:
        if earlier is statement:
            return None
        if (
            isinstance(earlier, cst.If)
            and isinstance(earlier.test, cst.UnaryOperation)
            and isinstance(earlier.test.operator, cst.Not)
            and _exits(earlier.body)
        ):
            schemes = _tests(ctx, earlier.test.expression, name)
            if schemes is not None:
                return schemes
    return None


def _exits(block: cst.BaseSuite) -> bool:
    last = block.body[-1] if block.body else None
    if isinstance(last, cst.SimpleStatementLine):
        return isinstance(last.body[-1], (cst.Return, cst.Raise))
    return False


def _tests(ctx: FileContext, test: cst.BaseExpression, name: str) -> Schemes | None:
    """The local schemes `test` admits `name` with, when it admits no other: ``name.
    startswith("data:")``, a conjunction holding such a test, ``urlparse(name).scheme ==
    "data"``."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        left = _tests(ctx, test.left, name)
        return left if left is not None else _tests(ctx, test.right, name)
    if isinstance(test, cst.Call):
        return _startswith_local(test, name)
    if (
        isinstance(test, cst.Comparison)
        and len(test.comparisons) == 1
        and _scheme_of(ctx, test.left) == name
    ):
        return _local_schemes(test.comparisons[0])
    return None


def _startswith_local(test: cst.Call, name: str) -> Schemes | None:
    func = test.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "startswith" and test.args):
        return None
    receiver = func.value
    if isinstance(receiver, cst.Call) and isinstance(receiver.func, cst.Attribute):
        receiver = receiver.func.value  # ``url.lower().startswith(...)``
    if dotted_name(receiver) != name:
        return None
    prefix = test.args[0].value
    prefixes = [e.value for e in prefix.elements] if isinstance(prefix, cst.Tuple) else [prefix]
    return _union([_scheme_of_text(string_value(p) or "") for p in prefixes])


def _scheme_of(ctx: FileContext, expr: cst.BaseExpression) -> str | None:
    """``name`` for ``urlparse(name).scheme``."""
    if not (isinstance(expr, cst.Attribute) and expr.attr.value == "scheme"):
        return None
    parsed = expr.value
    if not (isinstance(parsed, cst.Call) and parsed.args and ctx.callee(parsed) in URL_PARSERS):
        return None
    return dotted_name(parsed.args[0].value) or None


def _local_schemes(comparison: cst.ComparisonTarget) -> Schemes | None:
    """``== "data"`` or ``in ("data", "file")``."""
    right = comparison.comparator
    if isinstance(comparison.operator, cst.Equal):
        values = [right]
    elif isinstance(comparison.operator, cst.In) and isinstance(right, (cst.Tuple, cst.List)):
        values = [element.value for element in right.elements]
    else:
        return None
    texts = [string_value(value) for value in values]
    return _union([_scheme_of_text(f"{text}:") if text is not None else None for text in texts])


def _callers_pass_local(ctx: FileContext, param: cst.Param, ancestors: Ancestors) -> Schemes | None:
    """The local schemes every call in the module passes `param`, when it is a parameter
    of a private function (a public one may be called from anywhere)."""
    at = next((i for i, node in enumerate(ancestors) if isinstance(node, cst.FunctionDef)), 0)
    function = ancestors[at] if ancestors else None
    if not isinstance(function, cst.FunctionDef) or not function.name.value.startswith("_"):
        return None
    positional = [*function.params.posonly_params, *function.params.params]
    index = next((i for i, p in enumerate(positional) if p is param), None)
    if index is None:
        return None
    if _is_method(function, ancestors[at + 1 :]):
        index -= 1  # ``self.name(url)``: the receiver fills the first parameter
    passed: list[Schemes | None] = []
    for node, around in walk_with_ancestors(ctx.module):
        if isinstance(node, cst.Call) and _calls_function(node, function.name.value):
            arg = argument(node, param.name.value, index)
            passed.append(_local_here(ctx, arg.value, (node, *around)) if arg else None)
    return _union(passed)


def _is_method(function: cst.FunctionDef, ancestors: Ancestors) -> bool:
    in_class = len(ancestors) > 1 and isinstance(ancestors[1], cst.ClassDef)
    static = any(dotted_name(d.decorator) == "staticmethod" for d in function.decorators)
    return in_class and not static


def _calls_function(call: cst.Call, name: str) -> bool:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value == name
    return isinstance(func, cst.Attribute) and func.attr.value == name
