"""The JavaScript value model on the Python side, and decoding the sandbox's wire format into it.

JS numbers are Python floats (so 1 and 1.0 are the same, and -0.0 and NaN survive); strings,
booleans, null (None), arrays (lists) and plain objects (dicts) are themselves; everything
that has no Python twin gets a small class of its own. show.py writes values back as JavaScript.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json
import math
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


@dataclass(frozen=True)
class BigInt:
    value: int


@dataclass(frozen=True)
class SparseArray:
    """An array with holes; only the present elements are kept (a 4-billion length costs nothing)."""

    length: int
    items: tuple[tuple[int, Any], ...]


@dataclass
class JSObject:
    """A class instance (ctor = its class name) or a null-prototype object (ctor = None)."""

    ctor: str | None
    props: dict[str, Any]


@dataclass
class JSMap:
    entries: list[tuple[Any, Any]]


@dataclass
class JSSet:
    items: list[Any]


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

_SPECIAL_NUMBERS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}


def decode(text: str) -> Any:
    """The sandbox's wire text (see harness.js `encode`) → the Python model."""
    return _decode(json.loads(text))


def _decode(w: Any) -> Any:
    if isinstance(w, bool) or w is None or isinstance(w, str):
        return w
    if isinstance(w, (int, float)):
        return float(w)
    tag = w[0]
    if tag == "n":
        return _SPECIAL_NUMBERS[w[1]]
    if tag == "u":
        return UNDEFINED
    if tag == "b":
        return BigInt(int(w[1]))
    if tag == "a":
        return [_decode(x) for x in w[2]]
    if tag == "s":
        return SparseArray(w[1], tuple((int(i), _decode(v)) for i, v in w[2]))
    if tag == "o":
        props = {k: _decode(v) for k, v in w[2]}
        return props if w[1] == "Object" else JSObject(w[1], props)
    if tag == "m":
        return JSMap([(_decode(k), _decode(v)) for k, v in w[1]])
    if tag == "S":
        return JSSet([_decode(v) for v in w[1]])
    if tag == "d":
        return JSDate(w[1])
    if tag == "r":
        return JSRegExp(w[1], w[2])
    if tag == "t":
        big = w[1].startswith("Big")
        return JSTypedArray(w[1], [BigInt(int(x)) if big else _decode(x) for x in w[2]])
    if tag == "B":
        return JSArrayBuffer(bytes(w[1]))
    if tag == "e":
        return JSError(w[1], w[2], w[3], {k: _decode(v) for k, v in w[4]})
    if tag == "f":
        return JSFunction(w[1], w[2])
    if tag == "y":
        return JSSymbol(w[1])
    if tag == "c":
        return Circular(w[1])
    raise ValueError(f"unknown value tag {tag!r}")
