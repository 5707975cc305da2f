"""Where two values differ, for a long value: the paths of the first few differences, so a
student reads `[3].address.city: expected "Oslo", got "oslo"` instead of two screens of text.

Equal parts are skipped by their canonical ids (compare.Canon, one pass over each value), so
listing the differences of two large values costs no more than comparing them.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from typing import Any

from .compare import Canon, Mismatch, compare
from .values import JSObject

MAX_DIFFERENCES = 5


def _key_step(key: str) -> str:
    return f".{key}" if key.isidentifier() else f"[{key!r}]"


def _pairs(expected: Any, actual: Any) -> list[tuple[str, Any, Any]] | None:
    """The parts both values have, by path step; None when they are not containers of one shape."""
    if isinstance(expected, list) and isinstance(actual, list):
        return [(f"[{i}]", e, a) for i, (e, a) in enumerate(zip(expected, actual, strict=False))]  # the common part; lengths are told apart
    if isinstance(expected, dict) and isinstance(actual, dict):
        return [(_key_step(k), expected[k], actual[k]) for k in expected if k in actual]
    if isinstance(expected, JSObject) and isinstance(actual, JSObject) and expected.ctor == actual.ctor:
        return [(_key_step(k), expected.props[k], actual.props[k]) for k in expected.props if k in actual.props]
    return None


def _shape(expected: Any, actual: Any) -> str | None:
    """How two containers of one kind differ in shape (length, keys), if they do."""
    if isinstance(expected, list):
        return None if len(expected) == len(actual) else f"expected {len(expected)} elements, got {len(actual)}"
    have, want = (set(v) if isinstance(v, dict) else set(v.props) for v in (actual, expected))
    parts = []
    if want - have:
        parts.append("missing " + ", ".join(sorted(want - have)[:5]))
    if have - want:
        parts.append("unexpected " + ", ".join(sorted(have - want)[:5]))
    return "; ".join(parts) or None


def differences(expected: Any, actual: Any, tolerance: float | None = None, limit: int = MAX_DIFFERENCES) -> list[Mismatch]:
    """Up to `limit` differences in document order, each at the deepest path that tells it."""
    canon = Canon()
    found: list[Mismatch] = []
    todo: list[tuple[str, Any, Any]] = [("", expected, actual)]
    while todo and len(found) < limit:
        path, e, a = todo.pop()
        if canon.id(e) == canon.id(a):
            continue
        pairs = _pairs(e, a)
        if pairs is None:
            mismatch = compare(e, a, tolerance=tolerance)
            if mismatch is not None:
                found.append(Mismatch(path + mismatch.path, mismatch.reason))
            continue
        shape = _shape(e, a)
        if shape is not None:
            found.append(Mismatch(path, shape))
        todo.extend((path + step, ce, ca) for step, ce, ca in reversed(pairs))
    return found[:limit]
