"""Django signal receivers of the linted project, read with Python's `ast`.

``@receiver(post_save, sender=Book)`` and ``post_save.connect(handler, sender=Book)``
make Django run code for every saved (or deleted) ``Book``: code that
``bulk_create()``/``bulk_update()`` skip. A receiver without a sender, or with one that
is not a plain class name (``sender=model`` in a loop), may be any model's: it is
recorded for ``ANY_MODEL``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

# Model signals a bulk write does not send (and the row-by-row path does).
MODEL_SIGNALS = frozenset({"pre_save", "post_save", "pre_delete", "post_delete"})
ANY_MODEL = "*"


def receivers_in(tree: ast.AST) -> frozenset[tuple[str, str]]:
    """(signal, sender class name or `ANY_MODEL`) of the receivers a module connects."""
    found: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and _name(decorator.func) == "receiver":
                    found.update(_connections(decorator.args[:1], decorator))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "connect"
            and _name(node.func.value) in MODEL_SIGNALS
        ):
            found.update(_connections([node.func.value], node))
    return frozenset(found)


def _connections(signals: list[ast.expr], call: ast.Call) -> Iterator[tuple[str, str]]:
    sender = next((k.value for k in call.keywords if k.arg == "sender"), None)
    model = _name(sender)
    if isinstance(sender, ast.Constant) and isinstance(sender.value, str):
        model = sender.value.rpartition(".")[2]  # sender="shop.Book"
    if model is None or not model[:1].isupper() or model.isupper():
        model = ANY_MODEL  # no sender, a variable, or a setting such as AUTH_USER_MODEL
    for signal in _signal_names(signals):
        yield signal, model


def _signal_names(signals: list[ast.expr]) -> Iterator[str]:
    for signal in signals:
        elements = signal.elts if isinstance(signal, (ast.List, ast.Tuple)) else [signal]
        for element in elements:
            name = _name(element)
            if name in MODEL_SIGNALS:
                yield name


def _name(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None
