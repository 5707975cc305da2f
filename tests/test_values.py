"""The value model end to end: a value written as JavaScript, run in the sandbox, encoded on the
wire, decoded in Python, compares equal to itself, and a copy changed anywhere compares unequal."""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_jsgrade.grading.compare import compare
from pytest_jsgrade.grading.show import js_literal, show
from pytest_jsgrade.grading.values import UNDEFINED, BigInt, JSDate, JSMap, JSSet, WireError, decode
from pytest_jsgrade.sandbox.pool import WorkerPool
from pytest_jsgrade.sandbox.protocol import CaseJob, Status


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    pool = WorkerPool(size=1)
    yield pool
    pool.close()


def _date(ms: int) -> JSDate:
    moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(milliseconds=ms)
    return JSDate(moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"))


numbers = st.floats(allow_nan=True, allow_infinity=True)
# Set members and Map keys: JavaScript keeps one of equal primitives (and -0 becomes 0), so keep them distinct.
members = st.one_of(st.integers(-10**6, 10**6).map(float), st.text(max_size=6))
leaves = st.one_of(
    st.none(), st.just(UNDEFINED), st.booleans(), numbers, st.text(max_size=12),
    st.integers(-(10**30), 10**30).map(BigInt.of), st.integers(0, 4_000_000_000_000).map(_date),
)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.text(max_size=6), inner, max_size=5),
        st.lists(st.tuples(members, inner), max_size=4, unique_by=lambda kv: repr(kv[0])).map(JSMap),
        st.lists(members, max_size=5, unique_by=repr).map(JSSet),
    )


values = st.recursive(leaves, _containers, max_leaves=25)


def mutated(value: Any) -> Any:
    """A copy of `value` that differs in one place (deep strict equality must see it)."""
    if value is None:
        return UNDEFINED
    if value is UNDEFINED:
        return None
    if isinstance(value, bool):
        return not value
    if isinstance(value, float):
        return 0.0 if math.isnan(value) else (math.nan if math.isinf(value) else (-value if value else 1.0))
    if isinstance(value, str):
        return value + "\0"
    if isinstance(value, BigInt):
        return BigInt.of(int(value.digits) + 1)
    if isinstance(value, JSDate):
        return JSDate(None)
    if isinstance(value, list):
        return [mutated(value[0]), *value[1:]] if value else [None]
    if isinstance(value, dict):
        if not value:
            return {"": None}
        key = next(iter(value))
        return {**value, key: mutated(value[key])}
    if isinstance(value, JSMap):
        if not value.entries:
            return JSMap([("k", None)])
        (key, first), *rest = value.entries
        return JSMap([(key, mutated(first)), *rest])
    assert isinstance(value, JSSet)
    return JSSet([*value.items, "\0 not a member"])


def roundtrip(pool: WorkerPool, value: Any) -> Any:
    result = pool.run(CaseJob(files=(), call=js_literal(value)))
    assert result.status == Status.RETURNED, (js_literal(value), result)
    assert result.value is not None
    return decode(result.value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values)
def test_a_value_survives_the_sandbox_and_compares_equal_to_itself(pool: WorkerPool, value: Any) -> None:
    back = roundtrip(pool, value)
    assert compare(value, back) is None, (show(value), show(back))
    assert compare(back, value) is None
    assert show(roundtrip(pool, back)) == show(back)  # stable once the engine has ordered the keys its way


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values)
def test_a_changed_copy_compares_unequal(pool: WorkerPool, value: Any) -> None:
    changed = mutated(value)
    assert compare(value, changed) is not None, (show(value), show(changed))
    assert compare(roundtrip(pool, value), changed) is not None


def test_a_key_named_proto_stays_a_key(pool: WorkerPool) -> None:
    value = {"__proto__": [1.0], "a": 2.0}
    assert compare(value, roundtrip(pool, value)) is None


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 300), st.floats(allow_nan=False), st.sampled_from(["a", "@", "o", "n", "s"])),
    lambda inner: st.lists(inner, max_size=5), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(wire=st.one_of(json_values, st.tuples(json_values, st.lists(json_values, max_size=4)).map(list)))
def test_any_wire_text_decodes_or_is_refused_as_unreadable(wire: Any) -> None:
    """The wire comes from the student's sandbox: whatever it holds, decoding ends in a value or a WireError."""
    try:
        decode(json.dumps(wire))
    except WireError:
        pass


@pytest.mark.parametrize("wire", [
    '[["@", 0], [["a", [["@", 0]]]]]',  # a node that contains itself
    '[["@", 0], [["a", [["@", 1], ["@", 1]]], ["a", []]]]',  # a node used twice
    '[1, [["a", []]]]',  # a node that is not part of the value
    '[["@", 0], [["s", 5, [[7, 1]]]]]',  # an index past the length
    '[["t", "Function", [1]], []]',  # not a typed array
    '[["b", "12a"], []]',  # not digits
    '[' + '[' * 5000 + ']' * 5000 + ', []]',  # deeper than JSON parsing allows
])
def test_malformed_wire_is_refused(wire: str) -> None:
    with pytest.raises(WireError):
        decode(wire)


def test_deep_values_decode_compare_and_show_without_recursion() -> None:
    nodes = [f'["o","Object",[["value",{i}],["next",["@",{i + 1}]]]]' for i in range(999)] + ['["a",[]]']
    value = decode('[["@",0],[' + ",".join(nodes) + "]]")
    assert compare(value, decode('[["@",0],[' + ",".join(nodes) + "]]")) is None
    text = show(value)
    assert text.count("\n") < 500 and len(text) < 100_000
