"""The TypeScript that is code, not types, lowered to JavaScript (see typescript.py).

`enum`, constructor parameter properties, `namespace` (also `namespace A.B`), `import x = require()`
and `export = value`. Each lowering keeps the student's line count: what it writes sits on the
lines the student's code was on.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Words a `var` cannot be named (strict mode): an enum member of that name is only a property.
RESERVED = frozenset("""
    await break case catch class const continue debugger default delete do else enum eval export extends false
    finally for function if implements import in instanceof interface let new null package private protected
    public return static super switch this throw true try typeof var void while with yield arguments
""".split())
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029")
_PLAIN = re.compile(r"[\w$]*", re.ASCII)
_NAME = re.compile(r"[^\W\d][\w$]*|\$[\w$]*")
_MEMBER, _LAST = "__jsgrade_member", "__jsgrade_last"


@dataclass
class Edit:
    """Bytes start..end of the source become `text`, or spaces when `text` is None (one space per
    character, line breaks kept), the first of them `prefix` (a `;` or `=>` that keeps code valid)."""

    start: int
    end: int
    text: str | None
    prefix: str = ""
    after: bool = False  # an insertion placed after the others at the same point (a namespace's export)


def node_text(node: Any, source: bytes) -> str:
    return source[node.start_byte:node.end_byte].decode("utf-8", "surrogatepass")


def name_of(node: Any, source: bytes) -> str:
    name = node.child_by_field_name("name")
    return node_text(name, source) if name is not None else ""


def js_string(literal: str) -> str:
    """The value of a JavaScript string literal written `literal` (quotes included)."""

    def one(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape[0] in "ux" and len(escape) > 1:
            digits = escape[2:-1] if escape.startswith("u{") else escape[1:]
            code = int(digits, 16)
            return chr(code) if code <= 0x10FFFF else ""
        if escape in ("\r\n",) or escape in _LINE_BREAKS:
            return ""  # a line continuation
        return _ESCAPES.get(escape, escape)

    return _ESCAPE.sub(one, literal[1:-1])


def js_number_key(literal: str) -> str:
    """The property key a numeric literal names, as JavaScript's Number#toString writes it."""
    text = literal.replace("_", "").lower().rstrip("n")
    if text[:2] in ("0x", "0o", "0b"):
        return str(int(text[2:], {"x": 16, "o": 8, "b": 2}[text[1]]))
    if len(text) > 1 and text[0] == "0" and text.isdigit():  # legacy octal
        return str(int(text, 8 if "8" not in text and "9" not in text else 10))
    value = float(text)
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    shown = repr(value)
    return re.sub(r"e([+-]?)0*(\d)", lambda m: "e" + (m.group(1) or "+") + m.group(2), shown)


def _is_identifier(name: str) -> bool:
    return name.replace("$", "_").isidentifier() and name not in RESERVED


def placed(pieces: list[tuple[int, str]], first_row: int, rows: int) -> str:
    """Text spanning `rows` + 1 lines, each piece starting on its row (relative to first_row).
    Linear: the pieces are joined once."""
    out: list[str] = []
    line = 0
    for row, piece in pieces:
        target = min(max(row - first_row, 0), rows)
        if target > line:
            out.append("\n" * (target - line))
            line = target
        out.append(piece)
        line += piece.count("\n")
    if line < rows:
        out.append("\n" * (rows - line))
    return "".join(out)


def lower_enum(node: Any, source: bytes, stripped: Callable[[Any], str]) -> str:
    """`enum E { A, B = 5, C }` → `var E = (function (E) { ...; var A = m("A", 0); ... return E; })(E || {});`,
    each member on its line; `m` sets the member and, for a number, its reverse mapping. `stripped(node)`
    is a member's value as JavaScript (its own types taken out)."""
    name = name_of(node, source)
    body = node.child_by_field_name("body")
    first = node.start_point[0]
    pieces: list[tuple[int, str]] = [(first, f"var {name} = (function ({name}) {{ var {_LAST}; function {_MEMBER}(k, v) {{ "
                                             f"{name}[k] = v; if (typeof v === \"number\") {name}[v] = k; return {_LAST} = v; }} ")]
    members: list[tuple[int, str, str, str | None]] = []  # row, key kind, key, value
    for member in body.named_children if body is not None else []:
        key, value = member, None
        if member.type == "enum_assignment":
            key = member.child_by_field_name("name")
            value = stripped(member.child_by_field_name("value"))
        if key.type in ("string", "number", "property_identifier"):
            members.append((member.start_point[0], key.type, node_text(key, source), value))
    # A member is a local variable only where a value may use it (an engine allows some 65,000 locals).
    used = set(_NAME.findall(" ".join(value for *_, value in members if value is not None)))
    previous = "0"
    for row, kind, key_text, value in members:
        if kind == "string":
            key_name = js_string(key_text)
        elif kind == "number":
            key_name = js_number_key(key_text)
        else:
            key_name = key_text
        quoted = f'"{key_name}"' if _PLAIN.fullmatch(key_name) else json.dumps(key_name)
        declared = kind == "property_identifier" and key_name in used and key_name != name and _is_identifier(key_name)
        piece = f"{_MEMBER}({quoted}, {previous if value is None else value}); "
        pieces.append((row, f"var {key_name} = {piece}" if declared else piece))
        previous = f"{_LAST} + 1"
    pieces.append((node.end_point[0], f"return {name}; }})({name} || {{}});"))
    return placed(pieces, first, int(node.end_point[0] - first))


