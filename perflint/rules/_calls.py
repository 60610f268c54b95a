"""Small helpers the async and network rules share for reading and naming calls."""

from __future__ import annotations

import libcst as cst


def describe_call(qualname: str, written: str) -> str:
    """The call as written, with what it resolved to when that is not obvious:
    ``requests.get()``, ``self.session.get()`` (``requests.Session.get``)."""
    name = qualname.removeprefix("builtins.")
    return f"`{written}()`" if written == name else f"`{written}()` (`{name}`)"


def argument(call: cst.Call, keyword: str, index: int | None) -> cst.Arg | None:
    """The argument passed as `keyword`, or positionally at `index` (when given)."""
    for position, arg in enumerate(call.args):
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return arg
        elif not arg.star and position == index:
            return arg
    return None
