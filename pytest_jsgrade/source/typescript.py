"""TypeScript to JavaScript, by taking the types out: the student's own lines and columns stay.

Types are stripped, not checked (as Node's own `--strip-types` does): every piece of type syntax
becomes spaces, one per character (tree-sitter counts bytes; a type `'日本語'` or `'😀'` must not
widen the line), so a thrown error or a syntax error points at the line and column the student
wrote: the stripped file has the characters of the student's code at their columns, and the engine
counts them as it does in a JavaScript file (QuickJS-ng counts UTF-8 bytes, so a wide character in
code moves a column alike in both). A declaration that is only types (`interface`, `type`, `declare`,
`import type`, an overload, an abstract member) leaves a `;` at its first column when a statement or
class member comes before it, so that `let x = 1` and a next line starting with `[` or `(` stay two
statements. A return type on its own line before an arrow's `=>` would leave a line break before
`=>` (not allowed): the `=>` moves up to just after the `)`, over two spaces there or the type's
first columns where it has them, else inserted there (moving only a comment after it on that line),
and its own place is blanked, as tsc writes `(x) => x`. The TypeScript features that are code, not
types, are lowered to JavaScript on their own lines (typescript_lower.py):
- `enum` (and `const enum`) becomes an object built member by member, numbers mapped both ways;
- constructor parameter properties (`constructor(private name: string)`) assign `this.name`;
- `namespace N { export ... }` (and `namespace A.B`) becomes a function that fills the object `N`;
- `import x = require('./y')` becomes `const  x = require('./y')`, `export = v` `module.exports = v`
  (that line's rest eight columns to the right).
The parser is tree-sitter with its TypeScript grammar; a syntax error it finds is reported with
its line and column. The tree is walked without recursion, so any depth it parses is stripped.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import gc
import re
from functools import lru_cache
from typing import Any

from .typescript_lower import Edit, lower_enum, lower_export_equals, lower_import_equals, lower_namespace, name_of, parameter_properties

TS_SUFFIXES = (".ts", ".mts", ".cts")

# Nodes that are types (or only declare them) and become spaces, with everything inside them.
BLANK = {
    "type_annotation", "type_parameters", "type_arguments", "interface_declaration", "type_alias_declaration",
    "ambient_declaration", "function_signature", "abstract_method_signature", "index_signature",
    "accessibility_modifier", "override_modifier", "implements_clause", "asserts_annotation", "type_predicate_annotation",
    "opting_type_annotation", "omitting_type_annotation", "adding_type_annotation",
}
# Of those, the ones that stand where a statement or a class member does (see _blank_statement).
DECLARATIONS = {"interface_declaration", "type_alias_declaration", "ambient_declaration", "function_signature",
                "abstract_method_signature", "index_signature"}
TYPES = BLANK - DECLARATIONS  # blanked wherever they are
STATEMENT_LISTS = {"program", "statement_block", "class_body", "switch_case", "switch_default"}
# `export <this> ...` exports only types: `export type`, `export interface`, `export declare`, an overload.
TYPE_EXPORTS = {"type", "interface_declaration", "type_alias_declaration", "ambient_declaration", "function_signature", "as"}
# In a class body, a method_signature is an overload or an abstract method: no code.
CLASS_BLANK = {"method_signature"}
KEYWORDS_BLANK = {"readonly", "abstract", "declare"}  # as modifiers (not as names)
# The nodes _strip has something to do with (any other node: its children are looked at).
STRIPPED = BLANK | {
    "export_statement", "import_statement", "import_specifier", "export_specifier", "import_alias", "class_body",
    "as_expression", "satisfies_expression", "non_null_expression", "type_assertion", "optional_parameter",
    "public_field_definition", "property_signature", "variable_declarator", "method_definition", "class_declaration",
    "abstract_class_declaration", "required_parameter", "enum_declaration", "arrow_function", "internal_module", "module",
}
_LINE_BREAK = re.compile(rb"\r|\n|\xe2\x80[\xa8\xa9]")  # JavaScript's line terminators, in UTF-8
_NOT_A_LINE_BREAK = re.compile("[^\r\n\u2028\u2029]")


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
    source = text.encode("utf-8", "surrogatepass")
    tree = _parser().parse(source)
    bad = _first_error(tree.root_node)
    if bad is not None:
        row = bad.start_point[0]
        line_start = source.rfind(b"\n", 0, bad.start_byte) + 1
        column = len(source[line_start:bad.start_byte].decode("utf-8", "replace")) + 1  # in characters, as editors count
        near = source[bad.start_byte:bad.end_byte].decode("utf-8", "replace").split("\n")[0][:30]
        what = f"missing {bad.type!r}" if bad.is_missing else (f"unexpected {near!r}" if near else "unexpected end of input")
        raise TypeScriptError(f"{what} (the file is not valid TypeScript)", row + 1, column)
    collecting = gc.isenabled()
    gc.disable()  # a large file makes a great many short-lived objects and no cycles: collecting would cost a third
    try:
        return _stripped(tree.root_node, source)
    finally:
        if collecting:
            gc.enable()


def _stripped(node: Any, source: bytes) -> str:
    """The JavaScript of `node`'s text: the tree below it walked without recursion (any depth)."""
    edits: list[Edit] = []
    stack = [node]
    while stack:  # the order nodes are taken in does not matter: _apply sorts the edits
        current = stack.pop()
        kind = current.type
        if kind in TYPES:
            edits.append(Edit(current.start_byte, current.end_byte, None))
        elif kind in STRIPPED:
            stack.extend(_strip(current, source, edits))
        else:
            stack.extend(current.children)
    return _apply(source, edits, node.start_byte, node.end_byte)


