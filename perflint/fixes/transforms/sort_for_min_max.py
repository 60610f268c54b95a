"""``sorted(x)[0]`` -> ``min(x)``, ``sorted(x, key=f, reverse=True)[0]`` -> ``max(x, key=f)``.

Unsafe: on an empty input the error changes (``IndexError`` -> ``ValueError``), and with
ties ``sorted(x)[-1]`` is the last of the equal largest items where ``max(x)`` is the first.
"""

from __future__ import annotations

import libcst as cst

from perflint.fixes.base import UNSAFE, Edit, Fix, FixSite
from perflint.fixes.syntax import sole_argument, unshadowed
from perflint.nodes import is_int, is_name


class SortForMinMaxFix(Fix):
    safety = {"main": UNSAFE}

    def rewrite(self, site: FixSite) -> Edit | None:
        node = site.node
        if not isinstance(node, cst.Subscript) or not isinstance(node.value, cst.Call):
            return None
        index = node.slice[0].slice
        assert isinstance(index, cst.Index)
        call = node.value
        reverse = next((a for a in call.args if a.keyword and a.keyword.value == "reverse"), None)
        descending = reverse is not None and is_name(reverse.value, "True")
        function = "max" if is_int(index.value, 0) == descending else "min"
        if not unshadowed(site, function):
            return None
        kept = [arg for arg in call.args if arg is not reverse]
        if reverse is call.args[-1]:
            kept[-1] = kept[-1].with_changes(comma=reverse.comma)  # and the layout before `)`
        if len(kept) == 1:
            kept[0] = sole_argument(kept[0])
        new = call.with_changes(func=cst.Name(function), args=kept, lpar=node.lpar, rpar=node.rpar)
        return Edit(((node, new),), f"Use `{function}(...)`")
