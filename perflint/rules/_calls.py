"""How findings of several families name a call."""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext


def describe_call(ctx: FileContext, call: cst.Call, qualname: str) -> str:
    """The call as written, with what it resolved to when that is not obvious:
    ``requests.get()``, ``self.session.get()`` (``requests.Session.get``)."""
    written = ctx.code_for(call.func)
    name = qualname.removeprefix("builtins.")
    return f"`{written}()`" if written == name else f"`{written}()` (`{name}`)"
