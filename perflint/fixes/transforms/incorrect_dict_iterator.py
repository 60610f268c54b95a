"""``for k, _ in d.items():`` -> ``for k in d:``; ``for _, v in d.items():`` ->
``for v in d.values():``.

Safe when ``d`` is known to be a dict: iterating a dict yields its keys, in the same
order. Unsafe when its type is unknown: the rewrite assumes a mapping whose iteration
yields its keys and that has ``values()``.
"""

from __future__ import annotations

import libcst as cst

from perflint.fixes.base import SAFE, Edit, Fix, FixSite


class IncorrectDictIteratorFix(Fix):
    safety = {"main": SAFE, "values": SAFE}

    def rewrite(self, site: FixSite) -> Edit | None:
        node = site.node
        loop = site.ctx.parent()
        if not isinstance(loop, cst.For) or not isinstance(node, cst.Call):
            return None
        items = node.func
        target = loop.target
        if not isinstance(items, cst.Attribute) or not isinstance(target, (cst.Tuple, cst.List)):
            return None
        key, value = (element.value for element in target.elements)
        if site.variant == "main":
            kept: cst.BaseExpression = key
            iterable = items.value.with_changes(
                lpar=[*node.lpar, *items.value.lpar], rpar=[*items.value.rpar, *node.rpar]
            )
            title = "Iterate the mapping itself"
        else:
            kept = value
            iterable = node.with_changes(func=items.with_changes(attr=cst.Name("values")))
            title = "Iterate `.values()`"
        known = site.ctx.knowledge.is_a(site.ctx.type_of(items.value), "builtins.dict")
        return Edit(((target, kept), (node, iterable)), title, safe=known)
