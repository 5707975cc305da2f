"""One ES module of a submission, read with tree-sitter: what it imports and exports, and the edits
that turn it into plain JavaScript the sandbox's module registry can run (source/linking.py).

The engine's binding can evaluate a module but cannot name it or load another one, so modules that
import each other are linked here, in Python. Every edit keeps the student's lines where they are:
import declarations and the `export` keyword become spaces (newlines kept); `export default`
becomes an assignment of the same width (`__jsgrade_m.d=`). `import.meta` and `import()` become
reads of the module's handle. Nothing is resolved by guessing: tree-sitter names every node.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .edits import Edit
from .resolve import LinkError

# Where a function's own scope starts: `await`, `yield` and `return` inside one are not the module's.
FUNCTIONS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                       "generator_function_declaration", "generator_function", "class_static_block", "field_definition"})
_DECLARING = frozenset({"function_declaration", "generator_function_declaration", "class_declaration", "function_expression",
                        "class", "generator_function"})
ANONYMOUS_VALUES = frozenset({"function_expression", "generator_function", "arrow_function", "class"})
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_UNICODE_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}

Resolver = Callable[[str, int, int], str]  # (specifier, line, column) → submission path, or LinkError


@lru_cache(maxsize=1)
def _parser() -> Any:
    import tree_sitter
    import tree_sitter_javascript

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_javascript.language()))


@dataclass
class Binding:
    """`import { imported as local }`; `imported` is "*" for a namespace import."""

    imported: str
    local: str
    dep: int  # index into Module.deps
    line: int
    column: int


@dataclass
class Module:
    path: str
    text: str  # JavaScript (a TypeScript file's types already stripped)
    typescript: bool = False
    nodes: int = 0  # syntax nodes: what reading the module costs
    deps: list[str] = field(default_factory=list)  # static imports and `export ... from`, in source order, once each
    specifiers: list[str] = field(default_factory=list)  # each dep as the module first names it ('./utils.js')
    positions: list[tuple[int, int]] = field(default_factory=list)  # where each dep is first named
    bindings: list[Binding] = field(default_factory=list)
    by_local: dict[str, Binding] = field(default_factory=dict)  # the same imports by local name
    exports: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # exported name → (local name, line, column)
    reexports: dict[str, tuple[int, str, int, int]] = field(default_factory=dict)  # exported → (dep, imported or "*", line, column)
    stars: list[int] = field(default_factory=list)  # `export * from` deps
    mutable: set[str] = field(default_factory=set)  # top-level names declared with let or var
    top_level: dict[str, tuple[int, int]] = field(default_factory=dict)  # names the module's own declarations bind at its top
    declared: set[str] = field(default_factory=set)  # every name any declaration in the module introduces
    references: dict[str, list[tuple[int, int, bool]]] = field(default_factory=dict)  # name → (start, end, shorthand)
    asynchronous: bool = False  # top-level await
    awaits_in_loops: bool = False  # a top-level `for await`, which stays an async function's (see linking.py)
    edits: list[Edit] = field(default_factory=list)
    dynamic: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # import("...") target → (specifier, line, column)
    computed: bool = False  # an import() of anything but a string, which the registry refuses with a clear message
    default: str = ""  # `export default <expression>`: "d" (a value) or "n" (an anonymous function or class)

    def dep(self, target: str, specifier: str, line: int, column: int) -> int:
        if target not in self.deps:
            self.deps.append(target)
            self.specifiers.append(specifier)
            self.positions.append((line, column))
        return self.deps.index(target)

    def requests(self) -> list[tuple[str, str, int, int]]:
        """Every file the module asks for, statically or by import() of a string: (path, specifier, line, column)."""
        found = [(path, self.specifiers[i], *self.positions[i]) for i, path in enumerate(self.deps)]
        return found + [(path, *at) for path, at in self.dynamic.items() if path not in self.deps]

    def bind(self, binding: Binding) -> None:
        """An import's local name, which no other import or top-level declaration may bind (as V8 words it)."""
        if binding.local in self.by_local:
            raise _redeclared(self.path, binding.local, binding.line, binding.column)
        self.bindings.append(binding)
        self.by_local[binding.local] = binding

    def export(self, name: str, line: int, column: int) -> None:
        """Checks that `name` is exported once (`export const a` and `export { b as a }` is Node's SyntaxError)."""
        if name in self.exports or name in self.reexports:
            raise LinkError(self.path, line, column, f"Duplicate export of '{name}'", "SyntaxError", syntax=True)


