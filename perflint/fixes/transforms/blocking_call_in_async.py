"""``time.sleep(s)`` inside ``async def`` -> ``await asyncio.sleep(s)`` (``trio.sleep`` or
``anyio.sleep`` in a file that imports trio or anyio), adding the import when missing.

Safe, and offered for that call only: both wait the same time, the async one lets the
other tasks run meanwhile. Offered where the call is a statement of its own (its value,
``None``, is not used); other blocking calls need a different design (an async client,
a worker thread) and get no fix.
"""

from __future__ import annotations

import libcst as cst

from perflint.fixes.base import SAFE, Edit, Fix, FixSite
from perflint.fixes.syntax import module_reference
from perflint.knowledge.blocking import FRAMEWORKS
from perflint.nodes import dotted_name, walk


def _framework(module: cst.Module) -> str:
    """The async library the file uses: trio or anyio when it imports one, else asyncio."""
    imported = set()
    for node in walk(module):
        if isinstance(node, cst.Import):
            imported.update(dotted_name(alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
            imported.add(dotted_name(node.module).split(".")[0])
    return next((framework for framework in FRAMEWORKS if framework in imported), "asyncio")


class SleepInAsyncFix(Fix):
    safety = {"main": SAFE}

    def rewrite(self, site: FixSite) -> Edit | None:
        node = site.node
        if not isinstance(node, cst.Call) or site.ctx.callee(node) != "time.sleep":
            return None
        if not isinstance(site.ctx.parent(), cst.Expr):
            return None
        framework = _framework(site.ctx.module)
        reference = module_reference(site, framework)
        if reference is None:
            return None
        name, additions = reference
        sleep = cst.Attribute(cst.Name(name), cst.Name("sleep"))
        awaited = cst.Await(
            node.with_changes(func=sleep, lpar=[], rpar=[]), lpar=node.lpar, rpar=node.rpar
        )
        return Edit(((node, awaited),), f"Use `await {name}.sleep(...)`", additions)
