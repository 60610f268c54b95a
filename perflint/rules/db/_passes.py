"""What one pass of a loop does around a database call, for the PFL1xx rules.

Batching a write, or fetching a read before the loop, is only possible when the passes
do not depend on each other: a write that the same pass reads back, hands to other
code (a call given the session or cursor, a ``yield``) or follows with more statements
must land before them, and a read after a write in the same pass sees that write.
`LoopPasses` records, in walk order, the database calls and hand-offs inside loops so
the rules can ask what comes before or after a call in its pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from perflint.analysis import Analysis
from perflint.context import FileContext
from perflint.knowledge.db import TRANSACTION
from perflint.knowledge.dbloops import DB_ERRORS, SAVEPOINT_WORDS
from perflint.nodes import dotted_name
from perflint.rules.db._access import DbAccess
from perflint.rules.db._django import DjangoValues

# Call kinds that do I/O on the database (a cache round trip does not touch its rows).
_DATABASE_KINDS = frozenset({"query", "write", "commit", "transaction"})


@dataclass(frozen=True, slots=True)
class _Event:
    order: int
    kind: str  # a call kind of `CallKind`, or "yield" / "handoff"
    loops: tuple[cst.CSTNode, ...]


class LoopPasses(Analysis):
    """Database calls and hand-offs inside loops, in walk order."""

    uses = (DbAccess, DjangoValues)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._events: list[_Event] = []
        self._order: dict[int, int] = {}
        self._handles: set[str] = set()  # receivers of database calls: session, txn, cur

    def visit_Call(self, node: cst.Call) -> None:
        found = self.ctx.analysis(DbAccess).classify(node)
        if found is not None and found.kind in _DATABASE_KINDS:
            self._remember_handle(node.func)
            self._record(node, found.kind)
        elif any(_handle_name(arg.value) in self._handles for arg in node.args):
            self._record(node, "handoff")  # helper(txn, ...), register(session=session)

    def _remember_handle(self, func: cst.BaseExpression) -> None:
        """The receiver of a database call, when it is a session, connection or cursor
        (not a Django model object or manager)."""
        if not isinstance(func, cst.Attribute):
            return
        name = _handle_name(func.value)
        if name and self.ctx.analysis(DjangoValues).value(func.value) is None:
            self._handles.add(name)

    def visit_Yield(self, node: cst.Yield) -> None:
        self._record(node, "yield")

    def _record(self, node: cst.CSTNode, kind: str) -> None:
        loops = tuple(self.ctx.loops())
        if loops:
            self._order[id(node)] = len(self._events)
            self._events.append(_Event(len(self._events), kind, loops))

    # ----- questions the rules ask ----------------------------------------------------
    def followed_in_pass(self, node: cst.CSTNode, loop: cst.CSTNode) -> bool:
        """After `node`, does the same pass of `loop` do more database work or hand off
        (ask once the walk has passed the loop: `finish`)?"""
        order = self._order.get(id(node))
        return order is not None and any(_in(loop, event) for event in self._events[order + 1 :])

    def alone_in_loop(self, node: cst.CSTNode, loop: cst.CSTNode) -> bool:
        """Is `node` the only database call or hand-off in `loop` (ask in `finish`)?"""
        order = self._order.get(id(node))
        return not any(
            event.order != order and event.kind != "yield" and _in(loop, event)
            for event in self._events
        )

    def written_before_in_pass(
        self, node: cst.CSTNode, loop: cst.CSTNode, handoffs: bool = False
    ) -> bool:
        """Before `node`, did the same pass of `loop` write (or, with `handoffs`, give
        the session or cursor to other code)?"""
        order = self._order.get(id(node), len(self._events))
        kinds = ("write", "handoff") if handoffs else ("write",)
        return any(event.kind in kinds and _in(loop, event) for event in self._events[:order])

    def in_savepoint(self, loop: cst.CSTNode, block_needed: bool = True) -> bool:
        """Is the current node isolated per item of `loop`: in the body of a ``try`` there
        that catches database errors and, when `block_needed`, inside a transaction block
        opened in that body (a savepoint), so that one item's failure undoes that item
        only?"""
        block = not block_needed
        child: cst.CSTNode | None = None
        for node in self.ctx.ancestors():
            if node is loop:
                return False
            if isinstance(node, cst.With) and any(self._opens_transaction(i) for i in node.items):
                block = True
            if (
                block
                and isinstance(node, cst.Try)
                and child is node.body
                and _catches_database_errors(node)
            ):
                return True
            child = node
        return False

    def _opens_transaction(self, item: cst.WithItem) -> bool:
        call = item.item
        if not isinstance(call, cst.Call):
            return False
        callee = self.ctx.callee(call)
        if callee and self.ctx.knowledge.has_effect(callee, TRANSACTION):
            return True
        name = dotted_name(call.func).rpartition(".")[2].lower()
        return any(word in name for word in SAVEPOINT_WORDS)


def _in(loop: cst.CSTNode, event: _Event) -> bool:
    return any(loop is seen for seen in event.loops)


def _handle_name(expr: cst.BaseExpression) -> str:
    """The dotted name of a receiver or argument (``txn``, ``self.session``), or ""."""
    return dotted_name(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else ""


def _catches_database_errors(statement: cst.Try) -> bool:
    for handler in statement.handlers:
        if handler.type is None:
            return True  # a bare except
        caught = handler.type
        names = [e.value for e in caught.elements] if isinstance(caught, cst.Tuple) else [caught]
        if any(dotted_name(name).rpartition(".")[2] in DB_ERRORS for name in names):
            return True
    return False
