"""PFL4xx: network clients."""

from __future__ import annotations

import libcst as cst

from perflint.knowledge.http import (
    ANY_METHOD_IS_REQUEST,
    CLIENT_HANDOFF_METHODS,
    CLIENT_LIFECYCLE_METHODS,
    CONNECTS_WITH_HOST,
    PLAIN_ADAPTERS,
    REUSABLE_CLIENT,
    TIMEOUT_OBJECTS,
    TIMEOUT_POSITION,
)
from perflint.nodes import is_name
from perflint.rule import Rule
from perflint.rules._calls import argument, describe_call

_DEFINITIONS = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
_REPEATING = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def _named(ctx, call: cst.Call, callee: str) -> str:
    return describe_call(callee, ctx.code_for(call.func))


class MissingTimeout(Rule):
    """A network call that can wait forever on a peer that stops answering."""

    code = "PFL401"
    name = "missing-timeout"
    impact = "high"
    summary = (
        "a network call that can hang forever: no timeout where the library has no default "
        "(requests, urllib, socket, ...), or the timeout disabled (httpx, aiohttp)"
    )
    message = (
        "{callee} has no timeout and {library} waits forever by default: a stalled server "
        "hangs this worker; pass `timeout=` (e.g. `timeout=10`)"
    )
    disabled_message = (
        "{callee} disables the timeout (`timeout={value}`): a stalled server hangs this "
        "call forever; pass a finite timeout (e.g. `timeout=10`)"
    )
    INVALID = (
        "import requests\ndef fetch(url):\n    return requests.get(url).json()\n",
        "import httpx\nclient = httpx.Client(timeout=None)\n",
        "import urllib.request\ndef ping(url):\n    return urllib.request.urlopen(url).status\n",
    )
    VALID = (
        "import requests\ndef fetch(url):\n    return requests.get(url, timeout=10).json()\n",
        "import httpx\ndef fetch(url):\n    return httpx.get(url).json()\n",
        "import requests\ndef fetch(url, **kwargs):\n    return requests.get(url, **kwargs)\n",
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._configured: set[int] = set()  # binding nodes of sessions with a default timeout

    def _mark_configured(self, expr: cst.BaseExpression) -> None:
        binding = self.ctx.resolver.binding_of(expr)
        if binding is not None and binding.node is not None:
            self._configured.add(id(binding.node))

    def visit_Assign(self, node: cst.Assign) -> None:
        # ``session.request = functools.partial(session.request, timeout=5)``
        for target in node.targets:
            attribute = target.target
            if not isinstance(attribute, cst.Attribute):
                continue
            owner = self.ctx.type_of(attribute.value)
            if owner and self.ctx.knowledge.has_effect(
                f"{owner}.{attribute.attr.value}", "http.request"
            ):
                self._mark_configured(attribute.value)

    def visit_Call(self, node: cst.Call) -> None:
        callee = self.ctx.callee(node)
        if callee is None:
            return
        effects = self.ctx.knowledge.effects_of(callee)
        if "http.timeout-wrapper" in effects:
            # ``install_timeouts(session)``, or ``session: Session = make_session()``
            for arg in node.args:
                self._mark_configured(arg.value)
            parent = self.ctx.parent()
            if isinstance(parent, (cst.Assign, cst.AnnAssign, cst.WithItem)):
                self._configured.add(id(parent))  # the binding this statement creates
            return
        if "http.mount-adapter" in effects:
            self._mount(node)
            return
        required = "http.timeout-required" in effects
        if not required and "http.timeout-default" not in effects:
            return
        if any(arg.star for arg in node.args):
            return  # ``*args`` / ``**kwargs`` pass-through: the caller decides
        timeout = argument(node, "timeout", TIMEOUT_POSITION.get(callee))
        if timeout is not None:
            if self._disabled(timeout.value):
                value = self.ctx.code_for(timeout.value)
                self.report(
                    node,
                    self.disabled_message.format(
                        callee=_named(self.ctx, node, callee), value=value
                    ),
                )
            return
        if not required:
            return
        if callee in CONNECTS_WITH_HOST and argument(node, "host", 0) is None:
            return  # connects later, with ``.connect(host)`` and the instance's timeout
        if isinstance(node.func, cst.Attribute) and self._receiver_configured(node.func.value):
            return
        library = callee.split(".", 1)[0]
        library = "http.client" if library == "http" else library
        self.report(
            node, self.message.format(callee=_named(self.ctx, node, callee), library=library)
        )

    def _receiver_configured(self, receiver: cst.BaseExpression) -> bool:
        binding = self.ctx.resolver.binding_of(receiver)
        return binding is not None and id(binding.node) in self._configured

    def _mount(self, node: cst.Call) -> None:
        """A session with a mounted adapter that sets a default timeout is configured."""
        adapter = argument(node, "adapter", 1)
        if adapter is None or not isinstance(node.func, cst.Attribute):
            return
        value = adapter.value
        kind = self.ctx.callee(value) if isinstance(value, cst.Call) else self.ctx.type_of(value)
        plain = (
            kind in PLAIN_ADAPTERS or self.ctx.knowledge.return_type(kind or "") in PLAIN_ADAPTERS
        )
        if plain and not (isinstance(value, cst.Call) and argument(value, "timeout", None)):
            return  # retries or pool sizes only: requests still has no timeout
        self._mark_configured(node.func.value)

    def _disabled(self, value: cst.BaseExpression) -> bool:
        if is_name(value, "None"):
            return True
        if isinstance(value, cst.Call) and self.ctx.callee(value) in TIMEOUT_OBJECTS:
            return not value.args or all(is_name(arg.value, "None") for arg in value.args)
        return False


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
    oneshot_message = (
        "{callee} in a loop builds and discards a connection pool on every call (a new TCP "
        "and TLS handshake each time): create one `{client}` before the loop and call its "
        "`.{verb}()`"
    )
    single_use_message = (
        "{callee} is created for a single request and thrown away, so every call pays a new "
        "connection (DNS, TCP, TLS): keep one long-lived client (created at startup or "
        "injected) and reuse it"
    )
    INVALID = (
        "import requests\ndef sync(ids):\n    for i in ids:\n"
        '        requests.post("https://api.example.com/items", json={"id": i}, timeout=5)\n',
        "import httpx\ndef sync(urls):\n    for url in urls:\n"
        "        with httpx.Client() as client:\n            client.get(url)\n",
    )
    VALID = (
        "import requests\ndef sync(ids):\n    with requests.Session() as s:\n"
        "        for i in ids:\n"
        '            s.post("https://api.example.com/items", json={"id": i}, timeout=5)\n',
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        # In a loop, bound to a name: binding node -> (call, callee, loop, reused in a sub-loop?)
        self._in_loop: dict[int, list] = {}
        # Outside loops, in a function: function id -> [(call, callee, name, target, type)]
        self._single_use: dict[int, list[tuple[cst.Call, str, str, cst.CSTNode, str | None]]] = {}

    def visit_Call(self, node: cst.Call) -> None:
        callee = self.ctx.callee(node)
        if callee is None:
            self._note_use(node)
            return
        effects = self.ctx.knowledge.effects_of(callee)
        if "http.oneshot" in effects:
            if self.ctx.loop() is not None:
                library, _, verb = callee.rpartition(".")
                client = REUSABLE_CLIENT.get(library.split(".", 1)[0], "session")
                self.report(
                    node,
                    self.oneshot_message.format(
                        callee=_named(self.ctx, node, callee), client=client, verb=verb
                    ),
                )
            return
        if "http.client" not in effects:
            self._note_use(node)
            return
        loop = self.ctx.loop()
        target = self._bound_name(node)
        if loop is not None:
            if target is None:
                self.report(node, self.message.format(callee=_named(self.ctx, node, callee)))
            else:
                self._in_loop[id(self.ctx.parent())] = [node, callee, loop, False]
            return
        function = self.ctx.function()
        if function is not None and target is not None:
            self._single_use.setdefault(id(function), []).append(
                (node, callee, target.value, target, self.ctx.type_of(node))
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
        binding = self.ctx.resolver.binding_of(node.func.value)
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
                    self.report(call, self.message.format(callee=_named(self.ctx, call, callee)))

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
            is_request = client_type in ANY_METHOD_IS_REQUEST or (
                client_type is not None
                and self.ctx.knowledge.has_effect(f"{client_type}.{method}", "http.request")
            )
            if is_request:
                self.report(
                    call, self.single_use_message.format(callee=_named(self.ctx, call, callee))
                )


class _NameUses(cst.CSTVisitor):
    """How a local client name is used in a function: method calls, or anything else."""

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
                if any(isinstance(n, _REPEATING) for n in self._stack):
                    self.escapes = True  # called in a loop: the client is reused
        elif any(isinstance(n, _DEFINITIONS) for n in self._stack):
            self.escapes = True  # used from a nested function: it may live longer
