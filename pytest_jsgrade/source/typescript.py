"""TypeScript to JavaScript, by taking the types out: the student's own lines and columns stay.

Types are stripped, not checked (as Node's own `--strip-types` does): every piece of type syntax
becomes spaces, so a thrown error or a syntax error points at the line and column the student
wrote. The few TypeScript features that are code, not types, are lowered to JavaScript on their
own lines:
- `enum` (and `const enum`) becomes an object built member by member, numbers mapped both ways;
- constructor parameter properties (`constructor(private name: string)`) assign `this.name`;
- `namespace N { export ... }` becomes a function that fills the object `N`.
The parser is tree-sitter with its TypeScript grammar; a syntax error it finds is reported with
its line and column.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

TS_SUFFIXES = (".ts", ".mts", ".cts")

# Nodes that are types (or only declare them) and become spaces, with everything inside them.
BLANK = {
    "type_annotation", "type_parameters", "type_arguments", "interface_declaration", "type_alias_declaration",
    "ambient_declaration", "function_signature", "abstract_method_signature", "index_signature",
    "accessibility_modifier", "override_modifier", "implements_clause", "asserts_annotation", "type_predicate_annotation",
    "opting_type_annotation", "omitting_type_annotation", "adding_type_annotation",
}
# In a class body, a method_signature is an overload or an abstract method: no code.
CLASS_BLANK = {"method_signature"}
KEYWORDS_BLANK = {"readonly", "abstract", "declare"}  # as modifiers (not as names)


class TypeScriptError(Exception):
    """A TypeScript syntax error: `line` and `column` are 1-based, in the student's file."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@lru_cache(maxsize=1)
def _parser() -> Any:
    import tree_sitter
    import tree_sitter_typescript

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_typescript()))


@dataclass
class _Edit:
    start: int
    end: int
    text: str | None  # None: blank the bytes (spaces, newlines kept)


def _first_error(node: Any) -> Any | None:
    if not node.has_error:
        return None
    stack = [node]
    while stack:
        current = stack.pop()
        if current.is_error or current.is_missing:
            return current
        stack.extend(reversed([c for c in current.children if c.has_error or c.is_missing]))
    return None


def strip_types(text: str) -> str:
    """The JavaScript of a TypeScript file, each line where the student wrote it."""
    source = text.encode("utf-8")
    tree = _parser().parse(source)
    bad = _first_error(tree.root_node)
    if bad is not None:
        row = bad.start_point[0]
        line_start = source.rfind(b"\n", 0, bad.start_byte) + 1
        column = len(source[line_start:bad.start_byte].decode("utf-8", "replace")) + 1  # in characters, as editors count
        near = source[bad.start_byte:bad.end_byte].decode("utf-8", "replace").split("\n")[0][:30]
        what = f"missing {bad.type!r}" if bad.is_missing else (f"unexpected {near!r}" if near else "unexpected end of input")
        raise TypeScriptError(f"{what} (the file is not valid TypeScript)", row + 1, column)
    edits: list[_Edit] = []
    _visit(tree.root_node, source, edits)
    return _apply(source, edits).decode("utf-8")


def _apply(source: bytes, edits: list[_Edit]) -> bytes:
    out = bytearray()
    at = 0
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if edit.start < at:
            continue  # inside an edit already made
        out += source[at:edit.start]
        if edit.text is None:
            out += bytes(b if b in b"\r\n" else 32 for b in source[edit.start:edit.end])
        else:
            out += edit.text.encode("utf-8")
        at = edit.end
    out += source[at:]
    return bytes(out)


def _blank(node: Any, edits: list[_Edit]) -> None:
    edits.append(_Edit(node.start_byte, node.end_byte, None))


