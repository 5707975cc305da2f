"""Values written the way students write them: JavaScript literals, one line or indented,
type names in JavaScript words, and generated inputs as source text.

A value can be 1,000 levels deep and 200,000 parts large, so nothing here recurses over a
value and every rendering has a budget: a container becomes a sequence of tokens (text, or a
part still to render) on an explicit stack, and rendering stops once the budget is spent.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from collections.abc import Callable
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

MAX_SHOW_LINES = 400  # more is not read by anyone, and a diff of it would cost seconds
MAX_FLAT = 20_000  # characters of one line of display
MAX_INDENT = 40  # deeper than this, a part is shown on one line
BIGINT_DIGITS = 40  # longer BigInts show their first and last digits and how many there are


class _Text(str):
    """A piece of text among the tokens of a container (as opposed to a part to render)."""


Tokens = Callable[[Any], "str | list[Any]"]  # a leaf's text, or a container's tokens


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


def bigint_text(value: BigInt) -> str:
    digits = value.digits
    body = digits.lstrip("-")
    if len(body) <= BIGINT_DIGITS:
        return f"{digits}n"
    sign = "-" if digits.startswith("-") else ""
    return f"{sign}{body[:20]}…{body[-10:]}n ({len(body):,} digits)"


def _key_text(k: str) -> str:
    return k if k.isidentifier() and k.isascii() else js_string(k)


def _joined(opener: str, closer: str, children: list[tuple[str, Any]], spaced: bool) -> list[Any]:
    """Tokens of a container: `opener prefix child, prefix child closer`."""
    tokens: list[Any] = [_Text(opener + (" " if spaced else ""))]
    for i, (prefix, child) in enumerate(children):
        if i:
            tokens.append(_Text(", "))
        if prefix:
            tokens.append(_Text(prefix))
        tokens.append(child)
    tokens.append(_Text((" " if spaced else "") + closer))
    return tokens


def _gap(count: int) -> _Text:
    return _Text(f"<{count} empty item{'s' if count > 1 else ''}>")


def _sparse_children(value: SparseArray) -> list[tuple[str, Any]]:
    parts: list[tuple[str, Any]] = []
    at = 0
    for index, item in value.items:
        if index > at:
            parts.append(("", _gap(index - at)))
        parts.append(("", item))
        at = index + 1
    if value.length > at:
        parts.append(("", _gap(value.length - at)))
    return parts


def _show_tokens(value: Any) -> str | list[Any]:
    """How `show` writes a value: the text of a leaf, or the tokens of a container."""
    if isinstance(value, _Text):
        return str(value)
    if isinstance(value, list):
        return "[]" if not value else _joined("[", "]", [("", v) for v in value], spaced=False)
    if isinstance(value, SparseArray):
        return _joined("[", "]", _sparse_children(value), spaced=False)
    if isinstance(value, JSTypedArray):
        return _joined(f"{value.kind}({len(value.items)}) [", "]", [("", v) for v in value.items], spaced=False)
    if isinstance(value, JSMap):
        tokens: list[Any] = [_Text(f"Map({len(value.entries)}) {{")]
        for i, (key, item) in enumerate(value.entries):
            tokens += [_Text(", " if i else " "), key, _Text(" => "), item]
        return tokens + [_Text(" }" if value.entries else "}")]
    parts = _breakable(value)
    if parts is not None:
        opener, closer, children = parts
        return opener + closer if not children else _joined(opener, closer, children, spaced=True)
    return _leaf(value)


def _leaf(value: Any) -> str:
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
        return bigint_text(value)
    if isinstance(value, JsExpr):
        return value.source
    if isinstance(value, JSDate):
        return f"Date({value.iso})" if value.iso else "Invalid Date"
    if isinstance(value, JSRegExp):
        return f"/{value.source}/{value.flags}"
    if isinstance(value, JSArrayBuffer):
        return f"ArrayBuffer({len(value.data)}) <" + " ".join(f"{b:02x}" for b in value.data) + ">"
    if isinstance(value, JSError):
        return f"{value.name}: {value.message}" if value.message else value.name
    if isinstance(value, JSFunction):
        return f"[class {value.name or '(anonymous)'}]" if value.is_class else f"[Function: {value.name or '(anonymous)'}]"
    if isinstance(value, JSSymbol):
        return f"Symbol({value.description})"
    if isinstance(value, Circular):
        return "[Circular]"
    return repr(value)


def _render(value: Any, tokens: Tokens, limit: int) -> tuple[str, bool]:
    """The text of `value`, and whether it was cut at `limit` characters (then it ends with …)."""
    out: list[str] = []
    size = 0
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        found = str(item) if isinstance(item, _Text) else tokens(item)
        if isinstance(found, list):
            stack.extend(reversed(found))
            continue
        out.append(found)
        size += len(found)
        if size > limit:
            return "".join(out)[: max(limit - 1, 0)] + "…", True
    return "".join(out), False


def flat(value: Any, limit: int = MAX_FLAT) -> str:
    """A value on one line, at most `limit` characters."""
    return _render(value, _show_tokens, limit)[0]


def _breakable(value: Any) -> tuple[str, str, list[tuple[str, Any]]] | None:
    """How a container that may span lines opens, closes and lists its parts."""
    if isinstance(value, list):
        return "[", "]", [("", v) for v in value]
    if isinstance(value, dict):
        return "{", "}", [(f"{_key_text(k)}: ", v) for k, v in value.items()]
    if isinstance(value, JSObject):
        head = "[Object: null prototype] {" if value.ctor is None else f"{value.ctor} {{"
        return head, "}", [(f"{_key_text(k)}: ", v) for k, v in value.props.items()]
    if isinstance(value, JSMap):
        return f"Map({len(value.entries)}) {{", "}", [(f"{flat(k, 200)} => ", v) for k, v in value.entries]
    if isinstance(value, JSSet):
        return f"Set({len(value.items)}) {{", "}", [("", v) for v in value.items]
    return None


def show(value: Any, width: int = 72, max_lines: int = MAX_SHOW_LINES) -> str:
    """A value as a JavaScript literal: one line when it fits in `width`, else indented lines
    (at most `max_lines` of them)."""
    lines: list[str] = []
    _pretty(value, width, 0, "", "", lines, max_lines)
    if len(lines) > max_lines:
        lines[max_lines:] = ["… (cut)"]
    return "\n".join(lines)


def _pretty(value: Any, width: int, indent: int, prefix: str, suffix: str, lines: list[str], max_lines: int) -> None:
    """Appends `value`'s lines. Recursion is at most MAX_INDENT / 2 deep: deeper parts stay on one line."""
    if len(lines) > max_lines:
        return
    pad = " " * indent
    text, cut = _render(value, _show_tokens, width - indent)
    parts = _breakable(value)
    if parts is None or not cut or indent >= MAX_INDENT:
        if cut:
            text = flat(value)
        lines.append(pad + prefix + text + suffix)
        return
    opener, closer, children = parts
    lines.append(pad + prefix + opener)
    for i, (child_prefix, child) in enumerate(children):
        _pretty(child, width, indent + 2, child_prefix, "," if i < len(children) - 1 else "", lines, max_lines)
        if len(lines) > max_lines:
            return
    lines.append(pad + closer + suffix)


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


