"""``perflint-lsp``: a language server over stdio, built on pygls.

- `command`: the console script (options; a clear message when pygls is missing).
- `server`: the protocol: diagnostics on open, change (debounced) and save, code actions
  (each available fix, ``# noqa: CODE``), hover with the rule's page.
- `workers`: lints in spawned child processes with a time limit, so that a slow or
  broken file never blocks the server.
- `analysis`: what a child does with one buffer: configuration discovery as the CLI does
  it, lint, and the text edits of each fix and each ``# noqa``.
- `edits`: text edits between two versions of a text, and the ``# noqa`` edit of a line.
"""
