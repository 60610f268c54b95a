"""PFL107 cache-round-trip-in-loop: a Redis/memcached/Django cache command per key inside a loop."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.knowledge.db import BATCH_ALTERNATIVES
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
        what = call_label(self.ctx, node)
        if self._hoist(node, loops):
            self.report(node, variant="hoist", what=what)
        else:
            self.report(node, what=what, batch=self._batch_advice(kind.receiver_type))

    def _batch_advice(self, client_type: str | None) -> str:
        """The batch API of the client's type or of its nearest base that has one."""
        for base in self.ctx.knowledge.ancestry(client_type or ""):
            if base in BATCH_ALTERNATIVES:
                return BATCH_ALTERNATIVES[base]
        return _ANY_CLIENT_BATCH
