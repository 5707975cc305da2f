"""The JavaScript value model on the Python side, and decoding the sandbox's wire text into it.

JS numbers are Python floats (so 1 and 1.0 are the same, and -0.0 and NaN survive); strings,
booleans, null (None), arrays (lists) and plain objects (dicts) are themselves; everything
that has no Python twin gets a small class of its own. show.py writes values back as JavaScript.

The wire text comes from the student's sandbox, so decoding treats it as untrusted data: every
tag, count and reference is checked, anything else is a WireError (the case's value "could not
be read"), and nothing recurses, so a value nested as deep as the encoder allows (1,000 levels)
decodes like a flat one. The format is described in sandbox/js/lib/encode.js.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any


class _Undefined:
    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = _Undefined()
_DIGITS = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class BigInt:
    """A BigInt, as its decimal digits: any size the sandbox can hold compares exactly (Python's
    int() refuses more than 4,300 digits by default, and nothing here needs arithmetic)."""

    digits: str

    def __post_init__(self) -> None:
        if not _DIGITS.fullmatch(self.digits):
            raise ValueError(f"not a BigInt: {self.digits[:40]!r}")
        sign, body = ("-", self.digits[1:]) if self.digits.startswith("-") else ("", self.digits)
        body = body.lstrip("0") or "0"
        object.__setattr__(self, "digits", ("" if body == "0" else sign) + body)

    @classmethod
    def of(cls, value: int) -> BigInt:
        return cls(str(value))


@dataclass
class SparseArray:
    """An array with holes; only the present elements are kept (a 4-billion length costs nothing)."""

    length: int
    items: list[tuple[int, Any]] = field(default_factory=list)


@dataclass
class JSObject:
    """A class instance (ctor = its class name) or a null-prototype object (ctor = None)."""

    ctor: str | None
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class JSMap:
    entries: list[tuple[Any, Any]] = field(default_factory=list)


@dataclass
class JSSet:
    items: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class JSDate:
    iso: str | None  # None for an Invalid Date


@dataclass(frozen=True)
class JSRegExp:
    source: str
    flags: str


@dataclass
class JSTypedArray:
    kind: str
    items: list[Any]


@dataclass(frozen=True)
class JSArrayBuffer:
    data: bytes


@dataclass
class JSError:
    name: str
    message: str
    ctor: str = "Error"
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JSFunction:
    name: str
    is_class: bool = False


@dataclass(frozen=True)
class JSSymbol:
    description: str


@dataclass(frozen=True)
class Circular:
    """A reference back to an enclosing value, `up` levels above."""

    up: int


# -- decoding ---------------------------------------------------------------------------

TYPED_ARRAYS = frozenset({"Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
                          "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"})
_SPECIAL_NUMBERS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}
MAX_ARRAY_LENGTH = 2**32 - 1


class WireError(ValueError):
    """The wire text is not a value the encoder could have written."""


def _str(x: Any) -> str:
    if not isinstance(x, str):
        raise WireError(f"expected text, got {type(x).__name__}")
    return x


def _list(x: Any) -> list[Any]:
    if not isinstance(x, list):
        raise WireError(f"expected a list, got {type(x).__name__}")
    return x


def _index(x: Any, low: int, high: int) -> int:
    if isinstance(x, bool) or not isinstance(x, int) or not low <= x <= high:
        raise WireError(f"expected a whole number from {low} to {high}")
    return x


def decode(text: str) -> Any:
    """The sandbox's wire text → the Python model; WireError for anything malformed."""
    try:
        wire = _list(json.loads(text))
        if len(wire) != 2:
            raise WireError("expected [root, nodes]")
        return _Decoder(_list(wire[1])).run(wire[0])
    except WireError:
        raise
    except (ValueError, TypeError, IndexError, KeyError, RecursionError) as exc:
        raise WireError(f"malformed value: {type(exc).__name__}: {exc}") from None


