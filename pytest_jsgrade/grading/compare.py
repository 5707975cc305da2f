"""Deep strict equality with Node's `assert.deepStrictEqual` semantics, outside the sandbox.

Primitives compare with Object.is (NaN equals NaN, 0 and -0 differ), objects by class and own
enumerable properties regardless of key order, Maps and Sets regardless of order. `tolerance`
relaxes number comparison everywhere in the value; `unordered` ignores the order of a top-level
array. A mismatch says where (`[2].name`) and why.

A value can be 1,000 levels deep and 200,000 parts large, and this runs in pytest's process:
- the walk is iterative (an explicit stack), so depth costs nothing special;
- Sets, Maps and unordered arrays are matched through canonical ids (every distinct value gets
  a number, equal values the same number), so n elements cost O(n log n), not n² comparisons;
- with a tolerance, elements not equal exactly are then matched pairwise, greedily, within a
  budget of steps; past it the comparison stops with CompareTooLarge, a verdict of its own.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from .show import bigint_text, flat, type_name
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

MATCHING_BUDGET = 400_000  # steps of pairwise matching with a tolerance before giving up (about 2 s)
SORT_DEPTH = 40  # values nested deeper are not given a sort key (tuples compare recursively)
Path = tuple[Any, str] | None  # (parent path, step): built as the walk goes, written out only for a mismatch


class CompareTooLarge(Exception):
    """The comparison would take too long; str() says why, for the verdict."""


@dataclass(frozen=True)
class Mismatch:
    path: str  # "" for the value itself
    reason: str

    def __str__(self) -> str:
        return f"at {compact_path(self.path)}: {self.reason}" if self.path else self.reason


_STEP = re.compile(r"\.[^.\[]+|\[[^\]]*\]")
REPEATS_SHOWN = 3  # a step repeated more often than this is written once, with its count


def compact_path(path: str) -> str:
    """A path a person can read: `.next×500.value` for five hundred `.next` steps in a row."""
    steps = _STEP.findall(path)
    if "".join(steps) != path:
        return path
    out: list[str] = []
    index = 0
    while index < len(steps):
        end = index
        while end < len(steps) and steps[end] == steps[index]:
            end += 1
        count = end - index
        out.append(steps[index] * count if count <= REPEATS_SHOWN else f"{steps[index]}×{count}")
        index = end
    return "".join(out)


def compare(expected: Any, actual: Any, *, tolerance: float | None = None, unordered: bool = False) -> Mismatch | None:
    """None when equal, else the first difference found. CompareTooLarge when it cannot be told in time."""
    comparison = _Comparison(tolerance)
    try:
        if unordered and isinstance(expected, list) and isinstance(actual, list):
            return comparison.unordered(expected, actual, None, "array")
        return comparison.diff(expected, actual, None)
    except RecursionError:  # only tolerance matching of Sets within Sets nests calls
        raise CompareTooLarge("the value nests Sets or unordered arrays too deeply to compare with a tolerance") from None


def _path_text(path: Path) -> str:
    steps = []
    while path is not None:
        path, step = path
        steps.append(step)
    return "".join(reversed(steps))


def _mismatch(path: Path, reason: str) -> Mismatch:
    return Mismatch(_path_text(path), reason)


def _numbers_equal(a: float, b: float, tolerance: float | None) -> bool:
    if tolerance is None or not (math.isfinite(a) and math.isfinite(b)):
        return a == b and math.copysign(1, a) == math.copysign(1, b) or (math.isnan(a) and math.isnan(b))
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)


def _kind(value: Any) -> type:
    return bool if isinstance(value, bool) else type(value)


def _short(value: Any, limit: int = 60) -> str:
    return flat(value, limit)


def _key_step(key: str) -> str:
    return f".{key}" if key.isidentifier() else f"[{key!r}]"


class Canon:
    """Canonical ids: equal values (deep strict equality, no tolerance) get the same number.

    Hash-consing: a value's key is its kind and its children's ids, so every key is flat and
    the whole value costs one pass, bottom-up, without recursion."""

    def __init__(self) -> None:
        self._ids: dict[tuple[Any, ...], int] = {}

    def id(self, root: Any) -> int:
        return self.ids([root])[0]

    def ids(self, roots: list[Any]) -> list[int]:
        """The ids of many values in one pass (the elements of a Set or an unordered array):
        leaves get theirs at once, containers after all their parts (post-order, no recursion)."""
        table = self._ids
        known: dict[int, int] = {}
        order: list[Any] = []
        stack: list[tuple[Any, bool]] = []
        for value in roots:
            if isinstance(value, _CONTAINERS):
                stack.append((value, False))
            else:
                known[id(value)] = table.setdefault(self._key(value, known), len(table))
        while stack:
            value, expanded = stack.pop()
            if expanded:
                order.append(value)
                continue
            stack.append((value, True))
            for child in _children(value) or ():
                if isinstance(child, _CONTAINERS):
                    stack.append((child, False))
                else:
                    known[id(child)] = table.setdefault(self._key(child, known), len(table))
        for value in order:
            known[id(value)] = table.setdefault(self._key(value, known), len(table))
        return [known[id(root)] for root in roots]

    @staticmethod
    def _key(v: Any, known: dict[int, int]) -> tuple[Any, ...]:
        def of(child: Any) -> int:  # the id of a child, computed before its parent
            return known[id(child)]

        if v is None or v is UNDEFINED or isinstance(v, bool):
            return ("leaf", repr(v))
        if isinstance(v, float):
            return ("num", "NaN") if math.isnan(v) else ("num", "-0") if v == 0 and math.copysign(1, v) < 0 else ("num", v)
        if isinstance(v, str):
            return ("str", v)
        if isinstance(v, list):
            return ("arr", *map(of, v))
        if isinstance(v, dict):
            return ("obj", "Object", *sorted((k, of(x)) for k, x in v.items()))
        if isinstance(v, JSObject):
            return ("obj", v.ctor, *sorted((k, of(x)) for k, x in v.props.items()))
        if isinstance(v, JSError):
            return ("err", v.name, v.message, *sorted((k, of(x)) for k, x in v.props.items()))
        if isinstance(v, SparseArray):
            return ("sparse", v.length, *((i, of(x)) for i, x in v.items))
        if isinstance(v, JSTypedArray):
            return ("typed", v.kind, *map(of, v.items))
        if isinstance(v, JSMap):
            return ("map", *sorted((of(k), of(x)) for k, x in v.entries))
        if isinstance(v, JSSet):
            return ("set", *sorted(map(of, v.items)))
        if isinstance(v, (BigInt, JSDate, JSRegExp, JSArrayBuffer, JSFunction, JSSymbol, Circular)):
            return (type(v).__name__, v)
        return ("other", type(v).__name__, id(v))  # a value a plugin made: equal only to itself


_CONTAINERS = (list, dict, JSObject, JSError, SparseArray, JSTypedArray, JSMap, JSSet)


def _children(value: Any) -> list[Any] | None:
    """The parts of a container, in a fixed order (for canonical ids)."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, (JSObject, JSError)):
        return list(value.props.values())
    if isinstance(value, SparseArray):
        return [x for _, x in value.items]
    if isinstance(value, JSTypedArray):
        return value.items
    if isinstance(value, JSMap):
        return [x for entry in value.entries for x in entry]
    if isinstance(value, JSSet):
        return value.items
    return None


