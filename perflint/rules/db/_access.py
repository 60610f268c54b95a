"""What database and cache calls a file makes, for the PFL1xx rules.

One `DbAccess` per linted file (shared by the rules of the family) classifies calls
through the knowledge base (and, for Django, through `DjangoValues`), reads SQL text to
tell writes from reads, and says which loops repeat work per item.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from perflint.analysis import Analysis
from perflint.context import FileContext
from perflint.knowledge.db import (
    CACHE_COMMAND,
    COMMIT,
    CONNECT,
    LOCAL,
    MANAGER,
    MODEL,
    QUERY,
    QUERYSET,
    SQL_TEXT,
    STATEMENT,
    TRANSACTION,
    WRITE,
    WRITE_STATEMENT,
)
from perflint.knowledge.dbloops import (
    BATCHING_FUNCTION_NAMES,
    BATCHING_FUNCTIONS,
    ENDLESS_ITERATORS,
)
from perflint.knowledge.sql import PROBABLE_SINK_METHODS
from perflint.nodes import comprehension_fors, method_name, string_value, walk
from perflint.rules.db._dependence import ITEM, NONE, LoopNames, loop_dependence
from perflint.rules.db._django import DjangoValues
from perflint.rules.db._statement import Statement, StatementShapes
from perflint.rules.sql._candidates import FileSql
from perflint.sql.statement import statement_kind

WRITE_STATEMENTS = frozenset({"insert", "update", "delete", "merge"})
# DB-API methods that run the SQL text they are given, whoever the receiver is.
_DBAPI_STATEMENT_METHODS = frozenset({"execute", "executemany"})
_DBAPI_STATEMENT_EFFECTS = frozenset({QUERY, STATEMENT})
# Effects of the calls that build a statement to execute (SQLAlchemy).
_SQL_CONSTRUCTS = frozenset({WRITE_STATEMENT, SQL_TEXT})
# Statements that are neither a read nor a row write: schema changes, SET, COPY, EXPLAIN.
_NOT_ROW_STATEMENTS = frozenset({"ddl", "other"})
# The Django type whose methods a value's methods are, by `DjangoValue.kind`.
_DJANGO_TYPES = {"manager": MANAGER, "queryset": QUERYSET, "rows": QUERYSET, "instance": MODEL}
# The call kind of an effect, first match wins (connections are decided apart).
_KIND_BY_EFFECT = (
    (WRITE, "write"),
    (QUERY, "query"),
    (COMMIT, "commit"),
    (TRANSACTION, "transaction"),
    (CACHE_COMMAND, "cache"),
)


@dataclass(frozen=True, slots=True)
class CallKind:
    kind: str  # "query" | "write" | "commit" | "transaction" | "connect" | "cache"
    receiver_type: str | None = None
    local: bool = False  # an in-process database (sqlite)


class DbAccess(Analysis):
    """Database and cache calls of the file, classified once per call node."""

    uses = (DjangoValues, FileSql)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._calls: dict[int, CallKind | None] = {}
        self._shapes: StatementShapes | None = None  # FileSql is registered after us
        self._statements: dict[int, Statement] = {}
        self._loop_names: dict[int, LoopNames] = {}

    # ----- loops ----------------------------------------------------------------------
    def repeating_loops(self) -> list[cst.CSTNode]:
        """Hot loops running the current node once per item of a collection: ``for``
        loops and comprehensions, not ``while`` loops (polling, pagination) nor loops
        over batches (``for chunk in batch_iter(ids, 100)``) or endless iterators."""
        return [loop for loop in self.ctx.hot_loops() if self._per_item(loop)]

    def _per_item(self, loop: cst.CSTNode) -> bool:
        if isinstance(loop, cst.While):
            return False
        if isinstance(loop, cst.For):
            return not self._batches_or_endless(loop.iter)
        return not all(self._batches_or_endless(f.iter) for f in comprehension_fors(loop))

    def _batches_or_endless(self, iterable: cst.BaseExpression, depth: int = 0) -> bool:
        """Does iterating `iterable` yield batches of a collection (or never end)?"""
        if depth > 4:
            return False  # names bound to themselves: tis = [ti for ti in tis if ...]
        if isinstance(iterable, cst.Name):
            binding = self.ctx.lookup(iterable.value)
            node = binding.node if binding is not None else None
            single = isinstance(node, cst.Assign) and len(node.targets) == 1
            return single and self._batches_or_endless(node.value, depth + 1)  # type: ignore[union-attr]
        if isinstance(iterable, (cst.GeneratorExp, cst.ListComp)):
            fors = comprehension_fors(iterable)  # (ids[i : i + n] for i in range(0, len(ids), n))
            return len(fors) == 1 and self._batches_or_endless(fors[0].iter, depth + 1)
        if not isinstance(iterable, cst.Call):
            return False
        callee = self.ctx.callee(iterable) or ""
        if callee == "builtins.enumerate" and iterable.args:
            return self._batches_or_endless(iterable.args[0].value, depth + 1)
        if callee == "builtins.range":
            return len(iterable.args) == 3  # range(0, len(ids), size): offsets of chunks
        func = iterable.func
        name = func.value if isinstance(func, cst.Name) else method_name(iterable)
        return (
            callee in BATCHING_FUNCTIONS
            or callee in ENDLESS_ITERATORS
            or name in BATCHING_FUNCTION_NAMES
        )

    def depends_on_loop(self, node: cst.CSTNode, loops: list[cst.CSTNode]) -> bool:
        """Can the expression differ from one pass of `loops` to the next?"""
        return self.dependence(node, loops) != NONE

    def dependence(self, node: cst.CSTNode, loops: list[cst.CSTNode]) -> str:
        """How `node` depends on `loops` (`perflint.rules.db._dependence`): on each pass's
        item, only on state carried between passes, or not at all. A call without
        arguments in it (``now()``, ``uuid4()``, ``fake.name()``) can differ every pass."""
        found = loop_dependence(node, loops, self._loop_names)
        if found == NONE and any(self._fresh_value(n) for n in walk(node) if n is not node):
            return ITEM
        return found

    def _fresh_value(self, node: cst.CSTNode) -> bool:
        """A call without arguments that may return something new on every call; SQL
        constructs (``func.count()``) are the same every time."""
        if not isinstance(node, cst.Call) or node.args:
            return False
        callee = self.ctx.callee(node) or ""
        return not callee.startswith("sqlalchemy.")

    def different_statement_per_pass(self, call: cst.Call, loops: list[cst.CSTNode]) -> bool:
        """Does each pass run a different statement: its table (or function) named by the
        loop (``f"SELECT count(*) FROM {table}"``, ``delete(model)``), or the statement
        itself taken from the items (``for sql in statements: cur.execute(sql)``)?"""
        if any(self.depends_on_loop(e, loops) for e in self.statement(call).named_by):
            return True
        if not call.args or call.args[0].keyword is not None or not self._takes_sql(call):
            return False
        return self._item_itself(call.args[0].value, loops)

    def _takes_sql(self, call: cst.Call) -> bool:
        """Is the call's first argument a statement (``execute(sql)``, ``fetch(sql)``)?"""
        callee = self.ctx.callee(call)
        if callee is not None and self.ctx.knowledge.has_effect(callee, STATEMENT):
            return True
        return method_name(call) in PROBABLE_SINK_METHODS

    def _item_itself(self, expr: cst.BaseExpression, loops: list[cst.CSTNode]) -> bool:
        """Is `expr` a loop's item, or an attribute or element of it (``step.sql``)?"""
        while isinstance(expr, (cst.Attribute, cst.Subscript)):
            expr = expr.value
        if not isinstance(expr, cst.Name):
            return False
        binding = self.ctx.lookup(expr.value)
        node = binding.node if binding is not None else None
        return any(
            node is loop or any(node is f for f in comprehension_fors(loop)) for loop in loops
        )

    def statement(self, call: cst.Call) -> Statement:
        """The shape of the statement a call runs (`perflint.rules.db._statement`)."""
        key = id(call)
        if key not in self._statements:
            if self._shapes is None:
                self._shapes = StatementShapes(self.ctx, self.ctx.analysis(FileSql))
            self._statements[key] = self._shapes.of(call)
        return self._statements[key]

    # ----- calls ------------------------------------------------------------------------
    def classify(self, call: cst.Call) -> CallKind | None:
        key = id(call)
        if key not in self._calls:
            self._calls[key] = self._classify(call)
        return self._calls[key]

    def _classify(self, call: cst.Call) -> CallKind | None:
        callee = self.ctx.callee(call)
        effects = self.ctx.knowledge.effects_of(callee) if callee else frozenset()
        receiver_type = None
        func = call.func
        if isinstance(func, cst.Attribute):
            receiver_type = callee.rpartition(".")[0] if callee else None
            if not effects:
                effects = self._django_method_effects(func)
            if not effects and func.attr.value in _DBAPI_STATEMENT_METHODS:
                return self._untraced_statement(call)
        return self._kind_of(call, effects, receiver_type)

    def _django_method_effects(self, func: cst.Attribute) -> frozenset[str]:
        """Effects of a method of a Django manager, queryset or model instance."""
        django = self.ctx.analysis(DjangoValues)
        if not django.active:
            return frozenset()
        value = django.value(func.value)
        owner = _DJANGO_TYPES.get(value.kind) if value is not None else None
        if owner is None and func.attr.value == "refresh_from_db":
            # a Django-only method: on the items of a loop, a model instance per pass
            owner = MODEL if self._item_itself(func.value, self.ctx.loops()) else None
        if owner is None:
            return frozenset()
        return self.ctx.knowledge.effects_of(f"{owner}.{func.attr.value}")

    def _untraced_statement(self, call: cst.Call) -> CallKind | None:
        """``x.execute(sql)`` / ``x.executemany(sql, rows)`` on a receiver that cannot be
        traced is a DB-API call when its SQL is a real statement (`FileSql`'s test for
        untraced receivers: it parses, with a table; prose never does); it then goes
        through the same classification as a traced driver's call."""
        if not call.args or call.args[0].keyword is not None:
            return None
        argument = call.args[0].value
        if self.ctx.analysis(FileSql).real_statement(argument) or self._sql_construct(argument):
            return self._kind_of(call, _DBAPI_STATEMENT_EFFECTS, None)
        return None

    def _sql_construct(self, expr: cst.BaseExpression) -> bool:
        """A statement built by a resolved SQLAlchemy call (``update(T).where(...)``,
        ``text("...")``), written in the call or bound once to a name."""
        if isinstance(expr, cst.Name):
            binding = self.ctx.lookup(expr.value)
            node = binding.node if binding is not None else None
            single = isinstance(node, cst.Assign) and len(node.targets) == 1
            expr = node.value if single else expr  # type: ignore[union-attr]
        while isinstance(expr, cst.Call):
            callee = self.ctx.callee(expr)
            effects = self.ctx.knowledge.effects_of(callee) if callee else frozenset()
            if effects & _SQL_CONSTRUCTS:
                return True
            if not isinstance(expr.func, cst.Attribute):
                return False
            expr = expr.func.value
        return False

    def _kind_of(
        self, call: cst.Call, effects: frozenset[str], receiver_type: str | None
    ) -> CallKind | None:
        if not effects:
            return None
        if STATEMENT in effects:
            kind = self.statement_kind_of(call)
            if kind in _NOT_ROW_STATEMENTS:
                return None
            return CallKind("write" if kind in WRITE_STATEMENTS else "query", receiver_type)
        for effect, kind in _KIND_BY_EFFECT:
            if effect in effects:
                return CallKind(kind, receiver_type)
        if CONNECT in effects:
            return CallKind("connect", receiver_type, local=LOCAL in effects)
        return None

    def statement_kind_of(self, call: cst.Call) -> str | None:
        """The statement kind of the SQL passed as a call's first argument."""
        if not call.args or call.args[0].keyword is not None:
            return None
        return self._statement_kind(call.args[0].value, 0)

    def _statement_kind(self, expr: cst.BaseExpression, depth: int) -> str | None:
        if depth > 4:
            return None
        text = string_value(expr)
        if text is not None:
            return statement_kind(text)
        if isinstance(expr, cst.BinaryOperation):
            return self._statement_kind(expr.left, depth + 1)
        if isinstance(expr, cst.Name):
            binding = self.ctx.lookup(expr.value)
            node = binding.node if binding is not None else None
            if isinstance(node, cst.Assign) and len(node.targets) == 1:
                return self._statement_kind(node.value, depth + 1)
            if isinstance(node, cst.AnnAssign) and node.value is not None:
                return self._statement_kind(node.value, depth + 1)
            return None
        if isinstance(expr, cst.Call):
            callee = self.ctx.callee(expr)
            effects = self.ctx.knowledge.effects_of(callee) if callee else frozenset()
            if WRITE_STATEMENT in effects:  # insert(t), update(t), delete(t)
                builder = (callee or "").rpartition(".")[2]
                return builder if builder in WRITE_STATEMENTS else "insert"
            if SQL_TEXT in effects and expr.args:
                return self._statement_kind(expr.args[0].value, depth + 1)
            func = expr.func
            if isinstance(func, cst.Attribute):
                if func.attr.value == "format":  # "...".format(...)
                    return self._statement_kind(func.value, depth + 1)
                # a builder chain: insert(t).values(...), update(t).where(...)
                return (
                    self._statement_kind(func.value, depth + 1)
                    if isinstance(func.value, cst.Call)
                    else None
                )
        return None
