"""PFL510 readlines-iteration: ``for line in f.readlines()`` or ``f.read().splitlines()``
to iterate a file."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from perflint.fixes.transforms.readlines_iteration import ReadlinesIterationFix
from perflint.rule import Rule

_MAX_FILE_CODE = 30


def _read_call_receiver(expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """``f`` of ``f.read()``, else None."""
    if (
        isinstance(expr, cst.Call)
        and not expr.args
        and isinstance(expr.func, cst.Attribute)
        and expr.func.attr.value == "read"
    ):
        return expr.func.value
    return None


class ReadlinesIteration(Rule):
    """Reads a whole file into a list of lines only to loop over them."""

    code = "PFL510"
    name = "readlines-iteration"
    impact = "low"
    fix = ReadlinesIterationFix()
    summary = "`for line in f.readlines()` / `f.read().splitlines()`: iterate the file object"
    message = (
        "`{file}.readlines()` reads the whole file into memory before the first line: "
        "iterate the file object, `for line in {file}:`"
    )
    variants = {
        "splitlines": (
            "`{file}.read().splitlines()` reads the whole file into memory before the first "
            'line: iterate the file object, `for line in {file}:` (each line keeps its "\\n": '
            '`line.rstrip("\\n")`)'
        ),
    }
    INVALID = (
        dedent("""\
            with open('access.log') as log:
                for line in log.readlines():
                    print(line)
        """),
        dedent("""\
            with open('access.log') as log:
                for line in log.read().splitlines():
                    print(line)
        """),
    )
    VALID = (
        dedent("""\
            with open('access.log') as log:
                for line in log:
                    print(line)
        """),
        dedent("""\
            with open('access.log') as log:
                lines = log.readlines()
        """),
        dedent("""\
            for line in text.splitlines():
                print(line)
        """),
    )

    def visit_For(self, node: cst.For) -> None:
        self._check(node.iter)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._check(node.iter)

    def _check(self, iterable: cst.BaseExpression) -> None:
        if not isinstance(iterable, cst.Call) or iterable.args:
            return
        func = iterable.func
        if not isinstance(func, cst.Attribute):
            return
        variant = "main"
        receiver: cst.BaseExpression | None = func.value
        if func.attr.value == "splitlines":
            receiver = _read_call_receiver(func.value)
            if receiver is None:
                return
            variant = "splitlines"
        elif func.attr.value != "readlines":
            return
        if not self.ctx.knowledge.is_a(self.ctx.type_of(receiver), "io.IOBase"):
            return
        file_code = self.ctx.code_for(receiver)
        if len(file_code) > _MAX_FILE_CODE:
            file_code = "f"
        self.report(iterable, variant=variant, file=file_code)