def parameter_properties(node: Any, source: bytes, edits: list[Edit]) -> None:
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
                names.append(node_text(pattern, source))
    if not names:
        return
    assignments = " ".join(f"this.{n} = {n};" for n in names)
    anchor = body.children[0]  # "{"
    for statement in body.children[1:]:  # after super(...) in a derived class
        if statement.type == "expression_statement" and node_text(statement, source).lstrip().startswith("super("):
            anchor = statement
            break
    edits.append(Edit(anchor.end_byte, anchor.end_byte, " " + assignments))


def lower_namespace(node: Any, source: bytes, edits: list[Edit], types_only: Callable[[Any], bool]) -> list[Any] | None:
    """`namespace N { export const x = 1; }` → `var N; (function (N) { const x = N.x = 1; })(N || (N = {}));`
    and `namespace A.B { ... }` → the same, B's function inside A's. Returns the nodes still to be
    stripped (None: not a namespace this lowers)."""
    name_node = node.child_by_field_name("name")
    body = node.child_by_field_name("body")
    if name_node is None or body is None or name_node.type not in ("identifier", "nested_identifier"):
        return None
    names = [part.strip() for part in node_text(name_node, source).split(".")]
    if not all(_is_identifier(part) for part in names):
        return None
    head, tail = [], []
    for index, part in enumerate(names):
        head.append(f"var {part}; (function ({part})" + (" { " if index < len(names) - 1 else ""))
        outer = names[index - 1] if index else None
        tail.append(f")({part} = {outer}.{part} || ({outer}.{part} = {{}}));" if outer else f")({part} || ({part} = {{}}));")
    edits.append(Edit(node.children[0].start_byte, name_node.end_byte, "".join(head)))
    name = names[-1]
    later: list[Any] = []
    for statement in body.children:
        if statement.type != "export_statement" or types_only(statement):
            later.append(statement)
            continue
        declaration = statement.child_by_field_name("declaration")
        export_keyword = statement.children[0]
        edits.append(Edit(export_keyword.start_byte, export_keyword.end_byte, None))
        if declaration is None:
            continue
        later.append(declaration)
        exported = []
        if declaration.type in ("function_declaration", "class_declaration", "abstract_class_declaration",
                                "internal_module", "enum_declaration"):
            exported.append(name_of(declaration, source).split(".")[0].strip())
        elif declaration.type in ("lexical_declaration", "variable_declaration"):
            for declarator in declaration.children:
                if declarator.type == "variable_declarator":
                    target = declarator.child_by_field_name("name")
                    if target is not None and target.type == "identifier":
                        exported.append(node_text(target, source))
        if exported:
            assigned = " ".join(f"{name}.{e} = {e};" for e in exported)
            edits.append(Edit(statement.end_byte, statement.end_byte, " " + assigned, after=True))
    edits.append(Edit(body.end_byte, body.end_byte, " }".join(reversed(tail))))
    return later


def lower_import_equals(node: Any, edits: list[Edit]) -> None:
    """`import x = require('./y')` → `const  x = require('./y')`, `import x = A.B` → `const  x = A.B`
    (the keyword's six columns kept)."""
    keyword = node.children[0]
    edits.append(Edit(keyword.start_byte, keyword.end_byte, "const "))


def lower_export_equals(node: Any, edits: list[Edit]) -> None:
    """`export = value` → `module.exports = value` (the rest of that line moves right by eight columns)."""
    equals = node.children[1]
    edits.append(Edit(node.children[0].start_byte, equals.end_byte, "module.exports ="))
