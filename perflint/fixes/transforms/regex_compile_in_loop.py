"""``re.compile(<constant>)`` in a hot loop -> a module-level constant, defined
after the imports under a name unique in the file (``<FUNCTION>_PATTERN``), and used there.

Safe when it is ``re.compile`` and the pattern compiles: compiling a valid constant pattern
has no other effect, so doing it once at import changes nothing else. Unsafe otherwise (a
pattern that does not compile now fails when the module is imported, not when it is used).
"""

from __future__ import annotations

import ast
import operator
import re
from functools import reduce

import libcst as cst

from perflint.fixes.base import SAFE, Addition, Edit, Fix, FixSite
from perflint.nodes import variables_read


class RegexCompileFix(Fix):
    safety = {"main": SAFE}

    def rewrite(self, site: FixSite) -> Edit | None:
        node = site.node
        if not isinstance(node, cst.Call) or not self._names_at_module_level(site, node):
            return None
        call = node.with_changes(lpar=[], rpar=[])
        key = site.ctx.code_for(call)
        function = site.ctx.function()
        stem = function.name.value.strip("_").upper() if function is not None else ""
        name = site.names.claim(key, f"{stem}_PATTERN" if stem else "PATTERN")
        statement = cst.SimpleStatementLine(
            body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(name))], value=call)]
        )
        addition = Addition(key, statement, False, site.top_statement())
        use = cst.Name(name, lpar=node.lpar, rpar=node.rpar)
        safe = self._compiles(site, node)
        return Edit(((node, use),), f"Compile once, as `{name}`", (addition,), safe=safe)

    def _names_at_module_level(self, site: FixSite, node: cst.Call) -> bool:
        """Is every name the call reads an import at the top of the module, before here?"""
        module_scope = site.ctx.resolver.module_scope
        top_imports = {
            id(small)
            for statement in site.ctx.module.body
            if isinstance(statement, cst.SimpleStatementLine)
            for small in statement.body
            if isinstance(small, (cst.Import, cst.ImportFrom))
        }
        read = [
            *variables_read(node.func),
            *(n for arg in node.args for n in variables_read(arg.value)),
        ]
        for name in read:
            binding = site.ctx.lookup(name.value)
            if binding is None or module_scope.names.get(name.value) is not binding:
                return False
            if id(binding.node) not in top_imports:
                return False
        return True

    def _compiles(self, site: FixSite, node: cst.Call) -> bool:
        if site.ctx.callee(node) != "re.compile":
            return False
        try:
            pattern = ast.literal_eval(f"({site.ctx.code_for(node.args[0].value)})")
            flags = [self._flag(site, arg.value) for arg in node.args[1:]]
            re.compile(pattern, reduce(operator.or_, flags, 0))
        except (ValueError, SyntaxError, TypeError, re.error):
            return False
        return True

    def _flag(self, site: FixSite, node: cst.BaseExpression) -> int:
        if isinstance(node, cst.Integer):
            return int(node.evaluated_value)
        if isinstance(node, cst.BinaryOperation):
            return self._flag(site, node.left) | self._flag(site, node.right)
        qualname = site.ctx.qualified_name(node) or ""
        module, _, flag = qualname.rpartition(".")
        if module != "re" or not isinstance(getattr(re, flag, None), int):
            raise ValueError(qualname)
        return int(getattr(re, flag))
