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
        self.report(node, callee=describe_call(self.ctx, node, callee), library=library)

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
