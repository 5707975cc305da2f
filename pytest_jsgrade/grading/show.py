"""Values written the way students write them: JavaScript literals, one line or indented,
type names in JavaScript words, and generated inputs as source text.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from typing import Any

from ..spec.jsdata import js_number
from ..spec.model import JsExpr
from .values import (
    UNDEFINED,
    BigInt,
    Circular,
    JSArrayBuffer,
    JSDate,
    JSError,
    JSFunction,
    JSMap,
    JSObject,
    JSRegExp,
    JSSet,
    JSSymbol,
    JSTypedArray,
    SparseArray,
)


def js_string(s: str) -> str:
    """A string literal in double quotes; control characters and lone surrogates escaped."""
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20 or 0xD800 <= code <= 0xDFFF or code in (0x7F, 0x2028, 0x2029):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _key_text(k: str) -> str:
    return k if k.isidentifier() and k.isascii() else js_string(k)


def show(value: Any, width: int = 72) -> str:
    """A value as a JavaScript literal: one line when it fits in `width`, else indented lines."""
    return "\n".join(_lines(value, width, 0))


def _lines(value: Any, width: int, indent: int) -> list[str]:
    flat = _flat(value)
    parts = _children(value)
    if len(flat) + indent <= width or parts is None:
        return [flat]
    opener, closer, children = parts
    lines = [opener]
    for i, (prefix, child) in enumerate(children):
        sub = _lines(child, width, indent + 2)
        sub[0] = prefix + sub[0]
        if i < len(children) - 1:
            sub[-1] += ","
        lines.extend("  " + line for line in sub)
    lines.append(closer)
    return lines


def _children(value: Any) -> tuple[str, str, list[tuple[str, Any]]] | None:
    """How a container opens, closes and lists its parts, for multi-line display."""
    if isinstance(value, list):
        return "[", "]", [("", v) for v in value]
    if isinstance(value, dict):
        return "{", "}", [(f"{_key_text(k)}: ", v) for k, v in value.items()]
    if isinstance(value, JSObject):
        head = "[Object: null prototype] {" if value.ctor is None else f"{value.ctor} {{"
        return head, "}", [(f"{_key_text(k)}: ", v) for k, v in value.props.items()]
    if isinstance(value, JSMap):
        return f"Map({len(value.entries)}) {{", "}", [(f"{_flat(k)} => ", v) for k, v in value.entries]
    if isinstance(value, JSSet):
        return f"Set({len(value.items)}) {{", "}", [("", v) for v in value.items]
    return None


def _flat(value: Any) -> str:
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return js_number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return js_string(value)
    if isinstance(value, BigInt):
        return f"{value.value}n"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    if isinstance(value, SparseArray):
        return _flat_sparse(value)
    if isinstance(value, JsExpr):
        return value.source
    parts = _children(value)
    if parts is not None:
        opener, closer, children = parts
        if not children:
            return opener + closer
        return opener + " " + ", ".join(prefix + _flat(v) for prefix, v in children) + " " + closer
    if isinstance(value, JSDate):
        return f"Date({value.iso})" if value.iso else "Invalid Date"
    if isinstance(value, JSRegExp):
        return f"/{value.source}/{value.flags}"
    if isinstance(value, JSTypedArray):
        return f"{value.kind}({len(value.items)}) [" + ", ".join(_flat(v) for v in value.items) + "]"
    if isinstance(value, JSArrayBuffer):
        return f"ArrayBuffer({len(value.data)}) <" + " ".join(f"{b:02x}" for b in value.data) + ">"
    if isinstance(value, JSError):
        return f"{value.name}: {value.message}" if value.message else value.name
    if isinstance(value, JSFunction):
        if value.is_class:
            return f"[class {value.name or '(anonymous)'}]"
        return f"[Function: {value.name or '(anonymous)'}]"
    if isinstance(value, JSSymbol):
        return f"Symbol({value.description})"
    if isinstance(value, Circular):
        return "[Circular]"
    return repr(value)


def _flat_sparse(value: SparseArray) -> str:
    parts: list[str] = []
    at = 0
    for index, item in value.items:
        if index > at:
            gap = index - at
            parts.append(f"<{gap} empty item{'s' if gap > 1 else ''}>")
        parts.append(_flat(item))
        at = index + 1
    if value.length > at:
        gap = value.length - at
        parts.append(f"<{gap} empty item{'s' if gap > 1 else ''}>")
    return "[" + ", ".join(parts) + "]"


def type_name(value: Any) -> str:
    """What kind of value this is, in JavaScript words (for 'expected a number, got a string')."""
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, SparseArray)):
        return "array"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, JSObject):
        return f"{value.ctor} instance" if value.ctor else "null-prototype object"
    names = {BigInt: "bigint", JSMap: "Map", JSSet: "Set", JSDate: "Date", JSRegExp: "RegExp", JSError: "Error",
             JSFunction: "function", JSSymbol: "symbol", JSArrayBuffer: "ArrayBuffer", Circular: "circular reference"}
    if isinstance(value, JSTypedArray):
        return value.kind
    return names.get(type(value), type(value).__name__)


def js_literal(value: Any) -> str:
    """A value as JavaScript source that evaluates to an equal value (for generated calls)."""
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = js_number(value)
        return f"({text})" if text.startswith("-") else text
    if isinstance(value, str):
        return js_string(value)
    if isinstance(value, BigInt):
        return f"{value.value}n"
    if isinstance(value, list):
        return "[" + ", ".join(js_literal(v) for v in value) + "]"
    if isinstance(value, SparseArray):
        return "(() => { const a = []; a.length = " + str(value.length) + "; " + " ".join(
            f"a[{i}] = {js_literal(v)};" for i, v in value.items) + " return a; })()"
    if isinstance(value, dict):
        # A computed key: a literal "__proto__" key would set the object's prototype instead.
        return "{" + ", ".join(f"[{js_string(k)}]: {js_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, JSMap):
        return "new Map([" + ", ".join(f"[{js_literal(k)}, {js_literal(v)}]" for k, v in value.entries) + "])"
    if isinstance(value, JSSet):
        return "new Set([" + ", ".join(js_literal(v) for v in value.items) + "])"
    if isinstance(value, JSDate):
        return f"new Date({js_string(value.iso) if value.iso else 'NaN'})"
    if isinstance(value, JSRegExp):
        return f"new RegExp({js_string(value.source)}, {js_string(value.flags)})"
    if isinstance(value, JSTypedArray):
        return f"new {value.kind}([" + ", ".join(js_literal(v) for v in value.items) + "])"
    raise ValueError(f"a generated input cannot contain a {type_name(value)}")
