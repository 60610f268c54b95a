"""Finding SQL in Python strings, binding placeholders, parsing with sqlglot (lazily)."""
