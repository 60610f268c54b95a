"""PFL504 regex-compile-in-loop: ``re.compile(<constant>)`` on every pass of a hot loop."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.fixes.transforms.regex_compile_in_loop import RegexCompileFix
from perflint.knowledge.pytypes import REGEX_COMPILE
from perflint.nodes import string_constant
from perflint.rule import Rule


class RegexCompileInLoop(Rule):
    """Looks a constant regular expression up in ``re``'s cache on every iteration.

    ``re`` caches compiled patterns (512 on CPython 3.11), so a call per function call
    costs one cache lookup (~0.3 us): noise for a function, and not reported. Per
    iteration of a hot loop the lookup costs about as much as matching a short line.
    """

    code = "PFL504"
    name = "regex-compile-in-loop"
    impact = "low"
    preview = (
        "fires nothing on real code after the fixes (round after); before them 0 of 11 judged "
        "findings were worth acting on: `re` caches compiled patterns"
    )
    fix = RegexCompileFix()
    summary = "`re.compile(<constant>)` on every pass of a hot loop: compile it once, before it"
    message = (
        "`{call}(...)` looks a constant pattern up in the regex cache on every iteration "
        "(~0.3 us each, about as long as matching a short line): compile it once before "
        "the loop or at module level (`PATTERN = {call}(...)`) and reuse it"
    )
    INVALID = (
        dedent("""\
            import re
            for line in lines:
                if re.compile(r'^ERROR').match(line):
                    print(line)
        """),
        dedent("""\
            import re
            def levels(lines):
                return [re.compile(r'^(\\w+):').match(line) for line in lines]
        """),
    )
    VALID = (
        dedent("""\
            import re
            EMAIL = re.compile(r'[^@]+@[^@]+')
            def is_email(text):
                return EMAIL.fullmatch(text)
        """),
        dedent("""\
            import re
            def is_email(text):
                return re.compile(r'[^@]+@[^@]+').fullmatch(text)
        """),
        dedent("""\
            import re
            for word in words:
                pattern = re.compile(re.escape(word))
        """),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if not node.args or not string_constant(node.args[0].value):
            return
        callee = self.ctx.callee(node)
        if not self.ctx.knowledge.has_effect(callee, REGEX_COMPILE):
            return
        if not all(self._constant_flags(arg.value) for arg in node.args[1:]):
            return
        if self.ctx.hot_loop() is not None:
            self.report(node, call=self.ctx.code_for(node.func))

    def _constant_flags(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Integer):
            return True
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            return self._constant_flags(node.left) and self._constant_flags(node.right)
        if isinstance(node, cst.Attribute):
            qualname = self.ctx.qualified_name(node)
            return qualname is not None and qualname.rpartition(".")[2].isupper()
        return False
