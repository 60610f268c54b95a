"""The code layout CONTRIBUTING.md promises: dependencies point one way, modules stay small,
each rule lives in one file of its family."""

from __future__ import annotations

import ast
import re

import pytest
from support import ROOT

from perflint.registry import all_rules

PACKAGE = ROOT / "perflint"
MAX_LINES = 450


def _module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    """perflint modules that module `name` imports, at any level of its code."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    # a package's own submodules are its parts, not a dependency back
    return {m for m in found if m in MODULES and m != name and not m.startswith(f"{name}.")}


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    pending = [(start, [start])]
    seen = set()
    while pending:
        current, path = pending.pop()
        for target in graph[current]:
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                pending.append((target, [*path, target]))
    return None


def test_no_module_imports_one_that_imports_it_back():
    graph = {name: _imports(name) for name in MODULES}
    cycles = [cycle for name in MODULES if (cycle := _cycle_from(name, graph))]
    assert not cycles, " -> ".join(cycles[0])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name}: {lines} lines"


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_each_rule_is_defined_in_one_file_of_its_family(code):
    rule = all_rules()[code]
    path = MODULES[rule.__module__]
    assert re.fullmatch(r"perflint\.rules\.[a-z]+\.[a-z_]+", rule.__module__)
    assert path.stem == rule.name.replace("-", "_")
    mentions = [
        m for m, p in MODULES.items() if m.startswith("perflint.rules") and code in p.read_text()
    ]
    assert mentions == [rule.__module__]
    assert path.read_text(encoding="utf-8").startswith(f'"""{code} {rule.name}: ')


def test_every_public_knowledge_constant_is_listed_in_the_package_docstring():
    import importlib
    import pkgutil

    import perflint.knowledge as package

    missing = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"perflint.knowledge.{info.name}")
        kinds = module.TABLES.kinds
        for name, value in vars(module).items():
            is_kind = isinstance(value, str) and value in kinds
            public = name.isupper() and not name.startswith("_") and name != "TABLES"
            if public and not is_kind and f"``{info.name}.{name}``" not in package.__doc__:
                missing.append(f"{info.name}.{name}")
    assert not missing, f"not described in perflint/knowledge/__init__.py: {missing}"


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_every_rule_class_has_a_docstring(code):
    assert (all_rules()[code].__doc__ or "").strip()
