"""Drop the intermediate copy PFL506 finds, one rewrite per message variant:

- ``sum([e for ...])`` -> ``sum(e for ...)`` (safe: the reducer consumes every item);
  ``any([...])`` / ``all([...])`` -> a generator (unsafe: it stops at the first decisive
  item, so the elements after it are no longer computed; safe only if they have no effects);
- ``len(list(x))`` -> ``len(x)``, ``sorted(list(x))`` -> ``sorted(x)`` (safe: the rule knows
  ``x`` is a sized container; ``sorted`` takes any iterable);
- ``x in d.keys()`` -> ``x in d``, ``for k in d.keys()`` -> ``for k in d`` (safe: ``d`` is a
  known dict);
- ``list(x)[0]`` -> ``next(iter(x))`` (unsafe: on an empty ``x`` it raises ``StopIteration``,
  not ``IndexError``);
- ``for v in list(x)`` -> ``for v in x`` (unsafe: assumes nothing the loop calls changes
  ``x`` through another reference).
"""

from __future__ import annotations

import libcst as cst

from perflint.fixes.base import SAFE, UNSAFE, Edit, Fix, FixSite
from perflint.fixes.syntax import as_argument, is_empty_space, unshadowed


def _without_call(call: cst.Call, inner: cst.BaseExpression) -> cst.BaseExpression:
    """`inner` in place of the call that wrapped it, keeping the call's parentheses."""
    return inner.with_changes(lpar=[*call.lpar, *inner.lpar], rpar=[*inner.rpar, *call.rpar])


def _generator(comprehension: cst.ListComp | cst.SetComp, call: cst.Call) -> cst.Call:
    """``f([e for ...])`` -> ``f(e for ...)``; what was inside the brackets' edges (line
    breaks, comments) moves to the call's parentheses, or the generator keeps parentheses."""
    arg = call.args[0]
    if isinstance(comprehension, cst.ListComp):
        opening = comprehension.lbracket.whitespace_after
        closing = comprehension.rbracket.whitespace_before
    else:
        opening = comprehension.lbrace.whitespace_after
        closing = comprehension.rbrace.whitespace_before
    sole = (
        len(call.args) == 1
        and not comprehension.lpar
        and arg.comma == cst.MaybeSentinel.DEFAULT
        and is_empty_space(call.whitespace_before_args)
        and is_empty_space(arg.whitespace_after_arg)
    )
    if sole:
        generator = cst.GeneratorExp(comprehension.elt, comprehension.for_in, lpar=[], rpar=[])
        arg = arg.with_changes(value=generator, whitespace_after_arg=closing)
        return call.with_changes(args=[arg], whitespace_before_args=opening)
    generator = cst.GeneratorExp(
        comprehension.elt,
        comprehension.for_in,
        lpar=[*comprehension.lpar, cst.LeftParen(whitespace_after=opening)],
        rpar=[cst.RightParen(whitespace_before=closing), *comprehension.rpar],
    )
    return call.with_changes(args=[arg.with_changes(value=generator), *call.args[1:]])


class UnnecessaryMaterializationFix(Fix):
    safety = {
        "main": SAFE,
        "short_circuit": UNSAFE,
        "len": SAFE,
        "sorted": SAFE,
        "keys_membership": SAFE,
        "keys_iteration": SAFE,
        "first": UNSAFE,
        "loop_copy": UNSAFE,
        "literal_copy": SAFE,
    }

    def rewrite(self, site: FixSite) -> Edit | None:
        node = site.node
        if site.variant in ("main", "short_circuit"):
            return self._reduced(node)
        if site.variant in ("len", "sorted"):
            return self._measured(node)
        if site.variant == "first":
            return self._first(site, node)
        # keys_membership, keys_iteration, loop_copy, literal_copy: the reported call goes,
        # its receiver (``d`` of ``d.keys()``) or its argument (``x`` of ``list(x)``) stays.
        if not isinstance(node, cst.Call):
            return None
        if site.variant in ("loop_copy", "literal_copy"):
            inner = node.args[0].value
        elif isinstance(node.func, cst.Attribute):
            inner = node.func.value
        else:
            return None
        return Edit(((node, _without_call(node, inner)),), "Remove the copy")

    def _reduced(self, node: cst.CSTNode) -> Edit | None:
        if not isinstance(node, cst.Call) or not isinstance(
            node.args[0].value, (cst.ListComp, cst.SetComp)
        ):
            return None
        return Edit(((node, _generator(node.args[0].value, node)),), "Pass a generator")

    def _measured(self, node: cst.CSTNode) -> Edit | None:
        if not isinstance(node, cst.Call):
            return None
        arg = next(a for a in node.args if a.keyword is None)
        copy = arg.value
        if not isinstance(copy, cst.Call):
            return None
        source = as_argument(copy.args[0].value, sole=len(node.args) == 1)
        new_arg = arg.with_changes(value=_without_call(copy, source))
        args = [new_arg if a is arg else a for a in node.args]
        return Edit(((node, node.with_changes(args=args)),), "Remove the copy")

    def _first(self, site: FixSite, node: cst.CSTNode) -> Edit | None:
        if not isinstance(node, cst.Subscript) or not isinstance(node.value, cst.Call):
            return None
        if not unshadowed(site, "next", "iter"):
            return None
        source = node.value.args[0].value
        iterator = cst.Call(cst.Name("iter"), [cst.Arg(source)])
        new = cst.Call(cst.Name("next"), [cst.Arg(iterator)], lpar=node.lpar, rpar=node.rpar)
        return Edit(((node, new),), "Use `next(iter(...))`")
