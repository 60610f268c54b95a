"""PFL107 cache-round-trip-in-loop: a Redis/memcached/Django cache command per key inside a loop."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.knowledge.db import (
    BATCH_ALTERNATIVES,
)
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import call_label


class CacheRoundTripInLoop(DbRule):
    code = "PFL107"
    name = "cache-round-trip-in-loop"
    impact = "medium"
    summary = "a Redis/memcached/Django cache command per key inside a loop"
    message = "`{what}` makes one cache round trip per loop iteration: {fix}"
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
        if self._hoist(node, loops):
            fix = "its arguments do not depend on the loop, so run it once before the loop"
        else:
            fix = "batch the keys: use mget()/mset(), a pipeline() or get_many()/set_many()"
            for base in self.ctx.knowledge.ancestry(kind.receiver_type or ""):
                if base in BATCH_ALTERNATIVES:
                    fix = f"batch the keys: {BATCH_ALTERNATIVES[base]}"
                    break
        what = call_label(self.ctx, node)
        self.report(node, self.message.format(what=what, fix=fix))
