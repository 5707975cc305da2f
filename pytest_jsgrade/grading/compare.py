"""Deep strict equality with Node's `assert.deepStrictEqual` semantics, outside the sandbox.

Primitives compare with Object.is (NaN equals NaN, 0 and -0 differ), objects by class and
own enumerable properties regardless of key order, Maps and Sets regardless of order.
`tolerance` relaxes number comparison everywhere in the value; `unordered` ignores the
order of a top-level array. A mismatch says where (`[2].name`) and why.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .show import show, type_name
from .values import (
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


@dataclass(frozen=True)
class Mismatch:
    path: str  # "" for the value itself
    reason: str

    def __str__(self) -> str:
        return f"at {self.path}: {self.reason}" if self.path else self.reason


def compare(expected: Any, actual: Any, *, tolerance: float | None = None, unordered: bool = False) -> Mismatch | None:
    """None when equal, else the first difference found."""
    if unordered and isinstance(expected, list) and isinstance(actual, list):
        return _unordered(expected, actual, tolerance, "")
    return _diff(expected, actual, tolerance, "")


def _numbers_equal(a: float, b: float, tolerance: float | None) -> bool:
    if tolerance is None or not (math.isfinite(a) and math.isfinite(b)):
        return a == b and math.copysign(1, a) == math.copysign(1, b) or (math.isnan(a) and math.isnan(b))
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)


def _kind(value: Any) -> type:
    return bool if isinstance(value, bool) else type(value)


def _diff(e: Any, a: Any, tol: float | None, path: str) -> Mismatch | None:
    if _kind(e) is not _kind(a):
        return Mismatch(path, f"expected {type_name(e)} {_short(e)}, got {type_name(a)} {_short(a)}")
    if isinstance(e, float):
        if _numbers_equal(e, a, tol):
            return None
        within = f" (tolerance {tol:g})" if tol is not None else ""
        return Mismatch(path, f"expected {_short(e)}, got {_short(a)}{within}")
    if isinstance(e, list):
        if len(e) != len(a):
            return Mismatch(path, f"expected an array of length {len(e)}, got length {len(a)}")
        for i, (x, y) in enumerate(zip(e, a, strict=True)):
            found = _diff(x, y, tol, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(e, dict):
        return _props(e, a, tol, path)
    if isinstance(e, JSObject):
        if e.ctor != a.ctor:
            return Mismatch(path, f"expected {type_name(e)}, got {type_name(a)}")
        return _props(e.props, a.props, tol, path)
    if isinstance(e, JSError):
        if (e.name, e.message) != (a.name, a.message):
            return Mismatch(path, f"expected {_short(e)}, got {_short(a)}")
        return _props(e.props, a.props, tol, path)
    if isinstance(e, SparseArray):
        if e.length != a.length or [i for i, _ in e.items] != [i for i, _ in a.items]:
            return Mismatch(path, f"expected {_short(e)}, got {_short(a)}")
        for (i, x), (_, y) in zip(e.items, a.items, strict=True):
            found = _diff(x, y, tol, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(e, JSTypedArray):
        if e.kind != a.kind:
            return Mismatch(path, f"expected {e.kind}, got {a.kind}")
        return _diff(e.items, a.items, tol, path)
    if isinstance(e, JSMap):
        return _map(e, a, tol, path)
    if isinstance(e, JSSet):
        return _unordered(e.items, a.items, tol, path, what="Set")
    if isinstance(e, (str, BigInt, JSDate, JSRegExp, JSArrayBuffer, JSFunction, JSSymbol, Circular)) or e is None:
        return None if e == a else Mismatch(path, f"expected {_short(e)}, got {_short(a)}")
    return None if e is a or e == a else Mismatch(path, f"expected {_short(e)}, got {_short(a)}")


def _props(e: dict[str, Any], a: dict[str, Any], tol: float | None, path: str) -> Mismatch | None:
    missing = [k for k in e if k not in a]
    if missing:
        return Mismatch(path, f"missing property {_names(missing)}")
    extra = [k for k in a if k not in e]
    if extra:
        return Mismatch(path, f"unexpected property {_names(extra)}")
    for key, value in e.items():
        found = _diff(value, a[key], tol, f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]")
        if found:
            return found
    return None


def _map(e: JSMap, a: JSMap, tol: float | None, path: str) -> Mismatch | None:
    if len(e.entries) != len(a.entries):
        return Mismatch(path, f"expected a Map of {len(e.entries)} entries, got {len(a.entries)}")
    unused = list(a.entries)
    for key, value in e.entries:
        match = next((i for i, (k, _) in enumerate(unused) if _diff(key, k, None, "") is None), None)
        if match is None:
            return Mismatch(path, f"missing Map key {_short(key)}")
        found = _diff(value, unused.pop(match)[1], tol, f"{path}.get({_short(key)})")
        if found:
            return found
    return None


def _unordered(e: list[Any], a: list[Any], tol: float | None, path: str, what: str = "array") -> Mismatch | None:
    """Multiset equality: every expected element matched by a distinct equal actual element."""
    if len(e) != len(a):
        return Mismatch(path, f"expected {what} of {len(e)} elements (in any order), got {len(a)}")
    unused = list(a)
    for item in e:
        match = next((i for i, y in enumerate(unused) if _diff(item, y, tol, "") is None), None)
        if match is None:
            return Mismatch(path, f"{_short(item)} is missing (order ignored)")
        unused.pop(match)
    return None


def _names(keys: list[str]) -> str:
    shown = ", ".join(repr(k) for k in keys[:5])
    return shown + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")


def _short(value: Any, limit: int = 60) -> str:
    text = show(value, width=10**9)
    return text if len(text) <= limit else text[: limit - 1] + "…"
