"""PFL108 related-id-access: Django `obj.author.id`, loading a row for a key `obj` holds."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.knowledge.db import PRIMARY_KEY_ATTRIBUTES
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
        if isinstance(self.ctx.parent(), cst.AssignTarget):
            return
        self.report(
            node,
            what=snippet(self.ctx, node),
            target=relation.target,
            owner=snippet(self.ctx, related.value),
            relation=relation.name,
        )
