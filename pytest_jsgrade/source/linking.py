"""ES modules that import each other, linked as Node links them, inside the submission.

The engine's binding evaluates every module under one name and cannot load another, so a
submission of several modules is linked here: each module (source/modules.py reads it) becomes a
*registration script* for the sandbox's registry (sandbox/js/lib/modules.js), which evaluates the
modules in Node's order, dependencies first, each once:

    __jsgrade.define("lib/util.js", ["a.js"], 0, function* (__jsgrade_m) { "use strict"; <link>; yield; <imports>
    <the module's own lines, imports blanked>
    })

The first line is the grader's and the last too: the sandbox evaluates the script one line
before the lines planned for the file (sandbox/run.py), so the student's lines are exactly theirs,
and so are the columns, but where a replacement is longer than what it replaces (a live import,
import()): the script's shifts tell the sandbox where (sandbox/errors.py). The generator's first
step defines the namespace's getters (a cycle then sees the other module's hoisted functions, as
in Node); the rest runs the module. A top-level `await x` becomes `(yield x)`, which the registry
resumes as `await` would (so even a module with top-level await has its namespace before any
module runs); only a top-level `for await` keeps an async function. An imported binding is bound
once, after the exporter has run, unless the exporter may change it (`export let`, `var`) or the
two modules are in a cycle: then every reference reads the exporter's namespace (a live binding),
unless the importer declares the same name somewhere, where the snapshot stays
(docs/node-differences.md).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .edits import Edit, Shift, apply_edits
from .modules import Module
from .resolve import LinkError

IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")
MAX_STEPS = 200_000  # export-name resolutions, against a submission built to make linking slow
AMBIGUOUS = ("", "", False)  # resolve_export: two `export *` give one name different bindings
# How a module runs (sandbox/js/lib/modules.js): a generator whose first step defines its namespace;
# the same with each top-level `await x` made `(yield x)`, driven as an async function would be; an
# async function, for a top-level `for await`, whose namespace exists only once it starts.
GENERATOR, GENERATOR_AWAITS, ASYNC_FUNCTION = 0, 1, 2
CIRCULAR = ("", "*", False)  # resolve_export: named re-exports that lead back to themselves
Origin = tuple[str, str, bool]  # (module path, local name or "*", may change after it is first set)


def handle_prefix(text: str) -> str:
    """The prefix of the grader's names in a module: `__jsgrade_`, unless the student's text has it."""
    prefix, number = "__jsgrade_", 0
    while prefix in text:
        prefix, number = f"__jsgrade{number}_", number + 1
    return prefix


def member(name: str) -> str:
    return "." + name if IDENTIFIER.match(name) else "[" + json.dumps(name) + "]"


class Graph:
    """The modules reachable from the entry files, with Node's link-time checks."""

    def __init__(self, modules: dict[str, Module]) -> None:
        self.modules = modules
        self.component, self.order = _components(modules)
        sizes: dict[int, int] = {}
        for number in self.component.values():
            sizes[number] = sizes.get(number, 0) + 1
        self.cyclic = {path for path, number in self.component.items() if sizes[number] > 1 or path in modules[path].deps}
        self._resolved: dict[tuple[str, str], Origin | None] = {}
        self._names: dict[str, list[str]] = {}
        self._steps = 0
        for path in self.order:  # dependencies first: what a module asks of its dependencies is known by then
            for name in self.export_names(path):
                self.resolve_export(path, name)

    def _step(self, path: str) -> None:
        self._steps += 1
        if self._steps > MAX_STEPS:
            raise LinkError(path, 1, 1, "the modules re-export each other's names too many times to be linked")

    def export_names(self, path: str, visiting: frozenset[str] = frozenset()) -> list[str]:
        """Every name a module exports (ECMAScript's GetExportedNames), sorted as a namespace lists them."""
        cached = self._names.get(path)
        if cached is not None:
            return cached
        self._step(path)
        module = self.modules[path]
        names = set(module.exports) | set(module.reexports)
        if path not in visiting:
            for dep in module.stars:
                names |= {n for n in self.export_names(module.deps[dep], visiting | {path}) if n != "default"}
        ordered = sorted(names, key=lambda n: n.encode("utf-16-be", "surrogatepass"))
        if not visiting or path not in self.cyclic:
            self._names[path] = ordered
        return ordered

    def resolve_export(self, path: str, name: str, visiting: frozenset[tuple[str, str]] = frozenset()) -> Origin | None:
        """Where an exported name's binding lives (ECMAScript's ResolveExport); None when there is none."""
        key = (path, name)
        if key in self._resolved:
            return self._resolved[key]
        if key in visiting:
            return CIRCULAR  # a circular re-export (ECMAScript's null; V8 words it apart)
        self._step(path)
        module, visiting = self.modules[path], visiting | {key}
        found: Origin | None = None
        if name in module.exports:
            local = module.exports[name][0]
            found = self._local_origin(module, local, visiting)
        elif name in module.reexports:
            dep, imported = module.reexports[name][:2]
            target = module.deps[dep]
            found = (target, "*", False) if imported == "*" else self.resolve_export(target, imported, visiting)
        elif name != "default":
            for dep in module.stars:
                origin = self.resolve_export(module.deps[dep], name, visiting)
                if origin is CIRCULAR:
                    continue  # a star that leads back adds nothing
                if origin is AMBIGUOUS:
                    found = AMBIGUOUS
                    break
                if origin is not None:
                    if found is not None and found[:2] != origin[:2]:
                        found = AMBIGUOUS
                        break
                    found = origin
        if len(visiting) == 1 or path not in self.cyclic:
            self._resolved[key] = found
        return found

    def _local_origin(self, module: Module, local: str, visiting: frozenset[tuple[str, str]]) -> Origin | None:
        if local == "":  # export default <expression>
            return (module.path, "default", False)
        binding = module.by_local.get(local)
        if binding is not None:  # export { x } of an imported x
            target = module.deps[binding.dep]
            return (target, "*", False) if binding.imported == "*" else self.resolve_export(target, binding.imported, visiting)
        return (module.path, local, local in module.mutable)

    def check(self, module: Module) -> set[str]:
        """Node's link errors in a module (a missing or ambiguous export); the names of imports
        that are live. A TypeScript module's import of a name never used as a value is dropped,
        as TypeScript drops it (it was a type)."""
        live: set[str] = set()
        kept = []
        for binding in module.bindings:
            target = module.deps[binding.dep]
            if binding.imported == "*":
                kept.append(binding)
                continue
            origin = self.resolve_export(target, binding.imported)
            if origin is None or origin is AMBIGUOUS or origin is CIRCULAR:
                if module.typescript and not self._used(module, binding.local):
                    continue
                raise _missing(self.modules, module, binding.dep, binding.imported, binding.line, binding.column, origin)
            kept.append(binding)
            cycle = self.component[module.path] == self.component[target] or self.component[module.path] == self.component[origin[0]]
            if (cycle or origin[2]) and binding.local not in module.declared:
                live.add(binding.local)
        module.bindings, module.by_local = kept, {b.local: b for b in kept}
        for exported, (dep, imported, line, column) in list(module.reexports.items()):
            origin = self.resolve_export(module.deps[dep], imported) if imported != "*" else None
            if imported != "*" and (origin is None or origin is AMBIGUOUS or origin is CIRCULAR):
                if module.typescript:
                    del module.reexports[exported]
                    continue
                raise _missing(self.modules, module, dep, imported, line, column, origin, reexport=True)
        imported_locals = {b.local for b in module.bindings}
        for exported, (local, line, column) in list(module.exports.items()):
            if local and local not in module.declared and local not in imported_locals:
                if module.typescript:  # an exported type
                    del module.exports[exported]
                    continue
                raise LinkError(module.path, line, column, f"Export '{local}' is not defined in module", "SyntaxError")
        return live

    @staticmethod
    def _used(module: Module, local: str) -> bool:
        return bool(module.references.get(local))


