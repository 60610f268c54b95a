"""PFL104 lazy-relation-in-loop: a Django relation loaded per object in a loop over a queryset."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.db import PREFETCH_CACHED_METHODS, PRIMARY_KEY_ATTRIBUTES, QUERY, QUERYSET
from perflint.nodes import comprehension_fors
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._django import DjangoValue


class LazyRelationInLoop(DbRule):
    """A relation of each object of a queryset loaded by its own query inside the loop."""

    code = "PFL104"
    name = "lazy-relation-in-loop"
    preview = (
        "1 of 4 judged findings on real code was worth acting on (round after): the others "
        "sit on rare error paths or a dry-run listing"
    )
    impact = "high"
    summary = "Django: a relation of each object loaded lazily inside a loop over a queryset"
    message = (
        "`{what}` loads the related {target} with one query per {model} in the loop: "
        'add select_related("{relation}") to the queryset'
    )
    variants = {
        "many": (
            "`{what}` loads the related {target} rows with one query per {model} in the loop: "
            'add prefetch_related("{relation}") to the queryset'
        ),
        "bypasses_prefetch": (
            "`{what}` loads the related {target} rows with one query per {model} in the loop: "
            'add Prefetch("{relation}", queryset=...) (not .{method}() per object) '
            "to the queryset"
        ),
    }
    INVALID = (
        dedent("""\
            from django.db import models

            class Author(models.Model):
                name = models.CharField(max_length=80)

            class Book(models.Model):
                author = models.ForeignKey(Author, on_delete=models.CASCADE)

            def titles():
                return [f'{b.author.name}' for b in Book.objects.all()]
        """),
    )
    VALID = (
        dedent("""\
            from django.db import models

            class Author(models.Model):
                name = models.CharField(max_length=80)

            class Book(models.Model):
                author = models.ForeignKey(Author, on_delete=models.CASCADE)

            def titles():
                return [b.author.name for b in Book.objects.select_related('author')]
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._reported: set[tuple[int, str]] = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self.django.models or not isinstance(node.value, cst.Name):
            return
        relation_name = node.attr.value
        binding = self.ctx.lookup(node.value.value)
        loop_node = binding.node if binding is not None else None
        if not isinstance(loop_node, (cst.For, cst.CompFor)):
            return
        queryset = self.django.loop_queryset(loop_node, node.value.value)
        if queryset is None:
            return
        relation = self.django.models.relation(queryset.model, relation_name)
        if relation is None or not self._inside(loop_node):
            return
        parent = self.ctx.parent()
        if isinstance(parent, cst.AssignTarget) or (
            isinstance(parent, cst.Attribute)
            and parent.value is node
            and parent.attr.value in PRIMARY_KEY_ATTRIBUTES
            and relation.kind == "forward"
        ):
            return  # an assignment, or related-id-access's `obj.author.id`
        what = f"{node.value.value}.{relation_name}"
        if relation.kind == "many":
            self._check_many(node, relation_name, relation.target, queryset, what)
            return
        covered = relation_name in queryset.covered or (
            queryset.all_forward and relation.kind == "forward"
        )
        key = (id(loop_node), relation_name)
        if covered or key in self._reported:
            return
        self._reported.add(key)
        self.report(
            node, what=what, target=relation.target, model=queryset.model, relation=relation_name
        )

    def _check_many(
        self,
        node: cst.Attribute,
        relation_name: str,
        target: str,
        queryset: DjangoValue,
        what: str,
    ) -> None:
        """``obj.tags.<method>()``: a query per object unless a prefetch cache serves it."""
        parent, grandparent = self.ctx.parent(), self.ctx.parent(2)
        if not (
            isinstance(parent, cst.Attribute)
            and isinstance(grandparent, cst.Call)
            and grandparent.func is parent
        ):
            return
        method = parent.attr.value
        evaluates = self.ctx.knowledge.has_effect(f"{QUERYSET}.{method}", QUERY) or (
            self.ctx.knowledge.return_type(f"{QUERYSET}.{method}") is not None
            and method not in ("get", "create")
        )
        if not evaluates:
            return
        cached = method in PREFETCH_CACHED_METHODS
        if relation_name in queryset.covered and cached:
            return
        self.report(
            grandparent,
            # prefetch_related() serves all()/count(); filter() needs a Prefetch(queryset=)
            variant="many" if cached else "bypasses_prefetch",
            what=f"{what}.{method}()",
            target=target,
            model=queryset.model,
            relation=relation_name,
            method=method,
        )

    def _inside(self, loop_node: cst.CSTNode) -> bool:
        """Is the current node in the repeating part of `loop_node` (a loop or its for)?"""
        for loop in self.ctx.loops():
            if loop is loop_node:
                return True
            if any(f is loop_node for f in comprehension_fors(loop)):
                return True
        return False
