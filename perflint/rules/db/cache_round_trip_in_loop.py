"""PFL107 cache-round-trip-in-loop: a Redis/memcached/Django cache command per key inside a loop."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.db import BATCH_ALTERNATIVES
from perflint.nodes import is_name, method_name
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import call_label

# The batch advice when the client's type is not in BATCH_ALTERNATIVES.
_ANY_CLIENT_BATCH = "use mget()/mset(), a pipeline() or get_many()/set_many()"


class CacheRoundTripInLoop(DbRule):
    """A cache command for one key per item of a loop, where one batch command would do."""

    code = "PFL107"
    name = "cache-round-trip-in-loop"
    impact = "medium"
    summary = "a Redis/memcached/Django cache command per key inside a loop"
    message = "`{what}` makes one cache round trip per loop iteration: batch the keys: {batch}"
    variants = {
        "hoist": (
            "`{what}` makes one cache round trip per loop iteration: its arguments do not depend "
            "on the loop, so run it once before the loop"
        ),
    }
    INVALID = (
        dedent("""\
            import redis
            r = redis.Redis()

            def prices(skus):
                return {sku: r.get(f'price:{sku}') for sku in skus}
        """),
    )
    VALID = (
        dedent("""\
            import redis
            r = redis.Redis()

            def prices(skus):
                return dict(zip(skus, r.mget([f'price:{s}' for s in skus])))
        """),
    )

    def visit_Call(self, node: cst.Call) -> None:
        found = self._loop_call(node, "cache")
        if found is None:
            return
        kind, loops = found
        if self._on_local_miss(loops[0]):
            return  # only items an in-process cache lacks reach the round trip
        what = call_label(self.ctx, node)
        if self._hoist(node, loops):
            self.report(node, variant="hoist", what=what)
        else:
            self.report(node, what=what, batch=self._batch_advice(kind.receiver_type))

    def _on_local_miss(self, loop: cst.CSTNode) -> bool:
        """Is the current node in the branch of an ``if`` inside `loop` that runs when an
        in-process lookup missed: ``if not (x := memo.get(k)):`` / ``if x is None:``?"""
        child: cst.CSTNode | None = None
        for node in self.ctx.ancestors():
            if node is loop:
                return False
            if isinstance(node, cst.If) and child is node.body:
                lookup = _missed_lookup(node.test, self.ctx)
                if lookup is not None and self.db.classify(lookup) is None:
                    return True
            child = node
        return False

    def _batch_advice(self, client_type: str | None) -> str:
        """The batch API of the client's type or of its nearest base that has one."""
        for base in self.ctx.knowledge.ancestry(client_type or ""):
            if base in BATCH_ALTERNATIVES:
                return BATCH_ALTERNATIVES[base]
        return _ANY_CLIENT_BATCH


def _missed_lookup(test: cst.BaseExpression, ctx: FileContext) -> cst.Call | None:
    """The ``x.get(...)`` call whose miss `test` checks (``not x``, ``x is None``, with
    ``x`` bound by a walrus in the test or an assignment before it)."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        subject = test.expression
    elif (
        isinstance(test, cst.Comparison)
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, cst.Is)
        and is_name(test.comparisons[0].comparator, "None")
    ):
        subject = test.left
    else:
        return None
    if isinstance(subject, cst.NamedExpr):
        value: cst.BaseExpression | None = subject.value
    elif isinstance(subject, cst.Name):
        binding = ctx.lookup(subject.value)
        node = binding.node if binding is not None else None
        value = node.value if isinstance(node, (cst.Assign, cst.NamedExpr)) else None
    else:
        return None
    is_lookup = isinstance(value, cst.Call) and method_name(value) == "get"
    return value if is_lookup else None  # type: ignore[return-value]
