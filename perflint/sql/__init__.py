"""SQL below the rules: SQL text built from Python string expressions (placeholders
bound, every character traced to the source), parsed with sqlglot (lazily), and the kind
of a statement. The SQL rules (`perflint.rules.sql`) and the database rules use it."""