def _visit(node: Any, source: bytes, edits: list[_Edit]) -> None:
    kind = node.type
    if kind in BLANK:
        _blank(node, edits)
        return
    if kind == "export_statement" and _exports_only_types(node):
        _blank(node, edits)
        return
    if kind == "import_statement" and _imports_only_types(node):
        _blank(node, edits)
        return
    if kind in ("import_specifier", "export_specifier") and _child_of_type(node, "type"):
        _blank_with_comma(node, edits)
        return
    if kind == "class_body":
        for child in node.children:
            if child.type in CLASS_BLANK or (child.type == "public_field_definition" and _child_of_type(child, "declare")):
                _blank(child, edits)
    if kind in ("as_expression", "satisfies_expression"):
        keyword = next(c for c in node.children if c.type in ("as", "satisfies"))
        edits.append(_Edit(keyword.start_byte, node.end_byte, None))
        _visit(node.children[0], source, edits)
        return
    if kind == "non_null_expression":
        edits.append(_Edit(node.end_byte - 1, node.end_byte, None))
    if kind == "type_assertion":  # <T>value
        _blank(node.children[0], edits)
    if kind in ("optional_parameter", "public_field_definition", "property_signature"):
        for child in node.children:
            if child.type == "?":
                _blank(child, edits)
    if kind == "variable_declarator":
        for child in node.children:
            if child.type == "!":
                _blank(child, edits)
    if kind in ("public_field_definition", "method_definition", "class_declaration", "abstract_class_declaration", "required_parameter", "optional_parameter"):
        for child in node.children:
            if child.type in KEYWORDS_BLANK:
                _blank(child, edits)
    if kind in ("required_parameter", "optional_parameter") and _is_this_parameter(node):
        _blank_with_comma(node, edits)
        return
    if kind == "enum_declaration":
        edits.append(_Edit(node.start_byte, node.end_byte, _lower_enum(node, source)))
        return
    if kind == "method_definition" and _name(node, source) == "constructor":
        _parameter_properties(node, source, edits)
    if kind == "internal_module" or (kind == "module" and node.parent is not None):
        lowered = _lower_namespace(node, source, edits)
        if lowered:
            return
    for child in node.children:
        _visit(child, source, edits)


def _child_of_type(node: Any, kind: str) -> Any | None:
    return next((c for c in node.children if c.type == kind), None)


def _name(node: Any, source: bytes) -> str:
    name = node.child_by_field_name("name")
    return source[name.start_byte:name.end_byte].decode("utf-8") if name is not None else ""


def _text(node: Any, source: bytes) -> str:
    return source[node.start_byte:node.end_byte].decode("utf-8")


def _exports_only_types(node: Any) -> bool:
    """`export type ...`, `export interface`, `export type { A }`, `export declare ...`."""
    children = [c for c in node.children if c.type not in ("export", ";")]
    if not children:
        return False
    first = children[0]
    if first.type in ("type", "interface_declaration", "type_alias_declaration", "ambient_declaration"):
        return True
    return False


def _imports_only_types(node: Any) -> bool:
    return any(c.type == "type" for c in node.children)


def _blank_with_comma(node: Any, edits: list[_Edit]) -> None:
    after = node.next_sibling
    before = node.prev_sibling
    if after is not None and after.type == ",":
        edits.append(_Edit(node.start_byte, after.end_byte, None))
    elif before is not None and before.type == ",":
        edits.append(_Edit(before.start_byte, node.end_byte, None))
    else:
        _blank(node, edits)


def _is_this_parameter(node: Any) -> bool:
    pattern = node.child_by_field_name("pattern")
    return pattern is not None and pattern.type == "this"


# -- lowering ------------------------------------------------------------------------------------------


def _rows(node: Any) -> int:
    return int(node.end_point[0] - node.start_point[0])


def _placed(pieces: list[tuple[int, str]], first_row: int, rows: int) -> str:
    """Text spanning `rows` + 1 lines, each piece on its row (relative to first_row)."""
    lines = [""] * (rows + 1)
    for row, piece in pieces:
        index = min(max(row - first_row, 0), rows)
        lines[index] += piece
    return "\n".join(lines)