class _Comparison:
    def __init__(self, tolerance: float | None) -> None:
        self.tolerance = tolerance
        self.canon = Canon()
        self.steps = 0

    def diff(self, expected: Any, actual: Any, path: Path) -> Mismatch | None:
        """The first difference in depth-first order, or None."""
        stack: list[tuple[Any, Any, Path]] = [(expected, actual, path)]
        while stack:
            e, a, at = stack.pop()
            self.steps += 1
            found = self._step(e, a, at, stack)
            if found is not None:
                return found
        return None

    def _step(self, e: Any, a: Any, path: Path, stack: list[tuple[Any, Any, Path]]) -> Mismatch | None:
        if _kind(e) is not _kind(a):
            return _mismatch(path, f"expected {type_name(e)} {_short(e)}, got {type_name(a)} {_short(a)}")
        if isinstance(e, float):
            if _numbers_equal(e, a, self.tolerance):
                return None
            within = f" (tolerance {self.tolerance:g})" if self.tolerance is not None else ""
            return _mismatch(path, f"expected {_short(e)}, got {_short(a)}{within}")
        if isinstance(e, list):
            if len(e) != len(a):
                return _mismatch(path, f"expected an array of length {len(e)}, got length {len(a)}")
            stack.extend((x, y, (path, f"[{i}]")) for i, x, y in reversed(list(zip(range(len(e)), e, a, strict=True))))
            return None
        if isinstance(e, dict):
            return self._props(e, a, path, stack)
        if isinstance(e, JSObject):
            if e.ctor != a.ctor:
                return _mismatch(path, f"expected {type_name(e)}, got {type_name(a)}")
            return self._props(e.props, a.props, path, stack)
        if isinstance(e, JSError):
            if (e.name, e.message) != (a.name, a.message):
                return _mismatch(path, f"expected {_short(e)}, got {_short(a)}")
            return self._props(e.props, a.props, path, stack)
        if isinstance(e, SparseArray):
            if e.length != a.length or [i for i, _ in e.items] != [i for i, _ in a.items]:
                return _mismatch(path, f"expected {_short(e)}, got {_short(a)}")
            stack.extend((x, y, (path, f"[{i}]")) for (i, x), (_, y) in reversed(list(zip(e.items, a.items, strict=True))))
            return None
        if isinstance(e, JSTypedArray):
            if e.kind != a.kind:
                return _mismatch(path, f"expected {e.kind}, got {a.kind}")
            stack.append((e.items, a.items, path))
            return None
        if isinstance(e, JSMap):
            return self._map(e, a, path, stack)
        if isinstance(e, JSSet):
            return self.unordered(e.items, a.items, path, "Set")
        if isinstance(e, BigInt):
            return None if e == a else _mismatch(path, _bigints_differ(e, a))
        if isinstance(e, (str, JSDate, JSRegExp, JSArrayBuffer, JSFunction, JSSymbol, Circular)) or e is None:
            return None if e == a else _mismatch(path, f"expected {_short(e)}, got {_short(a)}")
        return None if e is a or e == a else _mismatch(path, f"expected {_short(e)}, got {_short(a)}")

    def _props(self, e: dict[str, Any], a: dict[str, Any], path: Path, stack: list[tuple[Any, Any, Path]]) -> Mismatch | None:
        missing = [k for k in e if k not in a]
        if missing:
            return _mismatch(path, f"missing property {_names(missing)}")
        extra = [k for k in a if k not in e]
        if extra:
            return _mismatch(path, f"unexpected property {_names(extra)}")
        stack.extend((value, a[key], (path, _key_step(key))) for key, value in reversed(list(e.items())))
        return None

    def _map(self, e: JSMap, a: JSMap, path: Path, stack: list[tuple[Any, Any, Path]]) -> Mismatch | None:
        """Keys match exactly (by canonical id); values compare with the tolerance."""
        if len(e.entries) != len(a.entries):
            return _mismatch(path, f"expected a Map of {len(e.entries)} entries, got {len(a.entries)}")
        by_key: defaultdict[int, list[Any]] = defaultdict(list)
        actual_keys = self.canon.ids([key for key, _ in a.entries])
        for (_, value), key_id in zip(reversed(a.entries), reversed(actual_keys), strict=True):
            by_key[key_id].append(value)
        pairs = []
        for (key, value), key_id in zip(e.entries, self.canon.ids([key for key, _ in e.entries]), strict=True):
            found = by_key.get(key_id)
            if not found:
                return _mismatch(path, f"missing Map key {_short(key)}")
            pairs.append((value, found.pop(), (path, f".get({_short(key)})")))
        stack.extend(reversed(pairs))
        return None

    def unordered(self, e: list[Any], a: list[Any], path: Path, what: str) -> Mismatch | None:
        """Multiset equality: every expected element matched by a distinct equal actual element."""
        if len(e) != len(a):
            return _mismatch(path, f"expected {what} of {len(e)} elements (in any order), got {len(a)}")
        actual_ids = self.canon.ids(a)
        available = Counter(actual_ids)
        unmatched = []
        for x, key in zip(e, self.canon.ids(e), strict=True):
            if available[key] > 0:
                available[key] -= 1
            else:
                unmatched.append(x)
        if not unmatched:
            return None
        if self.tolerance is not None:
            rest = []  # the actual elements no expected one equals exactly
            for y, key in zip(a, actual_ids, strict=True):
                if available[key] > 0:
                    available[key] -= 1
                    rest.append(y)
            missing = self._match_with_tolerance(unmatched, rest)
            return None if missing is None else _mismatch(path, f"{_short(missing)} is missing (order ignored)")
        return _mismatch(path, f"{_short(unmatched[0])} is missing (order ignored)")

    def _match_with_tolerance(self, expected: list[Any], actual: list[Any]) -> Any | None:
        """The first expected element without a partner, or None when all pair up. First in sorted
        order (values within the tolerance of each other sort next to each other), then greedily,
        each pair tried with a full comparison, within MATCHING_BUDGET steps."""
        keys_e, keys_a = [_sort_key(x) for x in expected], [_sort_key(y) for y in actual]
        if all(k is not None for k in keys_e + keys_a):
            left = [x for _, x in sorted(zip(keys_e, expected, strict=True), key=_first)]
            right = [y for _, y in sorted(zip(keys_a, actual, strict=True), key=_first)]
            if all(self.diff(x, y, None) is None for x, y in zip(left, right, strict=True)):
                return None
        unused = list(actual)
        for x in expected:
            for i, y in enumerate(unused):
                if self.steps > MATCHING_BUDGET:
                    raise CompareTooLarge(f"matching {len(expected)} elements in any order with a tolerance needs more than "
                                          f"{MATCHING_BUDGET:,} steps")
                if self.diff(x, y, None) is None:
                    unused.pop(i)
                    break
            else:
                return x
        return None


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _sort_key(value: Any, depth: int = 0) -> tuple[Any, ...] | None:
    """An order in which numbers within a tolerance of each other tend to be neighbours, for plain
    data (numbers, strings, arrays, objects) not nested deeper than SORT_DEPTH; None otherwise."""
    if depth > SORT_DEPTH:
        return None
    if isinstance(value, float):
        return (0, 1, 0.0) if math.isnan(value) else (0, 0, value)
    if isinstance(value, str):
        return (1, value)
    if value is None or value is UNDEFINED or isinstance(value, bool):
        return (2, repr(value))
    if isinstance(value, list):
        keys = [_sort_key(x, depth + 1) for x in value]
        return None if None in keys else (3, len(keys), tuple(keys))
    if isinstance(value, dict):
        keys = [_sort_key(x, depth + 1) for x in value.values()]
        return None if None in keys else (4, tuple(sorted(value)), tuple(k for _, k in sorted(zip(value, keys, strict=True))))
    return None


def _bigints_differ(e: BigInt, a: BigInt) -> str:
    shown_e, shown_a = bigint_text(e), bigint_text(a)
    if shown_e != shown_a:
        return f"expected {shown_e}, got {shown_a}"
    at = next(i for i, (x, y) in enumerate(zip(e.digits, a.digits, strict=True)) if x != y)
    return f"expected {shown_e}, got {shown_a}: the digits differ from digit {at + 1 - e.digits.startswith('-')}"


def _names(keys: list[str]) -> str:
    shown = ", ".join(repr(k) for k in keys[:5])
    return shown + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
