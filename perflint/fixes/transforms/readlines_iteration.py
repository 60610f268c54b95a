"""``for line in f.readlines():`` -> ``for line in f:`` (the ``readlines`` form only: the
lines of ``f.read().splitlines()`` have no line ending, the file's lines keep theirs).

Unsafe: the file is then read while the loop runs, so a decoding or I/O error part way
comes after the loop has handled the lines before it, and a loop that reads, seeks, writes
or closes the same file sees it in another state.
"""

from __future__ import annotations

import libcst as cst

from perflint.fixes.base import UNSAFE, Edit, Fix, FixSite


class ReadlinesIterationFix(Fix):
    safety = {"main": UNSAFE}

    def rewrite(self, site: FixSite) -> Edit | None:
        node = site.node
        if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
            return None
        receiver = node.func.value
        new = receiver.with_changes(
            lpar=[*node.lpar, *receiver.lpar], rpar=[*receiver.rpar, *node.rpar]
        )
        return Edit(((node, new),), "Iterate the file object")