def _apply(source: bytes, edits: list[Edit], start: int, end: int) -> str:
    out: list[str] = []
    at = start
    for edit in sorted(edits, key=lambda e: (e.start, e.end > e.start, e.after, -e.end)):
        if edit.start < at:
            continue  # inside an edit already made
        out.append(source[at:edit.start].decode("utf-8", "surrogatepass"))
        if edit.text is None:
            blanked = _NOT_A_LINE_BREAK.sub(" ", source[edit.start:edit.end].decode("utf-8", "surrogatepass"))
            out.append(edit.prefix + blanked[len(edit.prefix):])
        else:
            out.append(edit.text)
        at = edit.end
    out.append(source[at:end].decode("utf-8", "surrogatepass"))
    return "".join(out)


def _blank(node: Any, edits: list[Edit]) -> None:
    edits.append(Edit(node.start_byte, node.end_byte, None))


def _blank_statement(node: Any, edits: list[Edit]) -> None:
    """A declaration that is only types goes; where a statement (or class member) came before it,
    a `;` stays at its first column, so that code before and after it never joins into one."""
    before = node.prev_named_sibling
    while before is not None and before.type == "comment":
        before = before.prev_named_sibling
    apart = before is not None and node.parent is not None and node.parent.type in STATEMENT_LISTS
    edits.append(Edit(node.start_byte, node.end_byte, None, ";" if apart else ""))


