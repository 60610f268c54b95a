"""Which loops around a call to a project function repeat it once per row of data.

A helper called in a loop is a finding when the loop runs over data that grows (rows,
records, requests); a loop over what the program was set up with runs a whole procedure
once per configured unit (a database, a provider, a table to clean, a bundle) and its
per-pass query is not an N+1 anyone would batch. Such a set-up collection is:

- configuration: an expression whose names say so (``hs.config.databases``,
  ``settings.BACKENDS``, ``effective_config_dict.items()``, ``get_default_connections()``);
- an attribute of ``self``/``cls`` (``self._bundles``, ``cls.registry``): what the object
  holds, filled when it was set up;
- a module-level name read inside a function: a registry or a constant table.

A name bound once in the function to one of these (``conns = get_default_connections()``)
is one too. And a call in an exception handler inside the loop runs when a pass fails,
not on every pass (``except Exception: stats.incr(tags=team_of(dag_id))``).
"""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.nodes import comprehension_fors

# Words (of ``snake_case`` names) that say a collection comes from the configuration.
SETUP_WORDS = frozenset(
    {
        "conf",
        "config",
        "configs",
        "configuration",
        "configurations",
        "default",
        "defaults",
        "options",
        "registry",
        "settings",
    }
)
_VIEWS = frozenset({"items", "keys", "values"})
# Builtins that pass the items of their first argument through.
_PASSING = frozenset({"list", "tuple", "set", "sorted", "reversed", "enumerate", "frozenset"})
_HANDLERS = (cst.ExceptHandler, cst.ExceptStarHandler)
_MAX_HOPS = 3  # names bound to names: ``a = b``, ``b = config.x``


def per_row_loops(ctx: FileContext, loops: list[cst.CSTNode]) -> list[cst.CSTNode]:
    """The `loops` (around the current node) that run it on every pass over data rather
    than over a set-up collection."""
    handled = handler_depth(ctx.stack)
    return [
        loop for loop in loops if not (_outside(ctx.stack, loop, handled) or _over_setup(ctx, loop))
    ]


def handler_depth(stack: list[cst.CSTNode]) -> int:
    """How deep in `stack` the innermost exception handler is (-1: none)."""
    for depth in range(len(stack) - 1, -1, -1):
        if isinstance(stack[depth], _HANDLERS):
            return depth
    return -1


def _outside(stack: list[cst.CSTNode], loop: cst.CSTNode, handled: int) -> bool:
    """Is `loop` outside the innermost exception handler around the current node?"""
    return handled >= 0 and any(node is loop for node in stack[:handled])


def _over_setup(ctx: FileContext, loop: cst.CSTNode) -> bool:
    if isinstance(loop, cst.For):
        return _setup_collection(ctx, loop.iter, 0)
    fors = comprehension_fors(loop)
    return bool(fors) and all(_setup_collection(ctx, f.iter, 0) for f in fors)


def _setup_collection(ctx: FileContext, expr: cst.BaseExpression, hops: int) -> bool:
    expr = _passed_through(expr)
    if any(word in SETUP_WORDS for word in _spine_words(expr)):
        return True
    if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name):
        return ctx.self_class(expr.value) is not None  # self.providers, cls.registry
    if isinstance(expr, cst.Name) and hops < _MAX_HOPS:
        return _setup_name(ctx, expr.value, hops)
    return False


def _setup_name(ctx: FileContext, name: str, hops: int) -> bool:
    binding = ctx.lookup(name)
    if binding is None:
        return False
    resolver = ctx.resolver
    if resolver.scope is not resolver.module_scope and (
        resolver.module_scope.names.get(name) is binding
    ):
        return True  # a module-level registry or table, read inside a function
    node = binding.node
    if isinstance(node, cst.Assign) and len(node.targets) == 1:
        return _setup_collection(ctx, node.value, hops + 1)
    return False


def _passed_through(expr: cst.BaseExpression) -> cst.BaseExpression:
    """The collection under ``.items()``, ``sorted(...)``, ``enumerate(...)``, ..."""
    while isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in _VIEWS and not expr.args:
            expr = func.value
        elif isinstance(func, cst.Name) and func.value in _PASSING and expr.args:
            expr = expr.args[0].value
        else:
            break
    return expr


def _spine_words(expr: cst.BaseExpression) -> list[str]:
    """The words of the names along an expression's spine: its attributes, the names and
    called functions it is built on, not their arguments (``rows_for(config)`` is data)."""
    words: list[str] = []
    while True:
        if isinstance(expr, cst.Call):
            expr = expr.func
        elif isinstance(expr, cst.Subscript):
            expr = expr.value
        elif isinstance(expr, cst.Attribute):
            words.extend(_words(expr.attr.value))
            expr = expr.value
        elif isinstance(expr, cst.Name):
            words.extend(_words(expr.value))
            return words
        else:
            return words


def _words(name: str) -> list[str]:
    return [word for word in name.lower().split("_") if word]
