"""PFL1xx: database and cache access (N+1 queries, writes and commits per row,
connections per call, cache round trips per key, Django relation loading)."""

from __future__ import annotations

import libcst as cst

from perflint.db_access import WRITE_STATEMENTS, CallKind, DbAccess
from perflint.knowledge.db import (
    BATCH_ALTERNATIVES,
    DJANGO_AGGREGATE_METHODS,
    DJANGO_LOOKUP_METHODS,
    ONCE_DECORATORS,
    PREFETCH_CACHED_METHODS,
    QUERYSET,
    QUERYSET_EVALUATING_BUILTINS,
    RUNS_ONCE_FUNCTIONS,
    STARTUP_HOOK_NAMES,
    STORING_METHODS,
)
from perflint.nodes import comprehension_fors, method_name, own_nodes, walk
from perflint.rule import Rule

_MAX_SNIPPET = 48


def _snippet(ctx, node: cst.CSTNode) -> str:
    text = " ".join(ctx.code_for(node).split())
    return text if len(text) <= _MAX_SNIPPET else text[: _MAX_SNIPPET - 3] + "..."


def _call_label(ctx, call: cst.Call) -> str:
    """``receiver.method()`` with a long receiver shortened."""
    func = call.func
    if isinstance(func, cst.Attribute):
        return f"{_snippet(ctx, func.value)}.{func.attr.value}()"
    return _snippet(ctx, func) + "()"


class _DbRule(Rule):
    """Shared by the family: the file's `DbAccess`."""

    uses = (DbAccess,)

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.db = ctx.analysis(DbAccess)

    def _loop_call(self, call: cst.Call, kind: str) -> tuple[CallKind, list[cst.CSTNode]] | None:
        found = self.db.classify(call)
        if found is None or found.kind != kind:
            return None
        loops = self.db.repeating_loops()
        return (found, loops) if loops else None

    def _hoist(self, call: cst.Call, loops: list[cst.CSTNode]) -> bool:
        """The call reads no name bound in the loop: it could run once, before it."""
        return not self.db.depends_on_loop(call, loops)


