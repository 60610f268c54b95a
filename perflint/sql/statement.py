"""What kind of statement a SQL string is, from its first tokens (sqlglot's tokenizer).

``statement_kind("WITH x AS (...) INSERT INTO t ...") == "insert"``. Used to tell a
write (``INSERT``/``UPDATE``/``DELETE``/``MERGE``) from a read, and to decide whether a
string passed to an unknown ``.execute()`` is SQL at all. sqlglot is imported on the
first call only; results are memoised by text.
"""

from __future__ import annotations

from functools import lru_cache

# sqlglot TokenType names -> statement kind
_LEADING_KINDS = {
    "SELECT": "select",
    "VALUES": "select",
    "INSERT": "insert",
    "REPLACE": "insert",
    "UPDATE": "update",
    "DELETE": "delete",
    "MERGE": "merge",
    "CREATE": "ddl",
    "ALTER": "ddl",
    "DROP": "ddl",
    "TRUNCATE": "ddl",
    "COPY": "other",
    "SET": "other",
    "BEGIN": "other",
    "COMMIT": "other",
    "ROLLBACK": "other",
    "GRANT": "other",
    "COMMAND": "other",  # EXPLAIN, VACUUM, CALL, ... (sqlglot keeps them opaque)
}
_BODY_KINDS = frozenset({"select", "insert", "update", "delete", "merge"})
_MAX_TEXT = 100_000


@lru_cache(maxsize=4096)
def statement_kind(sql: str) -> str | None:
    """ "select", "insert", "update", "delete", "merge", "ddl", "other", or None when the
    text does not start like a SQL statement."""
    if not sql or len(sql) > _MAX_TEXT:
        return None
    from sqlglot.errors import TokenError
    from sqlglot.tokens import Tokenizer

    try:
        tokens = Tokenizer().tokenize(sql)
    except (TokenError, ValueError):
        return None
    names = [token.token_type.name for token in tokens]
    start = 0
    while start < len(names) and names[start] == "L_PAREN":
        start += 1
    if start >= len(names):
        return None
    if names[start] == "WITH":
        return _statement_after_with(names, start + 1)
    return _LEADING_KINDS.get(names[start])


def _statement_after_with(names: list[str], start: int) -> str | None:
    """The kind of the main statement after ``WITH`` CTEs: its first top-level keyword."""
    depth = 0
    for name in names[start:]:
        if name == "L_PAREN":
            depth += 1
        elif name == "R_PAREN":
            depth -= 1
        elif depth == 0:
            kind = _LEADING_KINDS.get(name)
            if kind in _BODY_KINDS:
                return kind
    return None