def _literal_tokens(value: Any) -> str | list[Any]:
    """How `js_literal` writes a value: source text that evaluates to an equal value."""
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
        return f"{value.digits}n"
    if isinstance(value, list):
        return _joined("[", "]", [("", v) for v in value], spaced=False)
    if isinstance(value, SparseArray):
        tokens: list[Any] = [_Text(f"(() => {{ const a = []; a.length = {value.length}; ")]
        for index, item in value.items:
            tokens += [_Text(f"a[{index}] = "), item, _Text("; ")]
        return tokens + [_Text("return a; })()")]
    if isinstance(value, dict):
        # Computed keys: a literal "__proto__" key would set the object's prototype instead.
        return _joined("{", "}", [(f"[{js_string(k)}]: ", v) for k, v in value.items()], spaced=False)
    if isinstance(value, JSMap):
        tokens = [_Text("new Map([")]
        for i, (key, item) in enumerate(value.entries):
            tokens += [_Text(", [" if i else "["), key, _Text(", "), item, _Text("]")]
        return tokens + [_Text("])")]
    if isinstance(value, JSSet):
        return _joined("new Set([", "])", [("", v) for v in value.items], spaced=False)
    if isinstance(value, JSDate):
        return f"new Date({js_string(value.iso) if value.iso else 'NaN'})"
    if isinstance(value, JSRegExp):
        return f"new RegExp({js_string(value.source)}, {js_string(value.flags)})"
    if isinstance(value, JSTypedArray):
        return _joined(f"new {value.kind}([", "])", [("", v) for v in value.items], spaced=False)
    raise ValueError(f"a generated input cannot contain a {type_name(value)}")


def js_literal(value: Any) -> str:
    """A value as JavaScript source that evaluates to an equal value (for generated calls)."""
    return _render(value, _literal_tokens, 1 << 62)[0]