def _missing(modules: dict[str, Module], module: Module, dep: int, name: str, line: int, column: int, origin: Origin | None,
             reexport: bool = False) -> LinkError:
    """Node's SyntaxError for an import or re-export that names nothing, with V8's words."""
    specifier = module.specifiers[dep]
    if origin is AMBIGUOUS:
        message = f"The requested module '{specifier}' contains conflicting star exports for name '{name}'"
    elif origin is CIRCULAR:
        start = (module.path, module.exports.get(name, ("",))[0] or name) if reexport else (module.deps[dep], name)
        where = _where_the_cycle_closes(modules, *start, "" if reexport else specifier)
        message = f"Detected cycle while resolving name '{name}' in '{where or specifier}'"
    else:
        message = f"The requested module '{specifier}' does not provide an export named '{name}'"
    return LinkError(module.path, line, column, message, "SyntaxError")


def _where_the_cycle_closes(modules: dict[str, Module], path: str, name: str, via: str) -> str:
    """The specifier by which V8 reaches the module where a cycle of named re-exports closes (its
    message names it): the chain is followed from where the check starts, as V8 follows it."""
    seen: set[tuple[str, str]] = set()
    while (path, name) not in seen:
        seen.add((path, name))
        module = modules[path]
        if name in module.reexports:
            dep, name = module.reexports[name][:2]
        elif name in module.exports and module.exports[name][0] in module.by_local:
            binding = module.by_local[module.exports[name][0]]
            dep, name = binding.dep, binding.imported
        else:
            return ""
        path, via = module.deps[dep], module.specifiers[dep]
    return via


