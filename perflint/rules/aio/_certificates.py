"""Whether a TLS set-up call reads certificates from disk, as CPython's ``ssl`` does it:
``load_verify_locations`` reads the ``cafile``/``capath`` it is given and only parses
``cadata`` in memory; ``create_default_context`` does the same with those arguments, and
without them loads the system's CA store for a client context (the default purpose), not
for a server one (``Purpose.CLIENT_AUTH``)."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.blocking import (
    CERTIFICATE_PATHS,
    IN_MEMORY_CERTIFICATES,
    SYSTEM_STORE_LOADERS,
)
from perflint.nodes import argument, is_name


def reads_certificates(ctx: FileContext, call: cst.Call, callee: str) -> bool:
    """Does this call of a ``blocking.certificates`` function read files? Unknown
    arguments (``**options``) count as no."""
    paths = CERTIFICATE_PATHS.get(callee)
    if paths is None:
        return True  # ``load_default_certs``, ``load_cert_chain``: always from disk
    if any(arg.star for arg in call.args):
        return False
    if any(_given(call, keyword, position) for keyword, position in paths):
        return True
    store = SYSTEM_STORE_LOADERS.get(callee)
    if store is None or _given(call, IN_MEMORY_CERTIFICATES, None):
        return False
    keyword, position, loaded_for = store
    purpose = argument(call, keyword, position)
    return purpose is None or ctx.qualified_name(purpose.value) == loaded_for


def _given(call: cst.Call, keyword: str, position: int | None) -> bool:
    arg = argument(call, keyword, position)
    return arg is not None and not is_name(arg.value, "None")
