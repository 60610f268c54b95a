"""PFL401 missing-timeout: a network call that can hang forever, with no timeout where the
library has none by default, or with the timeout disabled."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.context import FileContext
from perflint.fixes.transforms.missing_timeout import MissingTimeoutFix
from perflint.knowledge.http import (
    CONNECTS_WITH_HOST,
    MOUNT_ADAPTER,
    PLAIN_ADAPTERS,
    POOL_TYPES,
    REQUEST,
    TIMEOUT_DEFAULT,
    TIMEOUT_OBJECTS,
    TIMEOUT_POSITION,
    TIMEOUT_REQUIRED,
    TIMEOUT_WRAPPER,
)
from perflint.nodes import argument, is_name
from perflint.roles import APP, TEST
from perflint.rule import Rule
from perflint.rules._calls import describe_call
from perflint.rules._urls import local_url_schemes
from perflint.rules.network._keywords import keyword_names


class MissingTimeout(Rule):
    """A network call that can wait forever on a peer that stops answering."""

    code = "PFL401"
    name = "missing-timeout"
    impact = "high"
    applies_to = frozenset({APP, TEST})  # a hang or a stalled loop hurts a test run too
    fix = MissingTimeoutFix()
    summary = (
        "a network call that can hang forever: no timeout where the library has no default "
        "(requests, urllib, socket, ...), or the timeout disabled (httpx, aiohttp)"
    )
    message = (
        "{callee} has no timeout and {library} waits forever by default: a stalled server "
        "hangs this call (and whatever waits on it) forever; pass `timeout=` (e.g. `timeout=10`)"
    )
    variants = {
        "disabled": (
            "{callee} disables the timeout (`timeout={value}`): a stalled server hangs this "
            "call forever; pass a finite timeout (e.g. `timeout=10`)"
        ),
    }
    INVALID = (
        dedent("""\
            import requests
            def fetch(url):
                return requests.get(url).json()
        """),
        dedent("""\
            import httpx
            client = httpx.Client(timeout=None)
        """),
        dedent("""\
            import urllib.request
            def ping(url):
                return urllib.request.urlopen(url).status
        """),
    )
    VALID = (
        dedent("""\
            import requests
            def fetch(url):
                return requests.get(url, timeout=10).json()
        """),
        dedent("""\
            import httpx
            def fetch(url):
                return httpx.get(url).json()
        """),
        dedent("""\
            import requests
            def fetch(url, **kwargs):
                return requests.get(url, **kwargs)
        """),
        dedent("""\
            from urllib.request import urlopen
            def pixel():
                return urlopen("data:image/gif;base64,R0lGODlhAQABAAAAACw=").read()
        """),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._configured: set[int] = set()  # binding nodes of sessions with a default timeout
        # Functions of the file that give a session a default timeout: what they return or
        # yield may be configured.
        self._configuring: set[int] = set()
        # Pools built without a timeout, reported at the end unless every request made with
        # them passes its own: key (the binding statement, or the call) -> (call, params).
        self._bare_pools: dict[int, tuple[cst.Call, dict[str, str]]] = {}
        self._pool_requests: dict[int, list[bool]] = {}  # key -> does each pass a timeout?

    def _mark_configured(self, expr: cst.BaseExpression) -> None:
        binding = self.ctx.binding_of(expr)
        if binding is not None and binding.node is not None:
            self._configured.add(id(binding.node))
        function = self.ctx.function()
        if function is not None:
            self._configuring.add(id(function))

    def visit_Assign(self, node: cst.Assign) -> None:
        # ``session.request = functools.partial(session.request, timeout=5)``
        for target in node.targets:
            attribute = target.target
            if not isinstance(attribute, cst.Attribute):
                continue
            owner = self.ctx.type_of(attribute.value)
            if owner and self.ctx.knowledge.has_effect(f"{owner}.{attribute.attr.value}", REQUEST):
                self._mark_configured(attribute.value)

    def visit_Call(self, node: cst.Call) -> None:
        callee = self.ctx.callee(node)
        if callee is None:
            return
        effects = self.ctx.knowledge.effects_of(callee)
        if TIMEOUT_WRAPPER in effects:
            self._wrapper(node)
            return
        if MOUNT_ADAPTER in effects:
            self._mount(node)
            return
        required = TIMEOUT_REQUIRED in effects
        if not required and TIMEOUT_DEFAULT not in effects:
            if REQUEST in effects:
                self._pool_request(node, callee)
            return
        if any(arg.star for arg in node.args):
            keywords = keyword_names(self.ctx, node)
            if keywords is None or "timeout" in keywords:
                return  # a pass-through (the caller decides), or a timeout in the dict
        if local_url_schemes(self.ctx, node, callee) is not None:
            return  # a ``data:`` or ``file:`` URL: no connection to wait on
        self._check_timeout(node, callee, required)

    def _check_timeout(self, node: cst.Call, callee: str, required: bool) -> None:
        """A disabled timeout, or none where the library has no default."""
        timeout = argument(node, "timeout", TIMEOUT_POSITION.get(callee))
        if timeout is not None:
            if self._disabled(timeout.value):
                self.report(
                    node,
                    variant="disabled",
                    callee=describe_call(self.ctx, node, callee),
                    value=self.ctx.code_for(timeout.value),
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
        params = {"callee": describe_call(self.ctx, node, callee), "library": library}
        if self.ctx.knowledge.return_type(callee) in POOL_TYPES:
            self._bare_pools[self._pool_key(node, self.ctx.parent())] = (node, params)
            return
        self.report(node, **params)

    def _pool_request(self, node: cst.Call, callee: str) -> None:
        """A request made with a pool: it may pass its own timeout, or disable it."""
        receiver = node.func.value if isinstance(node.func, cst.Attribute) else None
        if receiver is None or self.ctx.type_of(receiver) not in POOL_TYPES:
            return
        timeout = argument(node, "timeout", None)
        if timeout is not None and self._disabled(timeout.value):
            value = self.ctx.code_for(timeout.value)
            callee_text = describe_call(self.ctx, node, callee)
            self.report(node, variant="disabled", callee=callee_text, value=value)
        key = self._receiver_pool(receiver)
        if key is not None:
            passed = timeout is not None or any(arg.star for arg in node.args)
            self._pool_requests.setdefault(key, []).append(passed)

    def _receiver_pool(self, receiver: cst.BaseExpression) -> int | None:
        """The key of the pool construction a request's receiver is: the call itself
        (``PoolManager().request()``) or the statement that bound the name to it."""
        if isinstance(receiver, cst.Call):
            return id(receiver)
        binding = self.ctx.binding_of(receiver)
        return id(binding.node) if binding is not None and binding.node is not None else None

    @staticmethod
    def _pool_key(call: cst.Call, parent: cst.CSTNode | None) -> int:
        """A pool bound by ``p = ...``, ``p: T = ...`` or ``with ... as p`` is known by that
        statement (the binding's node); any other by the call."""
        if isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is call:
            return id(parent)
        if isinstance(parent, cst.WithItem) and parent.item is call:
            return id(parent)
        return id(call)

    def finish(self) -> None:
        for key, (call, params) in self._bare_pools.items():
            requests = self._pool_requests.get(key)
            if requests and all(requests):
                continue  # every request made with it passes its own timeout
            self.report(call, **params)

    def _wrapper(self, node: cst.Call) -> None:
        """``install_timeouts(session)``, or ``session: Session = make_session()``."""
        for arg in node.args:
            self._mark_configured(arg.value)
        parent = self.ctx.parent()
        if isinstance(parent, (cst.Assign, cst.AnnAssign, cst.WithItem)):
            self._configured.add(id(parent))  # the binding this statement creates

    def _receiver_configured(self, receiver: cst.BaseExpression) -> bool:
        """Configured here, or made by a function of the file that configures sessions
        (``make_session().get(...)``, ``with session_scope() as s``)."""
        binding = self.ctx.binding_of(receiver)
        if binding is not None and id(binding.node) in self._configured:
            return True
        made_by = receiver
        if binding is not None and isinstance(binding.node, cst.Assign):
            made_by = binding.node.value
        elif binding is not None and isinstance(binding.node, cst.WithItem):
            made_by = binding.node.item
        if not isinstance(made_by, cst.Call):
            return False
        function = self.ctx.binding_of(made_by.func)
        return function is not None and id(function.node) in self._configuring

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
