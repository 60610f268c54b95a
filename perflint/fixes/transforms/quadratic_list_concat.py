"""``sum(lists, [])`` -> ``list(itertools.chain.from_iterable(lists))`` (``tuple(...)`` for
``sum(tuples, ())``), adding ``import itertools`` when the file has none.

Unsafe: ``sum`` raised ``TypeError`` on an item that is not a list (a tuple, a generator);
``chain`` accepts any iterable. Same result when every item is a list (a tuple).
The ``L = L + [...]`` form in a loop is not rewritten: ``L += ...`` changes ``L`` in place,
which differs when another name refers to the same list.
"""

from __future__ import annotations

import libcst as cst

from perflint.fixes.base import UNSAFE, Edit, Fix, FixSite
from perflint.fixes.syntax import module_reference, sole_argument, unshadowed


class SumOfListsFix(Fix):
    safety = {"sum": UNSAFE}

    def rewrite(self, site: FixSite) -> Edit | None:
        node = site.node
        if not isinstance(node, cst.Call) or node.args[0].keyword is not None:
            return None
        kind = "list" if site.params.get("kind") == "list" else "tuple"
        reference = module_reference(site, "itertools")
        if reference is None or not unshadowed(site, kind):
            return None
        itertools, additions = reference
        chain = cst.Attribute(
            cst.Attribute(cst.Name(itertools), cst.Name("chain")), cst.Name("from_iterable")
        )
        items = node.args[0].value
        flattened = cst.Call(chain, [sole_argument(cst.Arg(items))])
        new = cst.Call(cst.Name(kind), [cst.Arg(flattened)], lpar=node.lpar, rpar=node.rpar)
        return Edit(((node, new),), "Use `itertools.chain.from_iterable`", additions)