def _strip(node: Any, source: bytes, edits: list[Edit]) -> list[Any]:
    """The edits for `node` itself; returns its children still to be stripped."""
    kind = node.type
    if kind in BLANK:
        if kind in DECLARATIONS:
            _blank_statement(node, edits)
        else:
            _blank(node, edits)
        return []
    if kind == "export_statement" and _exports_only_types(node) or kind == "import_statement" and _imports_only_types(node):
        _blank_statement(node, edits)
        return []
    if kind in ("import_specifier", "export_specifier") and _child_of_type(node, "type"):
        _blank_with_comma(node, edits)
        return []
    if kind in ("import_statement", "import_alias") and (kind == "import_alias" or _child_of_type(node, "import_require_clause")):
        lower_import_equals(node, edits)  # `import x = require('./y')`, `import x = A.B`
    if kind == "export_statement" and len(node.children) > 1 and node.children[1].type == "=":
        lower_export_equals(node, edits)
    children = list(node.children)
    if kind == "class_body":
        members = []
        for child in children:
            if child.type in CLASS_BLANK or child.type == "public_field_definition" and (
                    _child_of_type(child, "declare") or _child_of_type(child, "abstract")):
                _blank_statement(child, edits)  # an overload, `declare x`, `abstract x`: no code
            else:
                members.append(child)
        return members
    if kind in ("as_expression", "satisfies_expression"):
        keyword = next(c for c in children if c.type in ("as", "satisfies"))
        edits.append(Edit(keyword.start_byte, node.end_byte, None))
        return children[:1]
    if kind == "non_null_expression":
        edits.append(Edit(node.end_byte - 1, node.end_byte, None))
    if kind == "type_assertion":  # <T>value
        _blank(children[0], edits)
    if kind in ("optional_parameter", "public_field_definition", "property_signature", "variable_declarator"):
        for child in children:
            if child.type in ("?", "!"):  # `a?: T`, the definite `x!: T`
                _blank(child, edits)
    if kind in ("public_field_definition", "method_definition", "class_declaration", "abstract_class_declaration",
                "required_parameter", "optional_parameter"):
        for child in children:
            if child.type in KEYWORDS_BLANK:
                _blank(child, edits)
    if kind in ("required_parameter", "optional_parameter") and _is_this_parameter(node):
        _blank_with_comma(node, edits)
        return []
    if kind == "enum_declaration":
        edits.append(Edit(node.start_byte, node.end_byte, lower_enum(node, source, lambda value: _stripped(value, source))))
        return []
    if kind == "method_definition" and name_of(node, source) == "constructor":
        parameter_properties(node, source, edits)
    if kind == "arrow_function":
        return _arrow(node, source, edits, children)
    if kind == "internal_module" or (kind == "module" and node.parent is not None):
        later = lower_namespace(node, source, edits, _exports_only_types)
        if later is not None:
            return later
    return children


def _arrow(node: Any, source: bytes, edits: list[Edit], children: list[Any]) -> list[Any]:
    """`(x: number)\\n: number => x`: JavaScript allows no line break before `=>`, so when the return
    type ends up as the only thing between `)` and a `=>` on a later line, the `=>` moves up to
    just after `)` (over spaces that are there, else inserted) and its own two columns are blanked."""
    parameters, returns = node.child_by_field_name("parameters"), node.child_by_field_name("return_type")
    arrow = _child_of_type(node, "=>")
    if parameters is None or returns is None or arrow is None or not _LINE_BREAK.search(source, parameters.end_byte, arrow.start_byte):
        return children
    edits.append(Edit(arrow.start_byte, arrow.end_byte, None))
    after = source[parameters.end_byte:returns.start_byte]
    on_its_line = _LINE_BREAK.split(source[returns.start_byte:returns.end_byte], maxsplit=1)[0]
    if source[parameters.end_byte:parameters.end_byte + 2] in (b"  ", b" \t", b"\t ", b"\t\t"):
        edits.append(Edit(parameters.end_byte, parameters.end_byte + 2, "=>"))
    elif after in (b"", b" ", b"\t") and len(on_its_line.decode("utf-8", "surrogatepass")) >= 2:
        edits.append(Edit(returns.start_byte, returns.end_byte, None, "=>"))
        return [c for c in children if c != returns]
    else:
        edits.append(Edit(parameters.end_byte, parameters.end_byte, "=>"))
    return children


def _child_of_type(node: Any, kind: str) -> Any | None:
    return next((c for c in node.children if c.type == kind), None)


def _exports_only_types(node: Any) -> bool:
    """`export type ...`, `export interface`, `export type { A }`, `export declare ...`, an exported overload."""
    if node.type != "export_statement":
        return False
    children = [c for c in node.children if c.type not in ("export", "default", ";")]
    return bool(children) and children[0].type in TYPE_EXPORTS


def _imports_only_types(node: Any) -> bool:
    return any(c.type == "type" for c in node.children)


def _blank_with_comma(node: Any, edits: list[Edit]) -> None:
    after = node.next_sibling
    before = node.prev_sibling
    if after is not None and after.type == ",":
        edits.append(Edit(node.start_byte, after.end_byte, None))
    elif before is not None and before.type == ",":
        edits.append(Edit(before.start_byte, node.end_byte, None))
    else:
        _blank(node, edits)


def _is_this_parameter(node: Any) -> bool:
    pattern = node.child_by_field_name("pattern")
    return pattern is not None and pattern.type == "this"