class _Decoder:
    """Creates every container first, empty, then fills them in node order: a child's node always
    comes after its parent's, so one pass fills a tree of any depth without recursion."""

    def __init__(self, nodes: list[Any]) -> None:
        self.nodes = nodes
        self.made: list[Any] = [None] * len(nodes)
        self.used = [False] * len(nodes)  # each node is part of the value exactly once

    def run(self, root: Any) -> Any:
        for at, raw in enumerate(self.nodes):
            self.made[at] = self._empty(raw)
        value = self._child(root, -1)
        for at, raw in enumerate(self.nodes):
            if not self.used[at]:
                raise WireError(f"node {at} is not part of the value")
            self._fill(at, raw)
        return value

    def _empty(self, raw: Any) -> Any:
        node = _list(raw)
        tag = node[0] if node else None
        if tag == "a":
            return []
        if tag == "s":
            return SparseArray(_index(node[1], 0, MAX_ARRAY_LENGTH))
        if tag == "o":
            ctor = None if node[1] is None else _str(node[1])
            return {} if ctor == "Object" else JSObject(ctor)
        if tag == "m":
            return JSMap()
        if tag == "S":
            return JSSet()
        if tag == "e":
            return JSError(_str(node[1]), _str(node[2]), _str(node[3]))
        raise WireError(f"unknown container tag {tag!r}")

    def _fill(self, at: int, raw: list[Any]) -> None:
        made, tag = self.made[at], raw[0]
        if tag == "a":
            made.extend(self._child(x, at) for x in _list(raw[1]))
        elif tag == "s":
            for pair in _list(raw[2]):
                index, value = _list(pair)
                made.items.append((_index(index, 0, made.length - 1), self._child(value, at)))
        elif tag == "m":
            for pair in _list(raw[1]):
                key, value = _list(pair)
                made.entries.append((self._child(key, at), self._child(value, at)))
        elif tag == "S":
            made.items.extend(self._child(x, at) for x in _list(raw[1]))
        else:
            props = made.props if isinstance(made, (JSObject, JSError)) else made
            for pair in _list(raw[4] if tag == "e" else raw[2]):
                key, value = _list(pair)
                props[_str(key)] = self._child(value, at)

    def _child(self, w: Any, parent: int) -> Any:
        if isinstance(w, bool) or w is None or isinstance(w, str):
            return w
        if isinstance(w, (int, float)):
            return float(w)
        w = _list(w)
        tag = w[0] if w else None
        if tag == "@":
            at = _index(w[1], parent + 1, len(self.nodes) - 1)
            if self.used[at]:
                raise WireError(f"node {at} is used twice")
            self.used[at] = True
            return self.made[at]
        if tag == "n":
            if w[1] not in _SPECIAL_NUMBERS:
                raise WireError(f"unknown number {w[1]!r}")
            return _SPECIAL_NUMBERS[w[1]]
        if tag == "u":
            return UNDEFINED
        if tag == "b":
            return _bigint(w[1])
        if tag == "y":
            return JSSymbol(_str(w[1]))
        if tag == "f":
            return JSFunction(_str(w[1]), bool(w[2]))
        if tag == "c":
            return Circular(_index(w[1], 1, 1000))
        if tag == "d":
            return JSDate(None if w[1] is None else _str(w[1]))
        if tag == "r":
            return JSRegExp(_str(w[1]), _str(w[2]))
        if tag == "t":
            kind = _str(w[1])
            if kind not in TYPED_ARRAYS:
                raise WireError(f"unknown typed array {kind!r}")
            big = kind.startswith("Big")
            return JSTypedArray(kind, [_bigint(x) if big else self._number(x) for x in _list(w[2])])
        if tag == "B":
            return JSArrayBuffer(bytes(_index(b, 0, 255) for b in _list(w[1])))
        raise WireError(f"unknown value tag {tag!r}")

    @staticmethod
    def _number(w: Any) -> float:
        if isinstance(w, (int, float)) and not isinstance(w, bool):
            return float(w)
        if isinstance(w, list) and len(w) == 2 and w[0] == "n" and w[1] in _SPECIAL_NUMBERS:
            return _SPECIAL_NUMBERS[w[1]]
        raise WireError("expected a number")


def _bigint(x: Any) -> BigInt:
    try:
        return BigInt(_str(x))
    except ValueError as exc:
        raise WireError(str(exc)) from None
