"""Node-building steps the fixes share: parentheses where the grammar needs them, a name
for a module or a module-level constant, a keyword added to a call, comments carried over
from the code a fix removes."""

from __future__ import annotations

from collections import Counter

import libcst as cst

from perflint.fixes.base import Addition, FixSite
from perflint.nodes import children

# Where the grammar takes a `disjunction` (a comprehension's iterable and its `if`), these
# need parentheses.
_LOOSE = (cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Yield)


def is_empty_space(whitespace: cst.BaseParenthesizableWhitespace) -> bool:
    return isinstance(whitespace, cst.SimpleWhitespace) and not whitespace.value


def parenthesized(expr: cst.BaseExpression) -> cst.BaseExpression:
    if expr.lpar:
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def as_item(expr: cst.BaseExpression) -> cst.BaseExpression:
    """`expr` as one item among others (an element, a key, a value, an argument): a bare
    tuple (``a, b``) needs parentheses there."""
    bare_tuple = isinstance(expr, cst.Tuple) and not expr.lpar
    return parenthesized(expr) if bare_tuple or isinstance(expr, cst.Yield) else expr


def as_clause(expr: cst.BaseExpression) -> cst.BaseExpression:
    """`expr` as a comprehension's iterable or condition."""
    return parenthesized(expr) if isinstance(expr, _LOOSE) else as_item(expr)


def as_argument(expr: cst.BaseExpression, sole: bool) -> cst.BaseExpression:
    """A generator expression passed with other arguments needs its own parentheses."""
    if isinstance(expr, cst.GeneratorExp) and not sole:
        return parenthesized(expr)
    return as_item(expr)


def sole_argument(arg: cst.Arg) -> cst.Arg:
    """A call's only argument: ``f((x for x in xs))`` -> ``f(x for x in xs)``."""
    value = arg.value
    if (
        isinstance(value, cst.GeneratorExp)
        and arg.comma == cst.MaybeSentinel.DEFAULT
        and len(value.lpar) == 1
        and is_empty_space(value.lpar[0].whitespace_after)
        and is_empty_space(value.rpar[0].whitespace_before)
    ):
        return arg.with_changes(value=value.with_changes(lpar=[], rpar=[]))
    return arg


def comments(*nodes: cst.CSTNode) -> list[cst.Comment]:
    """The comments in the subtrees, in the order they are written."""
    found = []
    pending = list(reversed(nodes))
    while pending:
        node = pending.pop()
        if isinstance(node, cst.Comment):
            found.append(node)
        pending.extend(reversed(children(node)))
    return found


def comment_texts(*nodes: cst.CSTNode) -> Counter[str]:
    return Counter(comment.value for comment in comments(*nodes))


def moved_comments(
    removed: cst.CSTNode, kept: tuple[cst.CSTNode | None, ...]
) -> list[cst.EmptyLine]:
    """The comments of `removed` outside the `kept` parts, as lines of their own."""
    inside_kept = {id(c) for c in comments(*(node for node in kept if node is not None))}
    return [
        cst.EmptyLine(comment=comment)
        for comment in comments(removed)
        if id(comment) not in inside_kept
    ]


def unshadowed(site: FixSite, *names: str) -> bool:
    """Do these builtin names still mean the builtins at the site?"""
    return all(site.ctx.lookup(name) is None for name in names)


def module_reference(site: FixSite, module: str) -> tuple[str, tuple[Addition, ...]] | None:
    """A name that refers to `module` at the site: its import (or an alias of it), else
    ``import module`` added when nothing in the file uses that name; None if it is taken."""
    binding = site.ctx.lookup(module)
    if binding is not None:
        return (module, ()) if binding.qualname == module else None
    for name, candidate in site.ctx.resolver.module_scope.names.items():
        if candidate.qualname == module and site.ctx.lookup(name) is candidate:
            return name, ()  # ``import asyncio as aio``
    if module in site.names.taken():
        return None
    statement = cst.parse_statement(f"import {module}\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return module, (Addition(f"import {module}", statement, True, site.top_statement()),)


def module_constant(
    site: FixSite, base: str, value: str, comment: str
) -> tuple[str, tuple[Addition, ...]]:
    """The name of a module-level ``base = value``: the file's own when it assigns `base`
    at module level before the site, else a new definition under a free name."""
    binding = site.ctx.lookup(base)
    at_module_level = (
        binding is not None and site.ctx.resolver.module_scope.names.get(base) is binding
    )
    if at_module_level and isinstance(binding.node, (cst.Assign, cst.AnnAssign)):
        return base, ()
    key = f"{base} = {value}"
    name = site.names.claim(key, base)
    statement = cst.parse_statement(f"{name} = {value}  # {comment}\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return name, (Addition(key, statement, False, site.top_statement()),)


def with_keyword(call: cst.Call, keyword: str, value: cst.BaseExpression) -> cst.Call:
    """`call` with ``keyword=value`` after its last argument, in the call's layout: on a
    line of its own when the arguments are one per line."""
    added = cst.Arg(
        value=value,
        keyword=cst.Name(keyword),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    if not call.args:
        return call.with_changes(args=[added])
    args = [arg.with_changes(value=as_argument(arg.value, sole=False)) for arg in call.args]
    last = args[-1]
    space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if not isinstance(last.comma, cst.Comma):
        # f(a  # why\n) -> f(a, timeout=T  # why\n): what followed the last argument follows.
        added = added.with_changes(whitespace_after_arg=last.whitespace_after_arg)
        last = last.with_changes(comma=space, whitespace_after_arg=cst.SimpleWhitespace(""))
        return call.with_changes(args=[*args[:-1], last, added])
    before_last = args[-2].comma.whitespace_after if len(args) > 1 else call.whitespace_before_args
    after = last.comma.whitespace_after
    if isinstance(before_last, cst.ParenthesizedWhitespace) and isinstance(
        after, cst.ParenthesizedWhitespace
    ):
        # One argument per line: the new one on its own line, at the arguments' indent.
        last = last.with_changes(
            comma=last.comma.with_changes(
                whitespace_after=after.with_changes(last_line=before_last.last_line)
            )
        )
        closing = after.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
        added = added.with_changes(comma=cst.Comma(whitespace_after=closing))
        return call.with_changes(args=[*args[:-1], last, added])
    # f(a, ) -> f(a, timeout=T, ): the old comma (and what follows it) closes the new one.
    added = added.with_changes(comma=last.comma)
    return call.with_changes(args=[*args[:-1], last.with_changes(comma=space), added])
