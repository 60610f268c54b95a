"""PFL402 client-per-request: a new HTTP client or connection pool per request, built in a
loop or for a single request."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.knowledge.http import (
    ANY_METHOD_IS_REQUEST,
    CLIENT,
    CLIENT_HANDOFF_METHODS,
    CLIENT_LIFECYCLE_METHODS,
    IN_PROCESS_ARGUMENTS,
    IN_PROCESS_TRANSPORTS,
    ONESHOT,
    PER_CLIENT_SETTINGS,
    REQUEST,
    REUSABLE_CLIENT,
)
from perflint.nodes import DEFINITIONS, REPEATING, argument, variables_read
from perflint.rule import Rule
from perflint.rules._calls import describe_call


class ClientPerRequest(Rule):
    """A connection-pooling HTTP client built for one request, or once per loop iteration."""

    code = "PFL402"
    name = "client-per-request"
    impact = "medium"
    summary = (
        "a new HTTP client/connection pool per request: module-level `requests.get()` in a loop, "
        "a client constructed in a loop or for a single request"
    )
    message = (
        "{callee} is constructed in every iteration of this loop, so no connection is ever "
        "reused (a new TCP and TLS handshake each time): create it once before the loop and "
        "reuse it"
    )
    variants = {
        "oneshot": (
            "{callee} in a loop builds and discards a connection pool on every call (a new TCP "
            "and TLS handshake each time): create one `{client}` before the loop and call its "
            "`.{verb}()`"
        ),
        "single_use": (
            "{callee} is created for a single request and thrown away, so every call pays a "
            "new connection (DNS, TCP, TLS): keep one long-lived client (created at startup or "
            "injected) and reuse it"
        ),
    }
    INVALID = (
        dedent("""\
            import requests
            def sync(ids):
                for i in ids:
                    requests.post("https://api.example.com/items", json={"id": i}, timeout=5)
        """),
        dedent("""\
            import httpx
            def sync(urls):
                for url in urls:
                    with httpx.Client() as client:
                        client.get(url)
        """),
    )
    VALID = (
        dedent("""\
            import requests
            def sync(ids):
                with requests.Session() as s:
                    for i in ids:
                        s.post("https://api.example.com/items", json={"id": i}, timeout=5)
        """),
        dedent("""\
            import httpx
            async def call_app(app, path):
                async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as c:
                    return await c.get(f"http://app{path}")
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # In a loop, bound to a name: binding node -> [call, callee, loop, reused in a sub-loop?]
        self._in_loop: dict[int, list] = {}
        # Outside loops, in a function: function id -> [(call, callee, name, target, type)]
        self._single_use: dict[int, list[tuple[cst.Call, str, str, cst.CSTNode, str | None]]] = {}

    def visit_Call(self, node: cst.Call) -> None:
        callee = self.ctx.callee(node)
        if callee is None:
            self._note_use(node)
            return
        effects = self.ctx.knowledge.effects_of(callee)
        if ONESHOT in effects:
            if self.ctx.hot_loop() is not None:
                self._report_oneshot(node, callee)
            return
        if CLIENT not in effects:
            self._note_use(node)
            return
        if self._in_process(node):
            return  # it calls an application in this process: no connection to reuse
        loop = self.ctx.hot_loop()
        target = self._bound_name(node)
        if loop is not None:
            if target is None:
                self.report(node, callee=describe_call(self.ctx, node, callee))
            else:
                self._in_loop[id(self.ctx.parent())] = [node, callee, loop, False]
            return
        function = self.ctx.function()
        if function is None or self._set_per_call(node):
            return
        if target is not None:
            self._single_use.setdefault(id(function), []).append(
                (node, callee, target.value, target, self.ctx.type_of(node))
            )
        elif self._one_request(node):
            self.report(node, variant="single_use", callee=describe_call(self.ctx, node, callee))

    def _one_request(self, node: cst.Call) -> bool:
        """``requests.Session().get(url)``: built, used for one request and dropped."""
        attribute, call = self.ctx.parent(), self.ctx.parent(2)
        if not isinstance(attribute, cst.Attribute) or attribute.value is not node:
            return False
        if not isinstance(call, cst.Call) or call.func is not attribute:
            return False
        method = attribute.attr.value
        if method in CLIENT_LIFECYCLE_METHODS or method in CLIENT_HANDOFF_METHODS:
            return False
        return self._is_request(self.ctx.type_of(node), method)

    def _in_process(self, node: cst.Call) -> bool:
        """``AsyncClient(transport=ASGITransport(app=app))``, ``AsyncClient(app=app)``."""
        if any(arg.keyword and arg.keyword.value in IN_PROCESS_ARGUMENTS for arg in node.args):
            return True
        transport = argument(node, "transport", None)
        return transport is not None and self.ctx.type_of(transport.value) in IN_PROCESS_TRANSPORTS

    def _set_per_call(self, node: cst.Call) -> bool:
        """A setting no request can override (cookies, auth, transport, ...) given a value
        of this call (a parameter, a local, ``self``): the client is made per call on
        purpose."""
        scope = self.ctx.function_scope()
        if scope is None:
            return False
        for arg in node.args:
            if arg.keyword is None or arg.keyword.value not in PER_CLIENT_SETTINGS:
                continue
            if any(name.value in scope.names for name in variables_read(arg.value)):
                return True
        return False

    def _report_oneshot(self, node: cst.Call, callee: str) -> None:
        """``requests.get()`` in a loop: suggest the library's reusable client."""
        library, _, verb = callee.rpartition(".")
        self.report(
            node,
            variant="oneshot",
            callee=describe_call(self.ctx, node, callee),
            client=REUSABLE_CLIENT.get(library.split(".", 1)[0], "session"),
            verb=verb,
        )

    def _bound_name(self, node: cst.Call) -> cst.Name | None:
        """The plain name a constructor call is bound to (``s = C()``, ``with C() as s``)."""
        parent = self.ctx.parent()
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
        elif isinstance(parent, cst.WithItem) and parent.asname is not None:
            target = parent.asname.name
        else:
            return None
        return target if isinstance(target, cst.Name) else None

    def _note_use(self, node: cst.Call) -> None:
        """A client built in a loop and used inside a nested loop is reused there."""
        if not self._in_loop or not isinstance(node.func, cst.Attribute):
            return
        binding = self.ctx.binding_of(node.func.value)
        entry = self._in_loop.get(id(binding.node)) if binding is not None else None
        if entry is not None:
            loops = self.ctx.loops()
            if loops and loops[0] is not entry[2] and any(entry[2] is loop for loop in loops):
                entry[3] = True

    def _leave_loop(self, loop: cst.CSTNode) -> None:
        for key, (call, callee, owner, reused) in list(self._in_loop.items()):
            if owner is loop:
                del self._in_loop[key]
                if not reused:
                    self.report(call, callee=describe_call(self.ctx, call, callee))

    def leave_For(self, node: cst.For) -> None:
        self._leave_loop(node)

    def leave_While(self, node: cst.While) -> None:
        self._leave_loop(node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        for call, callee, name, target, client_type in self._single_use.pop(id(node), ()):
            uses = _NameUses(name, target)
            node.body.visit(uses)
            if uses.escapes or len(uses.methods) != 1:
                continue
            method = uses.methods[0]
            if method in CLIENT_HANDOFF_METHODS:
                continue
            if self._is_request(client_type, method):
                self.report(
                    call, variant="single_use", callee=describe_call(self.ctx, call, callee)
                )

    def _is_request(self, client_type: str | None, method: str) -> bool:
        if client_type in ANY_METHOD_IS_REQUEST:
            return True
        return client_type is not None and self.ctx.knowledge.has_effect(
            f"{client_type}.{method}", REQUEST
        )


class _NameUses(cst.CSTVisitor):
    """How a local client name is used in a function: method calls, or anything else.

    A visitor, not `perflint.nodes.walk`: it needs each name's parent and enclosing loops.
    """

    def __init__(self, name: str, target: cst.Name) -> None:
        self.name = name
        self.target = target
        self.methods: list[str] = []
        self.escapes = False
        self._stack: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Name) and node.value == self.name and node is not self.target:
            self._classify(node)
        self._stack.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self._stack.pop()

    def _classify(self, node: cst.Name) -> None:
        parent = self._stack[-1] if self._stack else None
        grandparent = self._stack[-2] if len(self._stack) >= 2 else None
        if not isinstance(parent, cst.Attribute) or parent.value is not node:
            if not (
                (isinstance(parent, cst.Attribute) and parent.attr is node)
                or (isinstance(parent, cst.Arg) and parent.keyword is node)
            ):
                self.escapes = True  # returned, passed on, stored, rebound
            return
        if isinstance(grandparent, cst.Call) and grandparent.func is parent:
            if parent.attr.value not in CLIENT_LIFECYCLE_METHODS:
                self.methods.append(parent.attr.value)
                if any(isinstance(n, REPEATING) for n in self._stack):
                    self.escapes = True  # called in a loop: the client is reused
        elif any(isinstance(n, DEFINITIONS) for n in self._stack):
            self.escapes = True  # used from a nested function: it may live longer
