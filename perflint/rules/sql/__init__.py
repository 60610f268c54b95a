"""The SQL family, PFL2xx: SQL written in Python strings (query texts reaching a database
call, and module constants that are statements), parsed with sqlglot and checked for slow
query shapes and syntax errors. One rule per module; `_candidates` finds the SQL."""
