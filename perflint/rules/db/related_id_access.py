"""PFL108 related-id-access: Django `obj.author.id`, loading a row for a key `obj` holds."""

from __future__ import annotations

from collections.abc import Iterator
from textwrap import dedent

import libcst as cst

from perflint.knowledge.db import PRIMARY_KEY_ATTRIBUTES
from perflint.nodes import children
from perflint.rules.db._db_rule import DbRule
from perflint.rules.db._labels import snippet


class RelatedIdAccess(DbRule):
    """Reading the key of a forward relation through the related object, which loads it,
    where the ``<relation>_id`` column on the object itself holds the same value."""

    code = "PFL108"
    name = "related-id-access"
    impact = "low"
    summary = "Django: `obj.author.id` loads the related row to read a key `obj` holds"
    message = (
        "`{what}` loads the related {target} only to read its key: use `{owner}.{relation}_id`"
    )
    INVALID = (
        dedent("""\
            from django.db import models

            class Author(models.Model):
                pass

            class Book(models.Model):
                author = models.ForeignKey(Author, on_delete=models.CASCADE)

            def author_ids(book: Book):
                return book.author.id
        """),
    )
    VALID = (
        dedent("""\
            from django.db import models

            class Author(models.Model):
                pass

            class Book(models.Model):
                author = models.ForeignKey(Author, on_delete=models.CASCADE)

            def author_ids(book: Book):
                return book.author_id
        """),
    )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self.django.models or node.attr.value not in PRIMARY_KEY_ATTRIBUTES:
            return
        related = node.value
        if not isinstance(related, cst.Attribute):
            return
        owner = self.django.value(related.value)
        if owner is None or owner.kind != "instance":
            return
        relation = self.django.models.relation(owner.model, related.attr.value)
        if relation is None or relation.kind != "forward":
            return
        if relation.name in owner.covered or owner.all_forward:
            return  # already loaded by select_related
        if isinstance(self.ctx.parent(), cst.AssignTarget) or self._loaded_anyway(related, node):
            return
        self.report(
            node,
            what=snippet(self.ctx, node),
            target=relation.target,
            owner=snippet(self.ctx, related.value),
            relation=relation.name,
        )

    def _loaded_anyway(self, related: cst.Attribute, key_access: cst.Attribute) -> bool:
        """Does the function use ``owner.relation`` for more than its key, or assign it?
        Then the related object is in memory or loaded regardless: reading its key costs
        nothing more."""
        scope = self.ctx.function() or self.ctx.module
        code = self.ctx.code_for(related)
        for node, parent in _with_parents(scope):
            if (
                node is related
                or not isinstance(node, cst.Attribute)
                or node.attr.value != related.attr.value
                or self.ctx.code_for(node) != code
            ):
                continue
            reads_key = (
                isinstance(parent, cst.Attribute)
                and parent.value is node
                and parent.attr.value in PRIMARY_KEY_ATTRIBUTES
            )
            if not reads_key and parent is not key_access:
                return True
        return False


def _with_parents(root: cst.CSTNode) -> Iterator[tuple[cst.CSTNode, cst.CSTNode | None]]:
    """Every node under `root` with its parent."""
    pending: list[tuple[cst.CSTNode, cst.CSTNode | None]] = [(root, None)]
    while pending:
        node, parent = pending.pop()
        yield node, parent
        pending.extend((child, node) for child in children(node))