class QueryInLoop(_DbRule):
    code = "PFL101"
    name = "query-in-loop"
    impact = "high"
    summary = "a database read round trip inside a loop (N+1 queries)"
    message = "`{what}` queries the database on every loop iteration (N+1): {fix}"
    INVALID = (
        "import sqlite3\nconn = sqlite3.connect('app.db')\ncur = conn.cursor()\n"
        "for user_id in user_ids:\n"
        "    cur.execute('SELECT name FROM users WHERE id = ?', (user_id,))\n",
        "from sqlalchemy.orm import Session\n\ndef names(session: Session, ids):\n"
        "    return [session.get(User, i).name for i in ids]\n",
        "import asyncpg\n\nasync def totals(conn: asyncpg.Connection, ids):\n"
        "    for i in ids:\n"
        "        yield await conn.fetchval('SELECT sum(x) FROM t WHERE id=$1', i)\n",
    )
    VALID = (
        "import sqlite3\nconn = sqlite3.connect('app.db')\ncur = conn.cursor()\n"
        "cur.execute('SELECT id, name FROM users WHERE id IN (SELECT id FROM wanted)')\n"
        "for row in cur.fetchall():\n    print(row)\n",
        "for query in queries:\n    engine.execute(query)\n",
        "import sqlite3\nconn = sqlite3.connect('app.db')\n"
        "for table in ('users', 'orders'):\n    conn.execute(f'DELETE FROM {table}')\n",
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._evaluated: set[int] = set()

    def visit_Call(self, node: cst.Call) -> None:
        found = self._loop_call(node, "query")
        if found is not None:
            if not (self.db.django and self.db.loop_object_relation(node)):
                self._report(node, found[1])
            return
        if not self.db.django or not node.args:
            return
        callee = self.ctx.callee(node)
        argument = node.args[0].value
        if (
            callee in QUERYSET_EVALUATING_BUILTINS
            and self.db.iterated_queryset(argument)
            and not self.db.loop_object_relation(argument)
        ):
            loops = self.db.repeating_loops()
            if loops:
                self._report(node, loops)

    def visit_For(self, node: cst.For) -> None:
        self._check_iteration(node.iter)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._check_iteration(node.iter)

    def _check_iteration(self, iterable: cst.BaseExpression) -> None:
        if (
            self.db.django
            and self.db.iterated_queryset(iterable) is not None
            and not self.db.loop_object_relation(iterable)
        ):
            loops = self.db.repeating_loops()
            if loops and self._first_evaluation(iterable):
                self._report(iterable, loops)

    def _first_evaluation(self, iterable: cst.BaseExpression) -> bool:
        """A queryset bound to a name queries once; iterating it again reads its cache."""
        binding = self.ctx.resolver.binding_of(iterable)
        if binding is None or binding.node is None:
            return True
        key = id(binding.node)
        if key in self._evaluated:
            return False
        self._evaluated.add(key)
        return True

    def _report(self, node: cst.CSTNode, loops: list[cst.CSTNode]) -> None:
        if not self.db.depends_on_loop(node, loops):
            fix = "its arguments do not depend on the loop, so run it once before the loop"
        elif (
            self.db.django
            and isinstance(node, cst.Call)
            and method_name(node) in DJANGO_LOOKUP_METHODS
        ):
            fix = "fetch all the rows before the loop with filter(<field>__in=...) or in_bulk()"
        elif (
            self.db.django
            and isinstance(node, cst.Call)
            and method_name(node) in DJANGO_AGGREGATE_METHODS
        ):
            fix = (
                "annotate the outer queryset instead (Count, Exists, Subquery), "
                "or aggregate once with values(...).annotate(...)"
            )
        else:
            fix = (
                "fetch the rows for all items in one query before the loop "
                "(WHERE id IN/ANY(...), select_related/prefetch_related, selectinload)"
            )
        label = (
            _call_label(self.ctx, node) if isinstance(node, cst.Call) else _snippet(self.ctx, node)
        )
        self.report(node, self.message.format(what=label, fix=fix))


class WriteInLoop(_DbRule):
    code = "PFL102"
    name = "write-in-loop"
    impact = "high"
    summary = "single-row database writes inside a loop: batch them"
    message = "`{what}` writes one row per loop iteration: {fix}"
    INVALID = (
        "import psycopg2\n\ndef load(rows):\n    conn = psycopg2.connect('dbname=shop')\n"
        "    with conn.cursor() as cur:\n        for row in rows:\n"
        "            cur.execute('INSERT INTO items (sku, qty) VALUES (%s, %s)', row)\n",
        "from django.db import models\n\nclass Item(models.Model):\n"
        "    qty = models.IntegerField()\n\n"
        "def restock():\n    for item in Item.objects.filter(qty=0):\n        item.qty = 10\n"
        "        item.save()\n",
    )
    VALID = (
        "import psycopg2\n\ndef load(rows):\n    conn = psycopg2.connect('dbname=shop')\n"
        "    with conn.cursor() as cur:\n"
        "        cur.executemany('INSERT INTO items (sku, qty) VALUES (%s, %s)', rows)\n",
        "from django.db import models\n\nclass Item(models.Model):\n"
        "    qty = models.IntegerField()\n\n"
        "def restock():\n    Item.objects.filter(qty=0).update(qty=10)\n",
    )

    def visit_Call(self, node: cst.Call) -> None:
        found = self._loop_call(node, "write")
        if found is None:
            return
        _, loops = found
        if self._hoist(node, loops):
            fix = "its arguments do not depend on the loop, so run it once, outside the loop"
        else:
            fix = self._fix(node)
        label = _call_label(self.ctx, node)
        self.report(node, self.message.format(what=label, fix=fix))

    def _fix(self, call: cst.Call) -> str:
        method = method_name(call)
        statement = self.db.statement_kind_of(call)
        if statement == "insert":
            return "use executemany(), one multi-row INSERT ... VALUES, or COPY"
        if statement in WRITE_STATEMENTS:
            return "use one set-based statement (WHERE id = ANY(...)) or executemany()"
        if method in ("save", "create"):
            return "build the objects in the loop, then bulk_create()/bulk_update() them once"
        if method in ("update", "delete"):
            return f"run one queryset {method}() for all rows (filter(pk__in=...))"
        if method in ("add", "remove", "set"):
            return f"collect the objects and call {method}(*objects) once"
        if method == "flush":
            return "add the objects in the loop and flush() once after it"
        return "collect the rows and write them in one batch after the loop"


class CommitInLoop(_DbRule):
    code = "PFL103"
    name = "commit-in-loop"
    impact = "medium"
    summary = "a commit, or a new transaction block, on every loop iteration"
    message = "`{what}` {action} on every loop iteration: {fix}"
    INVALID = (
        "import sqlite3\nconn = sqlite3.connect('app.db')\nfor row in rows:\n"
        "    conn.execute('INSERT INTO t VALUES (?)', row)\n    conn.commit()\n",
        "from django.db import transaction\n\ndef apply(orders):\n    for order in orders:\n"
        "        with transaction.atomic():\n            order.apply()\n",
    )
    VALID = (
        "import sqlite3\nconn = sqlite3.connect('app.db')\nfor row in rows:\n"
        "    conn.execute('INSERT INTO t VALUES (?)', row)\nconn.commit()\n",
        "import sqlite3\nconn = sqlite3.connect('app.db')\nfor i, row in enumerate(rows):\n"
        "    conn.execute('INSERT INTO t VALUES (?)', row)\n    if i % 1000 == 0:\n"
        "        conn.commit()\n",
    )

    def visit_Call(self, node: cst.Call) -> None:
        found = self.db.classify(node)
        if found is None or found.kind not in ("commit", "transaction"):
            return
        if found.kind == "transaction" and not isinstance(self.ctx.parent(), cst.WithItem):
            return  # a transaction object kept for later, not a block opened here
        loops = self.db.repeating_loops()
        if not loops or self._conditional(loops[0]):
            return
        if found.kind == "commit":
            action, fix = "commits", "commit once after the loop (or every N rows)"
        else:
            action = "opens a transaction"
            fix = "wrap the whole loop in one transaction, or batch the rows per transaction"
        what = _call_label(self.ctx, node)
        self.report(node, self.message.format(what=what, action=action, fix=fix))

    def _conditional(self, loop: cst.CSTNode) -> bool:
        """Under an ``if`` inside the loop: committing every N rows is batching."""
        stack = self.ctx.stack
        for index in range(len(stack) - 1, -1, -1):
            node = stack[index]
            if node is loop:
                return False
            if isinstance(node, (cst.If, cst.IfExp, cst.Match)):
                return True
        return False


class LazyRelationInLoop(_DbRule):
    code = "PFL104"
    name = "lazy-relation-in-loop"
    impact = "high"
    summary = "Django: a relation of each object loaded lazily inside a loop over a queryset"
    message = (
        "`{what}` loads the related {target} with one query per {model} in the loop: "
        "add {fix} to the queryset"
    )
    INVALID = (
        "from django.db import models\n\n"
        "class Author(models.Model):\n    name = models.CharField(max_length=80)\n\n"
        "class Book(models.Model):\n"
        "    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n\n"
        "def titles():\n    return [f'{b.author.name}' for b in Book.objects.all()]\n",
    )
    VALID = (
        "from django.db import models\n\n"
        "class Author(models.Model):\n    name = models.CharField(max_length=80)\n\n"
        "class Book(models.Model):\n"
        "    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n\n"
        "def titles():\n"
        "    return [b.author.name for b in Book.objects.select_related('author')]\n",
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._reported: set[tuple[int, str]] = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self.db.models or not isinstance(node.value, cst.Name):
            return
        relation_name = node.attr.value
        binding = self.ctx.resolver.lookup(node.value.value)
        loop_node = binding.node if binding is not None else None
        if not isinstance(loop_node, (cst.For, cst.CompFor)):
            return
        queryset = self.db.loop_queryset(loop_node, node.value.value)
        if queryset is None:
            return
        relation = self.db.models.relation(queryset.model, relation_name)
        if relation is None or not self._inside(loop_node):
            return
        parent = self.ctx.parent()
        if isinstance(parent, cst.AssignTarget) or (
            isinstance(parent, cst.Attribute)
            and parent.value is node
            and parent.attr.value in ("id", "pk")
            and relation.kind == "forward"
        ):
            return  # an assignment, or PFL108's `obj.author.id`
        what = f"{node.value.value}.{relation_name}"
        if relation.kind == "many":
            self._check_many(node, relation_name, relation.target, queryset, what)
            return
        covered = relation_name in queryset.covered or (
            queryset.all_forward and relation.kind == "forward"
        )
        key = (id(loop_node), relation_name)
        if covered or key in self._reported:
            return
        self._reported.add(key)
        self.report(
            node,
            self.message.format(
                what=what,
                target=relation.target,
                model=queryset.model,
                fix=f'select_related("{relation_name}")',
            ),
        )

    def _check_many(self, node, relation_name, target, queryset, what) -> None:
        parent, grandparent = self.ctx.parent(), self.ctx.parent(2)
        if not (
            isinstance(parent, cst.Attribute)
            and isinstance(grandparent, cst.Call)
            and grandparent.func is parent
        ):
            return
        method = parent.attr.value
        evaluates = self.ctx.knowledge.has_effect(f"{QUERYSET}.{method}", "db.query") or (
            self.ctx.knowledge.return_type(f"{QUERYSET}.{method}") is not None
            and method not in ("get", "create")
        )
        if not evaluates:
            return
        if relation_name in queryset.covered:
            if method in PREFETCH_CACHED_METHODS:
                return
            fix = f'Prefetch("{relation_name}", queryset=...) (not .{method}() per object)'
        else:
            fix = f'prefetch_related("{relation_name}")'
        self.report(
            grandparent,
            self.message.format(
                what=f"{what}.{method}()",
                target=f"{target} rows",
                model=queryset.model,
                fix=fix,
            ),
        )

    def _inside(self, loop_node: cst.CSTNode) -> bool:
        for loop in self.ctx.loops():
            if loop is loop_node:
                return True
            if any(f is loop_node for f in comprehension_fors(loop)):
                return True
        return False


class CountForExistence(_DbRule):
    code = "PFL105"
    name = "count-for-existence"
    impact = "low"
    summary = "Django: `qs.count() > 0` / `len(qs)` where `.exists()` / `.count()` is meant"
    message = "`{what}` {problem}: use {fix}"
    INVALID = (
        "from django.db import models\n\nclass Order(models.Model):\n"
        "    paid = models.BooleanField()\n\n"
        "def has_unpaid():\n    return Order.objects.filter(paid=False).count() > 0\n",
    )
    VALID = (
        "from django.db import models\n\nclass Order(models.Model):\n"
        "    paid = models.BooleanField()\n\n"
        "def has_unpaid():\n    return Order.objects.filter(paid=False).exists()\n",
    )

    _LEFT = {
        (cst.GreaterThan, 0),
        (cst.NotEqual, 0),
        (cst.GreaterThanEqual, 1),
        (cst.Equal, 0),
        (cst.LessThan, 1),
        (cst.LessThanEqual, 0),
    }
    _RIGHT = {
        (cst.LessThan, 0),
        (cst.NotEqual, 0),
        (cst.LessThanEqual, 1),
        (cst.Equal, 0),
        (cst.GreaterThan, 1),
        (cst.GreaterThanEqual, 0),
    }

    def visit_Call(self, node: cst.Call) -> None:
        if not self.db.django:
            return
        counted = self._counted(node)
        if counted is None:
            return
        if self._tests_existence(node):
            what = _snippet(self.ctx, self.ctx.parent() if self._in_comparison(node) else node)
            problem = "counts rows only to test whether there are any"
            if isinstance(node.func, cst.Name):
                problem = "loads every row only to test whether there are any"
            self.report(
                node,
                self.message.format(
                    what=what, problem=problem, fix=f"{_snippet(self.ctx, counted)}.exists()"
                ),
            )
        elif isinstance(node.func, cst.Name) and isinstance(counted, cst.Call):
            self.report(
                node,
                self.message.format(
                    what=_snippet(self.ctx, node),
                    problem="loads every row only to count them",
                    fix=f"{_snippet(self.ctx, counted)}.count()",
                ),
            )

    def _counted(self, node: cst.Call) -> cst.BaseExpression | None:
        """The queryset of ``qs.count()`` or ``len(qs)``."""
        if (
            isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "count"
            and not node.args
        ):
            value = self.db.django_value(node.func.value)
            if value is not None and value.kind in ("manager", "queryset", "rows"):
                return node.func.value
            return None
        if (
            isinstance(node.func, cst.Name)
            and len(node.args) == 1
            and self.ctx.callee(node) == "builtins.len"
            and self.db.iterated_queryset(node.args[0].value) is not None
        ):
            return node.args[0].value
        return None

    def _in_comparison(self, node: cst.Call) -> bool:
        return isinstance(self.ctx.parent(), cst.Comparison)

    def _tests_existence(self, node: cst.Call) -> bool:
        parent = self.ctx.parent()
        if isinstance(parent, (cst.If, cst.While, cst.IfExp, cst.Assert)) and parent.test is node:
            return True
        if isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not):
            return True
        if isinstance(parent, cst.BooleanOperation):
            return True
        comparison = parent if isinstance(parent, cst.Comparison) else self.ctx.parent(2)
        if not isinstance(comparison, cst.Comparison) or len(comparison.comparisons) != 1:
            return False
        target = comparison.comparisons[0]
        if comparison.left is node:
            other, table = target.comparator, self._LEFT
        elif target.comparator is node:
            other, table = comparison.left, self._RIGHT
        else:
            return False
        if not isinstance(other, cst.Integer):
            return False
        return (type(target.operator), int(other.value, 0)) in table


class ConnectionPerCall(_DbRule):
    code = "PFL106"
    name = "connection-per-call"
    impact = "high"
    summary = "a database/cache connection, engine or pool created in a loop or per call"
    message = "`{what}` {where}: {fix}"
    INVALID = (
        "import psycopg2\n\ndef get_user(user_id):\n"
        "    conn = psycopg2.connect('dbname=app')\n"
        "    with conn.cursor() as cur:\n"
        "        cur.execute('SELECT * FROM users WHERE id = %s', (user_id,))\n"
        "        return cur.fetchone()\n",
    )
    VALID = (
        "import psycopg2\nfrom functools import lru_cache\n\n@lru_cache(maxsize=1)\n"
        "def connection():\n    return psycopg2.connect('dbname=app')\n",
        "import psycopg2\n\ndef main():\n    conn = psycopg2.connect('dbname=app')\n"
        "    conn.close()\n",
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._candidates: list[tuple[str, cst.Call, str]] = []
        self._main_calls: set[str] = set()

    def visit_If(self, node: cst.If) -> None:
        if self.ctx.function() is None and _is_main_guard(node.test):
            for name in _called_names(node.body):
                self._main_calls.add(name)

    def visit_Call(self, node: cst.Call) -> None:
        found = self.db.classify(node)
        if found is None or found.kind != "connect":
            return
        what = _call_label(self.ctx, node)
        if self.db.repeating_loops():
            self.report(
                node,
                self.message.format(
                    what=what,
                    where="opens a new connection on every loop iteration",
                    fix="open it once before the loop and reuse it",
                ),
            )
            return
        function = self.ctx.function()
        if function is None or found.local or self._runs_once(function):
            return
        if self._kept(node, function):
            return
        message = self.message.format(
            what=what,
            where="opens a new connection on every call",
            fix="create it once (module level, app startup or a cached factory) and reuse "
            "it or a pool",
        )
        self._candidates.append((function.name.value, node, message))

    def finish(self) -> None:
        for function_name, node, message in self._candidates:
            if function_name not in self._main_calls:
                self.report(node, message)

    def _runs_once(self, function: cst.FunctionDef) -> bool:
        if function.name.value in RUNS_ONCE_FUNCTIONS:
            return True
        for decorator in function.decorators:
            expr = decorator.decorator
            if isinstance(expr, cst.Call):
                expr = expr.func
            qualname = self.ctx.qualified_name(expr)
            if qualname in ONCE_DECORATORS:
                return True
            if isinstance(expr, cst.Attribute) and expr.attr.value in STARTUP_HOOK_NAMES:
                return True
        return _yields(function)

    def _kept(self, call: cst.Call, function: cst.FunctionDef) -> bool:
        """Returned, stored on an object or a global: a factory, not a per-call use."""
        stack = self.ctx.stack
        index = len(stack) - 1
        while index > 0 and isinstance(stack[index - 1], (cst.Await, cst.Arg)):
            index -= 1
        parent = stack[index - 1]
        if isinstance(parent, cst.Return):
            return True
        if isinstance(parent, cst.Assign):
            targets = [t.target for t in parent.targets]
            if any(not isinstance(t, cst.Name) for t in targets):
                return True  # self.pool = ..., app.state.db = ..., registry[key] = ...
            names = {t.value for t in targets if isinstance(t, cst.Name)}
            return bool(names & _globals(function)) or _escapes(function, names)
        if isinstance(parent, cst.AnnAssign):
            return not isinstance(parent.target, cst.Name) or _escapes(
                function, {parent.target.value}
            )
        return False


class CacheRoundTripInLoop(_DbRule):
    code = "PFL107"
    name = "cache-round-trip-in-loop"
    impact = "medium"
    summary = "a Redis/memcached/Django cache command per key inside a loop"
    message = "`{what}` makes one cache round trip per loop iteration: {fix}"
    INVALID = (
        "import redis\nr = redis.Redis()\n\ndef prices(skus):\n"
        "    return {sku: r.get(f'price:{sku}') for sku in skus}\n",
    )
    VALID = (
        "import redis\nr = redis.Redis()\n\ndef prices(skus):\n"
        "    return dict(zip(skus, r.mget([f'price:{s}' for s in skus])))\n",
    )

    def visit_Call(self, node: cst.Call) -> None:
        found = self._loop_call(node, "cache")
        if found is None:
            return
        kind, loops = found
        if self._hoist(node, loops):
            fix = "its arguments do not depend on the loop, so run it once before the loop"
        else:
            fix = "batch the keys: use mget()/mset(), a pipeline() or get_many()/set_many()"
            for base in self.ctx.knowledge.ancestry(kind.receiver_type or ""):
                if base in BATCH_ALTERNATIVES:
                    fix = f"batch the keys: {BATCH_ALTERNATIVES[base]}"
                    break
        what = _call_label(self.ctx, node)
        self.report(node, self.message.format(what=what, fix=fix))


class RelatedIdAccess(_DbRule):
    code = "PFL108"
    name = "related-id-access"
    impact = "low"
    summary = "Django: `obj.author.id` loads the related row to read a key `obj` holds"
    message = "`{what}` loads the related {target} only to read its key: use `{fix}`"
    INVALID = (
        "from django.db import models\n\nclass Author(models.Model):\n    pass\n\n"
        "class Book(models.Model):\n"
        "    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n\n"
        "def author_ids(book: Book):\n    return book.author.id\n",
    )
    VALID = (
        "from django.db import models\n\nclass Author(models.Model):\n    pass\n\n"
        "class Book(models.Model):\n"
        "    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n\n"
        "def author_ids(book: Book):\n    return book.author_id\n",
    )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self.db.models or node.attr.value not in ("id", "pk"):
            return
        related = node.value
        if not isinstance(related, cst.Attribute):
            return
        owner = self.db.django_value(related.value)
        if owner is None or owner.kind != "instance":
            return
        relation = self.db.models.relation(owner.model, related.attr.value)
        if relation is None or relation.kind != "forward":
            return
        if relation.name in owner.covered or owner.all_forward:
            return  # already loaded by select_related
        if isinstance(self.ctx.parent(), cst.AssignTarget):
            return
        base = _snippet(self.ctx, related.value)
        self.report(
            node,
            self.message.format(
                what=_snippet(self.ctx, node),
                target=relation.target,
                fix=f"{base}.{relation.name}_id",
            ),
        )


def _is_main_guard(test: cst.BaseExpression) -> bool:
    return (
        isinstance(test, cst.Comparison)
        and isinstance(test.left, cst.Name)
        and test.left.value == "__name__"
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, cst.Equal)
    )


def _called_names(node: cst.CSTNode) -> set[str]:
    return {
        n.func.value for n in walk(node) if isinstance(n, cst.Call) and isinstance(n.func, cst.Name)
    }


def _yields(function: cst.FunctionDef) -> bool:
    return any(isinstance(n, (cst.Yield,)) for n in own_nodes(function))


def _globals(function: cst.FunctionDef) -> set[str]:
    return {
        item.name.value
        for n in own_nodes(function)
        if isinstance(n, (cst.Global, cst.Nonlocal))
        for item in n.names
    }


def _escapes(function: cst.FunctionDef, names: set[str]) -> bool:
    """Is one of `names` returned or stored on an object inside the function?"""
    for node in own_nodes(function):
        if (
            isinstance(node, cst.Return)
            and isinstance(node.value, cst.Name)
            and node.value.value in names
        ):
            return True
        if (
            isinstance(node, cst.Assign)
            and isinstance(node.value, cst.Name)
            and node.value.value in names
            and any(not isinstance(t.target, cst.Name) for t in node.targets)
        ):
            return True
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in STORING_METHODS
            and any(isinstance(a.value, cst.Name) and a.value.value in names for a in node.args)
        ):
            return True  # registry.setdefault(alias, pool), pools.append(conn)
    return False