def _redeclared(path: str, name: str, line: int, column: int) -> LinkError:
    return LinkError(path, line, column, f"Identifier '{name}' has already been declared", "SyntaxError", syntax=True)


def js_string(node: Any, source: bytes) -> str:
    """The value of a string literal node (escapes decoded, as the engine decodes them)."""
    body = _text(node, source)[1:-1]

    def unescape(match: re.Match[str]) -> str:
        e = match.group(1)
        if e[0] == "u" and e[1:2] == "{":
            code = int(e[2:-1], 16)
            return chr(code) if code <= 0x10FFFF else "\ufffd"
        if (e[0] == "u" and len(e) == 5) or (e[0] == "x" and len(e) == 3):
            return chr(int(e[1:], 16))
        return "" if e in ("\r\n", "\n", "\r", "\u2028", "\u2029") else _SIMPLE_ESCAPES.get(e, e)

    text = _ESCAPE.sub(unescape, body)
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")  # surrogate pairs joined


def _text(node: Any, source: bytes) -> str:
    return source[node.start_byte:node.end_byte].decode("utf-8", "replace")


def _identifier(node: Any, source: bytes) -> str:
    """An identifier as the engine reads it: `\\u0061bc` is `abc` (the same binding, the same export)."""
    text = _text(node, source)
    return _UNICODE_ESCAPE.sub(_code_point, text) if "\\" in text else text


