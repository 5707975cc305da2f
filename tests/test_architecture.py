"""The package's layout is a contract: each stage imports only what the stage below it offers.

Read from the source (every import, also those inside functions; not those under
`if TYPE_CHECKING:`, which never run), so a rule cannot be dodged by importing late.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import pytest_jsgrade

PACKAGE = Path(pytest_jsgrade.__file__).parent
ROOT = "pytest_jsgrade"
MAX_MODULE_LINES = 400
# What the other stages may use of the sandbox: the protocol, and the pool that speaks it. The
# rest of sandbox/ imports QuickJS, which must never load into pytest's process.
SANDBOX_PUBLIC = {f"{ROOT}.sandbox", f"{ROOT}.sandbox.protocol", f"{ROOT}.sandbox.pool"}
THIRD_PARTY_OF = {
    "sandbox": {"quickjs", "_quickjs"},
    "spec": {"yaml", "jsonschema", "regex"},  # regex: a spec's patterns, with a time limit (grading/matching.py)
    "grading": {"regex"},
    "source": {"tree_sitter", "tree_sitter_typescript", "tree_sitter_javascript"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except those under `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


@cache
def imports_of(name: str) -> frozenset[str]:
    """The modules `name` imports: package modules by full name, others by their top-level name."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:  # `from . import x` may import a module x
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    resolved = set()
    for target in found:
        if target.startswith(ROOT):
            while target not in MODULES:  # `from .x import Name`: the module is x
                target = target.rpartition(".")[0]
            resolved.add(target)
        else:
            resolved.add(target.split(".")[0])
    resolved.discard(name)
    return frozenset(resolved)


@cache
def closure(name: str) -> frozenset[str]:
    """Everything importing `name` loads, its packages' __init__ modules included."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in MODULES:
            todo.extend(imports_of(current))
            parent = current.rpartition(".")[0]
            if parent:
                todo.append(parent)
    return frozenset(seen)


def stage(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and MODULES[name].name == "__init__.py") else "top"


def in_stage(name: str) -> list[str]:
    return [m for m in MODULES if stage(m) == name]


def is_stdlib(top: str) -> bool:
    return top in sys.stdlib_module_names or top == "__future__"


@pytest.mark.parametrize("name", in_stage("sandbox"))
def test_the_sandbox_imports_nothing_but_itself_the_standard_library_and_quickjs(name: str) -> None:
    for target in imports_of(name):
        assert target.startswith(f"{ROOT}.sandbox") or is_stdlib(target) or target in THIRD_PARTY_OF["sandbox"], (name, target)


@pytest.mark.parametrize("name", in_stage("spec"))
def test_specs_import_no_other_stage(name: str) -> None:
    for target in imports_of(name):
        assert target.startswith(f"{ROOT}.spec") or is_stdlib(target) or target in THIRD_PARTY_OF["spec"], (name, target)


@pytest.mark.parametrize("name", in_stage("source"))
def test_reading_submissions_uses_the_sandbox_protocol_and_its_parsers_only(name: str) -> None:
    """source/ reads files and rewrites their text; it knows nothing of specs, grading or reports."""
    for target in imports_of(name):
        allowed = target.startswith(f"{ROOT}.source") or target in SANDBOX_PUBLIC or target in THIRD_PARTY_OF["source"]
        assert allowed or is_stdlib(target), (name, target)


@pytest.mark.parametrize("name", in_stage("grading"))
def test_grading_uses_specs_and_the_sandbox_protocol_only(name: str) -> None:
    for target in imports_of(name):
        allowed = target.startswith((f"{ROOT}.grading", f"{ROOT}.spec", f"{ROOT}.source")) or target in SANDBOX_PUBLIC
        assert allowed or is_stdlib(target) or target in THIRD_PARTY_OF["grading"], (name, target)


@pytest.mark.parametrize("name", in_stage("reports"))
def test_reports_never_load_the_sandbox(name: str) -> None:
    loaded = closure(name)
    assert not {m for m in loaded if m.startswith(f"{ROOT}.sandbox")}, name
    assert not {m for m in loaded if m in MODULES and stage(m) == "top" and m != ROOT}, f"{name} imports a module above its stage"


@pytest.mark.parametrize("name", in_stage("bulk"))
def test_bulk_grading_uses_the_stages_below_it_and_never_pytest(name: str) -> None:
    """`jsgrade grade` grades through grading/ and writes through reports/, like the plugin, but
    is not a pytest session: nothing of the plugin's (items, hooks, session) is in it."""
    below = (f"{ROOT}.bulk", f"{ROOT}.grading", f"{ROOT}.reports", f"{ROOT}.spec", f"{ROOT}.source")
    for target in imports_of(name):
        allowed = target.startswith(below) or target in SANDBOX_PUBLIC or target == ROOT or target in {"yaml"}
        assert allowed or is_stdlib(target), (name, target)
    assert not {m for m in closure(name) if m in MODULES and stage(m) == "top" and m != ROOT}, name


@pytest.mark.parametrize("name", [m for m in MODULES if stage(m) != "sandbox"])
def test_outside_the_sandbox_only_its_protocol_and_pool_are_used(name: str) -> None:
    for target in imports_of(name):
        assert not target.startswith(f"{ROOT}.sandbox") or target in SANDBOX_PUBLIC, (name, target)


@pytest.mark.parametrize("name", ["pytest_jsgrade.plugin", "pytest_jsgrade.cli", "pytest_jsgrade.playground.server"])
def test_front_ends_never_load_the_engine(name: str) -> None:
    assert not closure(name) & {"quickjs", "_quickjs"}, name


def cycles_in(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components: those of more than one module are import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return cycles


def test_no_import_cycles() -> None:
    assert cycles_in({name: imports_of(name) for name in MODULES}) == []


def test_the_cycle_finder_finds_a_cycle_through_three_modules() -> None:
    graph = {"a": frozenset({"b"}), "b": frozenset({"c", "json"}), "c": frozenset({"a"}), "d": frozenset({"a"})}
    assert cycles_in(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", list(MODULES))
def test_modules_stay_small(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines; split it by what its parts are for"


def test_the_rules_see_imports_inside_functions_and_skip_type_checking_blocks(tmp_path: Path) -> None:
    """The reader itself: an import inside a function counts, one under TYPE_CHECKING does not."""
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import yaml\ndef f():\n    import jsonschema\n"
    found = {n.names[0].name for n in _runtime_nodes(ast.parse(source)) if isinstance(n, ast.Import)}
    assert found == {"jsonschema"}
    assert f"{ROOT}.sandbox.protocol" in imports_of(f"{ROOT}.sandbox.pool")
    assert f"{ROOT}.grading.verdict" in closure(f"{ROOT}.reports.ledger")
