"""Walk hooks that keep the resolver's scopes and bindings current.

The engine runs these visit hooks before the rules' and these leave hooks after them,
so while a rule looks at an assignment the target still has its old binding, and a
rule leaving a function still sees the function's scope.
"""

from __future__ import annotations

import libcst as cst

from perflint.context import FileContext
from perflint.nodes import dotted_name
from perflint.resolve import Binding, Resolver

_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def _is_staticmethod(node: cst.FunctionDef) -> bool:
    return any(dotted_name(d.decorator) == "staticmethod" for d in node.decorators)


class ScopeTracker:
    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.resolver: Resolver = ctx.resolver

    def _loops(self) -> tuple[cst.CSTNode, ...]:
        return tuple(self.ctx.loops())

    # ----- imports ------------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted_name(alias.name)
            if alias.asname is not None:
                self.resolver.bind(dotted_name(alias.asname.name), Binding(full, node=node))
            else:
                top = full.split(".", 1)[0]
                self.resolver.bind(top, Binding(top, node=node))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        module = "." * len(node.relative) + (dotted_name(node.module) if node.module else "")
        for alias in node.names:
            name = dotted_name(alias.name)
            local = dotted_name(alias.asname.name) if alias.asname is not None else name
            qualname = f"{module}.{name}" if not module.endswith(".") else f"{module}{name}"
            self.resolver.bind(local, Binding(qualname, node=node))

    # ----- definitions and scopes ---------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        enclosing = self.resolver.scope
        returns, enters = self.resolver.function_types(node)
        held = returns if self.resolver.is_property(node) else None  # ``self.name`` holds it
        binding = Binding(type=held, node=node, returns=returns, enters=enters)
        self.resolver.bind(node.name.value, binding)
        scope = self.resolver.push("function", node, node.name.value)
        params = node.params
        positional = [*params.posonly_params, *params.params]
        if enclosing.kind == "class" and positional and not _is_staticmethod(node):
            scope.self_name = positional[0].name.value
            scope.owner_class = enclosing
        for param in (
            *positional,
            *params.kwonly_params,
            *(p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)),
        ):
            if param.annotation is not None:
                self.resolver.bind_annotation(param.name.value, param.annotation.annotation, param)
            else:
                self.resolver.bind(param.name.value, Binding(node=param))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        scope = self.resolver.scope
        binding = scope.parent.names.get(node.name.value) if scope.parent else None
        annotated = binding is None or binding.returns or binding.enters
        if not annotated and binding.node is node:
            binding.returns = self.resolver.inferred_return(scope)
            if self.resolver.is_property(node):
                binding.type = binding.returns
        self.resolver.pop()

    def visit_Return(self, node: cst.Return) -> None:
        scope = self.resolver.function_scope()
        if scope is not None:
            value = node.value
            scope.return_types.add(self.resolver.type_of(value) if value is not None else None)

    def visit_Yield(self, node: cst.Yield) -> None:
        scope = self.resolver.function_scope()
        if scope is not None:
            scope.generator = True

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.resolver.push("lambda", node)
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            self.resolver.bind(param.name.value, Binding(node=param))

    def leave_Lambda(self, node: cst.Lambda) -> None:
        self.resolver.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.resolver.bind(node.name.value, Binding(node=node))
        self.resolver.push("class", node, node.name.value)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.resolver.pop()

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self.resolver.push("comprehension", node)
        # The element is written (and walked) before its ``for`` clauses: bind their
        # targets now so that the element sees them.
        comp_for = node.for_in
        while comp_for is not None:
            self.resolver.bind_target(comp_for.target, Binding(node=comp_for))
            comp_for = comp_for.inner_for_in

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

    def leave_ListComp(self, node: cst.ListComp) -> None:
        self.resolver.pop()

    leave_SetComp = leave_DictComp = leave_GeneratorExp = leave_ListComp

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self.resolver.bind_target(node.target, Binding(node=node))

    # ----- bindings -----------------------------------------------------------------
    def leave_Assign(self, node: cst.Assign) -> None:
        loops = self._loops()
        for target in node.targets:
            self.resolver.bind_value(target.target, node.value, node, loops)

    def leave_AnnAssign(self, node: cst.AnnAssign) -> None:
        loops = self._loops()
        annotated = self.resolver.annotation_type(node.annotation.annotation)
        value_type = self.resolver.type_of(node.value) if node.value is not None else None
        binding = Binding(type=annotated or value_type, node=node, loops=loops)
        self.resolver.bind_target(node.target, binding)

    def leave_AugAssign(self, node: cst.AugAssign) -> None:
        # ``s += x`` keeps what ``s`` is and where it was bound: an accumulator stays one.
        if self.resolver.binding_of(node.target) is None:
            self.resolver.bind_target(node.target, Binding(node=node, loops=self._loops()))

    def leave_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.resolver.bind_value(node.target, node.value, node, self._loops())

    def visit_For(self, node: cst.For) -> None:
        self.resolver.bind_target(node.target, Binding(node=node, loops=self._loops()))

    def leave_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            item = node.item
            entered = self.resolver.with_type(item)
            binding = Binding(self.resolver.entity(item), entered, node, self._loops())
            self.resolver.bind_target(node.asname.name, binding)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self.resolver.bind_target(node.name.name, Binding(node=node))
