"""Loops around database calls (PFL1xx): which ones run once per batch rather than per
item, and which exceptions a per-item savepoint catches. Side tables only: the rules
import them by name.
"""

from perflint.knowledge._tables import Tables

TABLES = Tables()  # no effects or types of its own

# Functions that cut a collection into batches: a loop over their result runs one query
# per batch (``WHERE id IN (...)`` over a chunk), which is the fix, not an N+1. By
# qualified name, and by name alone for a project's own helper (``batch_iter(ids, 100)``).
BATCHING_FUNCTIONS = frozenset(
    {
        "itertools.batched",
        "more_itertools.batched",
        "more_itertools.chunked",
        "more_itertools.ichunked",
        "more_itertools.sliced",
        "more_itertools.grouper",
        "toolz.partition_all",
        "toolz.itertoolz.partition_all",
        "cytoolz.partition_all",
    }
)
BATCHING_FUNCTION_NAMES = frozenset(
    {
        "batched",
        "batch_iter",
        "iter_batches",
        "in_batches",
        "batches",
        "chunks",
        "chunked",
        "ichunked",
        "iter_chunks",
        "chunk_list",
        "grouper",
        "partition_all",
    }
)
# Iterators without an end: a ``for`` over one is a polling or paging loop, like
# ``while True``, not a pass over a collection.
ENDLESS_ITERATORS = frozenset({"itertools.count", "itertools.cycle", "itertools.repeat"})
# Exceptions (by last name) a per-item ``try`` catches around a savepoint: the database
# errors of DB-API, Django and SQLAlchemy, and the catch-alls.
DB_ERRORS = frozenset(
    {
        "Exception",
        "BaseException",
        "Error",
        "DatabaseError",
        "IntegrityError",
        "OperationalError",
        "DataError",
        "ProgrammingError",
        "InternalError",
        "InterfaceError",
        "NotSupportedError",
        "TransactionManagementError",
        "SQLAlchemyError",
        "DBAPIError",
        "StatementError",
        "PostgresError",
    }
)
# Words in the name of a project's helper that opens a nested transaction (savepoint).
SAVEPOINT_WORDS = ("savepoint", "nested", "atomic")