def _components(modules: dict[str, Module]) -> tuple[dict[str, int], list[str]]:
    """Each module's strongly connected component (Tarjan's, iterative: a chain of hundreds of
    modules is fine), and the modules in the order their components complete (dependencies first)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    order: list[str] = []
    on_stack: set[str] = set()
    stack: list[str] = []
    counter = 0
    for start in modules:
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            path, i = work.pop()
            if i == 0:
                index[path] = low[path] = counter
                counter += 1
                stack.append(path)
                on_stack.add(path)
            deps = [d for d in modules[path].deps if d in modules]
            if i < len(deps):
                work.append((path, i + 1))
                dep = deps[i]
                if dep not in index:
                    work.append((dep, 0))
                elif dep in on_stack:
                    low[path] = min(low[path], index[dep])
                continue
            if low[path] == index[path]:
                while True:
                    member_path = stack.pop()
                    on_stack.discard(member_path)
                    component[member_path] = index[path]
                    order.append(member_path)
                    if member_path == path:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[path])
    return component, order


@dataclass
class Script:
    """A module's registration script and the JavaScript body in it (its lines are the file's)."""

    text: str
    body: str
    shifts: tuple[Shift, ...] = ()  # where the body's lines are longer than the file's (modules.apply_edits)


def registration(module: Module, graph: Graph, live: set[str]) -> Script:
    """The registration script of one linked module (the format is in this module's docstring)."""
    p = handle_prefix(module.text)
    handle = p + "m"
    mode = ASYNC_FUNCTION if module.awaits_in_loops else GENERATOR_AWAITS if module.asynchronous else GENERATOR
    access: dict[str, str] = {}
    for binding in module.bindings:
        if binding.imported != "*":
            access[binding.local] = f"{p}i{binding.dep}{member(binding.imported)}"
    link = [f"const {p}i{i} = {handle}.dep({i});" for i in range(len(module.deps))]
    link += [f"const {b.local} = {p}i{b.dep};" for b in module.bindings if b.imported == "*"]
    if "meta" in (edit.text for edit in module.edits):
        link.append(f"const {p}M = {handle}.meta;")
    for name in graph.export_names(module.path):
        if name not in module.exports and name not in module.reexports and graph.resolve_export(module.path, name) is AMBIGUOUS:
            continue  # two `export *` give it different bindings: Node leaves it out of the namespace
        link.append(f"{handle}.ns({json.dumps(name)}, () => {_export_source(module, graph, name, p, access)});")
    snapshots = [f"const {b.local} = {access[b.local]};" for b in module.bindings if b.imported != "*" and b.local not in live]
    edits = list(module.edits)
    for name in live:
        for start, end, shorthand in module.references.get(name, []):
            edits.append(Edit(start, end, ("s:" if shorthand else "r:") + name))

    def replace(edit: Edit) -> str:
        text = edit.text or ""
        if text in ("await", ")"):  # a top-level await as the generator's `(yield x)`, unless it stays an async function
            return text if mode == ASYNC_FUNCTION else "(yield" if text == "await" else ")"
        if text in ("d", "n"):
            return f"{handle}.{text}="
        if text == "meta":
            return f"{p}M"
        if text in ("dynamic", "computed"):
            return f"{handle}.{text}"
        if text.startswith("@"):
            return json.dumps(text[1:])
        if text.startswith("s:"):
            return f"{text[2:]}: {access[text[2:]]}"
        if text.startswith("r:"):
            return access[text[2:]]
        return text

    body, shifts = apply_edits(module.text, edits, replace)
    kind = "async function" if mode == ASYNC_FUNCTION else "function*"
    head = (f"__jsgrade.define({json.dumps(module.path)}, {json.dumps(module.deps)}, {mode}, "
            f'{kind} ({handle}) {{ "use strict"; ' + " ".join(link) + ("" if mode == ASYNC_FUNCTION else " yield;")
            + " " + " ".join(snapshots))
    return Script(head + "\n" + body + "\n})", body, shifts)


def _export_source(module: Module, graph: Graph, name: str, p: str, access: dict[str, str]) -> str:
    """What a namespace getter reads for an exported name."""
    if name in module.exports:
        local = module.exports[name][0]
        if local == "":
            return f"{p}m.d"
        binding = module.by_local.get(local)
        if binding is not None:
            return f"{p}i{binding.dep}" if binding.imported == "*" else access[local]
        return local
    if name in module.reexports:
        dep, imported = module.reexports[name][:2]
        return f"{p}i{dep}" if imported == "*" else f"{p}i{dep}{member(imported)}"
    for dep in module.stars:  # the first star that has it (the graph has no ambiguous name here: it was checked)
        if name in graph.export_names(module.deps[dep]):
            return f"{p}i{dep}{member(name)}"
    return "undefined"


def link_all(modules: dict[str, Module]) -> dict[str, Script]:
    """Every module's registration script, after Node's link-time checks (LinkError)."""
    graph = Graph(modules)
    lives = {path: graph.check(modules[path]) for path in graph.order}  # V8's order: dependencies first
    return {path: registration(module, graph, lives[path]) for path, module in modules.items()}