def _code_point(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def _name(node: Any, source: bytes) -> str:
    """An import or export name: an identifier, `default`, or a string (`export { x as "a b" }`)."""
    return js_string(node, source) if node.type == "string" else _identifier(node, source)


def position(node: Any, source: bytes) -> tuple[int, int]:
    """1-based line and column, the column in characters (tree-sitter counts bytes)."""
    line_start = node.start_byte - node.start_point[1]
    return node.start_point[0] + 1, len(source[line_start:node.start_byte].decode("utf-8", "replace")) + 1


def parse_module(path: str, text: str, resolve: Resolver, typescript: bool = False, max_nodes: int = 10**9) -> Module:
    """Reads one module; an import that cannot be resolved raises LinkError, and so does a module of
    more than `max_nodes` syntax nodes (reading one costs microseconds in Python: see source/esm.py)."""
    source = text.encode("utf-8", "replace")
    root = _parser().parse(source).root_node
    module = Module(path, text, typescript, nodes=root.descendant_count)
    if module.nodes > max_nodes:
        raise LinkError(path, 1, 1, f"{path} is too large to be linked with the modules it imports or that import it "
                        f"(the grader links at most {max_nodes:,} syntax nodes in all)")
    for statement in root.children:
        if statement.type == "import_statement":
            _import(module, statement, source, resolve)
        elif statement.type == "export_statement":
            _export(module, statement, source, resolve)
        elif statement.type in ("lexical_declaration", "variable_declaration"):
            names = _declarator_names(statement, source)
            module.top_level.update(dict.fromkeys(names, position(statement, source)))
            if statement.children[0].type in ("let", "var"):
                module.mutable.update(names)
        elif statement.type in ("function_declaration", "generator_function_declaration", "class_declaration"):
            name = statement.child_by_field_name("name")
            if name is not None:
                module.top_level[_identifier(name, source)] = position(statement, source)
    for binding in module.bindings:
        if binding.local in module.top_level:
            line, column = max(module.top_level[binding.local], (binding.line, binding.column))
            raise _redeclared(path, binding.local, line, column)
    _scan(module, root, source, resolve)
    return module


def _import(module: Module, node: Any, source: bytes, resolve: Resolver) -> None:
    specifier = node.child_by_field_name("source")
    line, column = position(specifier, source)
    name = js_string(specifier, source)
    dep = module.dep(resolve(name, line, column), name, line, column)
    clause = next((c for c in node.children if c.type == "import_clause"), None)
    for part in clause.children if clause is not None else []:
        if part.type == "identifier":
            module.bind(Binding("default", _identifier(part, source), dep, *position(part, source)))
        elif part.type == "namespace_import":
            module.bind(Binding("*", _identifier(part.children[-1], source), dep, *position(part, source)))
        elif part.type == "named_imports":
            for item in part.children:
                if item.type == "import_specifier":
                    name = item.child_by_field_name("name")
                    alias = item.child_by_field_name("alias") or name
                    module.bind(Binding(_name(name, source), _identifier(alias, source), dep, *position(item, source)))
    module.edits.append(Edit(node.start_byte, node.end_byte, None))


def _declarator_names(declaration: Any, source: bytes) -> list[str]:
    names: list[str] = []
    for declarator in declaration.children:
        if declarator.type == "variable_declarator":
            target = declarator.child_by_field_name("name")
            names += sorted(_pattern_names(target, source)) if target is not None else []
    return names


def _pattern_names(node: Any, source: bytes) -> set[str]:
    """The names a binding pattern declares (`[a, { k: b, c = 1 }, ...d]`: a, b, c, d)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in ("identifier", "shorthand_property_identifier_pattern"):
            found.add(_identifier(current, source))
        elif current.type == "pair_pattern":
            value = current.child_by_field_name("value")
            stack.extend([value] if value is not None else [])
        elif current.type == "assignment_pattern":
            left = current.child_by_field_name("left")
            stack.extend([left] if left is not None else [])
        elif current.type == "object_assignment_pattern":
            left = current.child_by_field_name("left")
            stack.extend([left] if left is not None else [])
        else:
            stack.extend(current.children)
    return found


def _export(module: Module, node: Any, source: bytes, resolve: Resolver) -> None:
    keyword = node.children[0]
    declaration = node.child_by_field_name("declaration")
    value = node.child_by_field_name("value")
    default = next((c for c in node.children if c.type == "default"), None)
    line, column = position(node, source)
    if declaration is not None:
        end = default.end_byte if default is not None else keyword.end_byte
        module.edits.append(Edit(keyword.start_byte, end, None))
        if declaration.type in ("lexical_declaration", "variable_declaration"):
            names = _declarator_names(declaration, source)
            if declaration.children[0].type in ("let", "var"):
                module.mutable.update(names)
            for name in names:
                module.export(name, line, column)
                module.exports[name] = (name, line, column)
                module.top_level[name] = (line, column)
            return
        name = declaration.child_by_field_name("name")
        if name is not None:
            local = _identifier(name, source)
            exported = "default" if default is not None else local
            module.export(exported, line, column)
            module.exports[exported] = (local, line, column)
            module.top_level[local] = (line, column)
        return
    if default is not None and value is not None:  # export default <expression>: stored by the module's handle
        inner = value
        while inner.type == "parenthesized_expression" and inner.named_child_count == 1:
            inner = inner.named_children[0]
        module.default = "n" if inner.type in ANONYMOUS_VALUES and inner.child_by_field_name("name") is None else "d"
        module.edits.append(Edit(keyword.start_byte, default.end_byte, module.default))
        if value.type in ("function_expression", "generator_function", "class"):  # was a declaration: no ASI after it
            module.edits.append(Edit(value.end_byte, value.end_byte, ";"))
        module.export("default", line, column)
        module.exports["default"] = ("", line, column)
        return
    source_node = node.child_by_field_name("source")
    dep = -1
    if source_node is not None:
        at = position(source_node, source)
        specifier = js_string(source_node, source)
        dep = module.dep(resolve(specifier, *at), specifier, *at)
    clause = next((c for c in node.children if c.type == "export_clause"), None)
    namespace = next((c for c in node.children if c.type == "namespace_export"), None)
    for item in clause.children if clause is not None else []:
        if item.type == "export_specifier":
            name = item.child_by_field_name("name")
            alias = item.child_by_field_name("alias") or name
            where = position(item, source)
            exported = _name(alias, source)
            module.export(exported, *where)
            if dep >= 0:
                module.reexports[exported] = (dep, _name(name, source), *where)
            else:
                module.exports[exported] = (_name(name, source), *where)
    if namespace is not None and dep >= 0:
        exported = _name(namespace.children[-1], source)
        module.export(exported, line, column)
        module.reexports[exported] = (dep, "*", line, column)
    elif clause is None and dep >= 0 and dep not in module.stars:  # the same `export *` twice adds nothing
        module.stars.append(dep)
    module.edits.append(Edit(node.start_byte, node.end_byte, None))


def _scan(module: Module, root: Any, source: bytes, resolve: Resolver) -> None:
    """One walk over the whole module: declarations, references to names (for live imports),
    top-level await, and `import.meta` and `import()` wherever they are."""
    stack: list[tuple[Any, bool]] = [(child, False) for child in reversed(root.children)
                                      if child.type != "import_statement"]
    while stack:
        node, nested = stack.pop()
        kind = node.type
        if kind == "identifier" or kind == "shorthand_property_identifier":
            module.references.setdefault(_identifier(node, source), []).append(
                (node.start_byte, node.end_byte, kind == "shorthand_property_identifier"))
            continue
        if kind == "export_statement" and node.child_by_field_name("declaration") is None \
                and node.child_by_field_name("value") is None:
            continue  # `export { a }`, `export ... from`: not code
        _declarations(module, node, source)
        if not nested:
            if kind == "await_expression":  # an await of the generator the registry drives: `(yield x)`
                module.asynchronous = True
                module.edits.append(Edit(node.start_byte, node.start_byte + len("await"), "await"))
                module.edits.append(Edit(node.end_byte, node.end_byte, ")"))
            elif kind == "for_in_statement" and any(c.type == "await" for c in node.children):
                module.asynchronous = module.awaits_in_loops = True
            elif kind in ("yield_expression", "return_statement"):
                line, column = position(node, source)
                word = "yield" if kind == "yield_expression" else "return"
                raise LinkError(module.path, line, column, f"Illegal {word} statement: a module's top level cannot {word}",
                                "SyntaxError", syntax=True)
        if kind == "meta_property":
            module.edits.append(Edit(node.start_byte, node.end_byte, "meta"))
            continue
        if kind == "call_expression" and node.children and node.children[0].type == "import":
            _dynamic_import(module, node, source, resolve)
        inner = nested or kind in FUNCTIONS
        stack.extend((child, inner) for child in reversed(node.children))


def _declarations(module: Module, node: Any, source: bytes) -> None:
    kind = node.type
    if kind in _DECLARING:
        name = node.child_by_field_name("name")
        if name is not None:
            module.declared.add(_identifier(name, source))
    elif kind == "variable_declarator":
        target = node.child_by_field_name("name")
        module.declared |= _pattern_names(target, source) if target is not None else set()
    elif kind == "formal_parameters":
        module.declared |= _pattern_names(node, source)
    elif kind == "arrow_function":
        parameter = node.child_by_field_name("parameter")
        if parameter is not None:
            module.declared.add(_identifier(parameter, source))
    elif kind == "catch_clause":
        parameter = node.child_by_field_name("parameter")
        module.declared |= _pattern_names(parameter, source) if parameter is not None else set()
    elif kind == "for_in_statement":
        left = node.child_by_field_name("left")
        if left is not None and node.child_by_field_name("kind") is not None:
            module.declared |= _pattern_names(left, source)


def _dynamic_import(module: Module, node: Any, source: bytes, resolve: Resolver) -> None:
    """`import("./x.js")` reads the registry (a Promise of the namespace); a computed specifier is refused when it runs."""
    arguments = node.child_by_field_name("arguments")
    values = [c for c in arguments.children if c.type not in ("(", ")", ",")] if arguments is not None else []
    keyword = node.children[0]
    if values and values[0].type == "string":
        line, column = position(values[0], source)
        specifier = js_string(values[0], source)
        target = resolve(specifier, line, column)
        module.dynamic.setdefault(target, (specifier, line, column))
        module.edits.append(Edit(keyword.start_byte, keyword.end_byte, "dynamic"))
        module.edits.append(Edit(values[0].start_byte, values[0].end_byte, "@" + target))
    else:
        module.computed = True
        module.edits.append(Edit(keyword.start_byte, keyword.end_byte, "computed"))
