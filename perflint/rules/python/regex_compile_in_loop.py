"""PFL504 regex-compile-in-loop: ``re.compile(<constant>)`` in a loop or a function body
that runs per call."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.fixes.transforms.regex_compile_in_loop import RegexCompileFix
from perflint.knowledge.pytypes import MEMOIZE, REGEX_COMPILE
from perflint.nodes import string_constant
from perflint.rule import Rule


class RegexCompileInLoop(Rule):
    """Compiles a constant regular expression on every iteration or every call."""

    code = "PFL504"
    name = "regex-compile-in-loop"
    impact = "low"
    fix = RegexCompileFix()
    summary = "`re.compile(<constant>)` in a loop or a function body: compile once at module level"
    message = (
        "`{call}(...)` compiles a constant pattern on every iteration: compile it once at "
        "module level (`PATTERN = {call}(...)`) and reuse it"
    )
    variants = {
        "per_call": (
            "`{call}(...)` compiles a constant pattern on every call of `{function}()`: compile "
            "it once at module level (`PATTERN = {call}(...)`) and reuse it"
        ),
    }
    INVALID = (
        dedent("""\
            import re
            for line in lines:
                if re.compile(r'^ERROR').match(line):
                    print(line)
        """),
        dedent("""\
            import re
            def is_email(text):
                return re.compile(r'[^@]+@[^@]+').fullmatch(text)
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
            def matcher(pattern):
                return re.compile(pattern)
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
        call = self.ctx.code_for(node.func)
        if self.ctx.loops():
            self.report(node, call=call)
            return
        function = self.ctx.function()
        if function is None or self._memoized(function):
            return
        self.report(node, variant="per_call", call=call, function=function.name.value)

    def _constant_flags(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Integer):
            return True
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            return self._constant_flags(node.left) and self._constant_flags(node.right)
        if isinstance(node, cst.Attribute):
            qualname = self.ctx.qualified_name(node)
            return qualname is not None and qualname.rpartition(".")[2].isupper()
        return False

    def _memoized(self, function: cst.FunctionDef) -> bool:
        for decorator in function.decorators:
            expr = decorator.decorator
            expr = expr.func if isinstance(expr, cst.Call) else expr
            if self.ctx.knowledge.has_effect(self.ctx.qualified_name(expr), MEMOIZE):
                return True
        return False
