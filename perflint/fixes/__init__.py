"""Automatic fixes: LibCST rewrites of the findings a rule knows how to repair.

- `base`: what a rule declares (``fix = SomeFix()``, a `Fix` with the safety of each
  message variant it repairs) and what a fix plans for one finding (an `Edit`).
- `plan`: a second walk of the same tree that stops at each reported node, with the file
  context positioned there, and asks the rule's fix for an edit.
- `apply`: edits that do not overlap, applied to the tree; module-level additions placed
  after the imports.
- `session`: lint, plan, apply, repeated until nothing changes (a few passes at most).
- `command`: ``perflint --fix`` / ``--unsafe-fixes`` / ``--diff`` over files.
- `transforms/<rule_name>.py`: one module per fixable rule, re-deriving the rewrite from
  the reported node and the finding's message variant.
"""
