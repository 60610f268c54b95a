"""A network call without a timeout -> ``timeout=DEFAULT_TIMEOUT``, with
``DEFAULT_TIMEOUT = 10`` (seconds) defined once at module level after the imports (or the
file's own ``DEFAULT_TIMEOUT`` when it has one).

Unsafe: the value is a policy choice. The rewrite assumes that 10 seconds is long enough
for every call it is added to; review it (a download may need more). A timeout that is
disabled (``timeout=None``) is not rewritten: it was chosen, and some libraries want a
timeout object there, not a number.
"""

from __future__ import annotations

import libcst as cst

from perflint.fixes.base import UNSAFE, Edit, Fix, FixSite
from perflint.fixes.syntax import module_constant, with_keyword

DEFAULT_TIMEOUT = "10"
_COMMENT = "seconds a network call may wait for the server"


class MissingTimeoutFix(Fix):
    safety = {"main": UNSAFE}

    def rewrite(self, site: FixSite) -> Edit | None:
        node = site.node
        if not isinstance(node, cst.Call):
            return None
        name, additions = module_constant(site, "DEFAULT_TIMEOUT", DEFAULT_TIMEOUT, _COMMENT)
        new = with_keyword(node, "timeout", cst.Name(name))
        return Edit(((node, new),), f"Pass `timeout={name}`", additions)