def _lower_enum(node: Any, source: bytes) -> str:
    """`enum E { A, B = 5, C }` → `var E = (function (E) { ... return E; })({});`, members on their lines."""
    name = _name(node, source)
    body = node.child_by_field_name("body")
    first = node.start_point[0]
    pieces: list[tuple[int, str]] = [(first, f"var {name} = (function ({name}) {{ ")]
    previous: str | None = None
    for member in body.children if body is not None else []:
        if member.type in ("property_identifier", "string"):
            key, value_node = member, None
        elif member.type == "enum_assignment":
            key, value_node = member.child_by_field_name("name"), member.child_by_field_name("value")
        else:
            continue
        key_text = _text(key, source)
        key_name = key_text[1:-1] if key.type == "string" else key_text
        local = f"__jsgrade_enum_{len(pieces)}"
        if value_node is not None:
            value = _text(value_node, source)
        else:
            value = "0" if previous is None else f"{previous} + 1"
        quoted = '"' + key_name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        piece = (f"const {local} = {name}[{quoted}] = {value}; "
                 f"if (typeof {local} === \"number\") {name}[{local}] = {quoted}; ")
        if key_name.isidentifier():
            piece += f"var {key_name} = {local}; "  # later members may refer to earlier ones by name
        pieces.append((member.start_point[0], piece))
        previous = local
    pieces.append((node.end_point[0], f"return {name}; }})({name} || {{}});"))
    return _placed(pieces, first, _rows(node))


def _parameter_properties(node: Any, source: bytes, edits: list[_Edit]) -> None:
    """`constructor(private name: string)`: the modifier goes, and the body starts with `this.name = name;`."""
    parameters = node.child_by_field_name("parameters")
    body = node.child_by_field_name("body")
    if parameters is None or body is None:
        return
    names = []
    for parameter in parameters.children:
        if parameter.type not in ("required_parameter", "optional_parameter"):
            continue
        if any(c.type in ("accessibility_modifier", "readonly", "override_modifier") for c in parameter.children):
            pattern = parameter.child_by_field_name("pattern")
            if pattern is not None and pattern.type == "identifier":
                names.append(_text(pattern, source))
    if not names:
        return
    assignments = " ".join(f"this.{n} = {n};" for n in names)
    anchor = body.children[0]  # "{"
    for statement in body.children[1:]:  # after super(...) in a derived class
        if statement.type == "expression_statement" and _text(statement, source).lstrip().startswith("super("):
            anchor = statement
            break
    edits.append(_Edit(anchor.end_byte, anchor.end_byte, " " + assignments))


def _lower_namespace(node: Any, source: bytes, edits: list[_Edit]) -> bool:
    """`namespace N { export const x = 1; }` → `var N; (function (N) { const x = N.x = 1; })(N || (N = {}));`"""
    name_node = node.child_by_field_name("name")
    body = node.child_by_field_name("body")
    if name_node is None or body is None or name_node.type != "identifier":
        return False
    name = _text(name_node, source)
    keyword = node.children[0]
    edits.append(_Edit(keyword.start_byte, name_node.end_byte, f"var {name}; (function ({name})"))
    for statement in body.children:
        if statement.type != "export_statement":
            _visit(statement, source, edits)
            continue
        declaration = statement.child_by_field_name("declaration")
        export_keyword = statement.children[0]
        edits.append(_Edit(export_keyword.start_byte, export_keyword.end_byte, None))
        if declaration is None:
            continue
        _visit(declaration, source, edits)
        exported = []
        if declaration.type in ("function_declaration", "class_declaration", "abstract_class_declaration",
                                "internal_module", "enum_declaration"):
            exported.append(_name(declaration, source))
        elif declaration.type in ("lexical_declaration", "variable_declaration"):
            for declarator in declaration.children:
                if declarator.type == "variable_declarator":
                    target = declarator.child_by_field_name("name")
                    if target is not None and target.type == "identifier":
                        exported.append(_text(target, source))
        if exported:
            edits.append(_Edit(statement.end_byte, statement.end_byte, " " + " ".join(f"{name}.{e} = {e};" for e in exported)))
    edits.append(_Edit(body.end_byte, body.end_byte, f")({name} || ({name} = {{}}));"))
    return True
