"""The value model end to end: a value written as JavaScript, run in the sandbox, encoded on the
wire, decoded in Python, compares equal to itself, and a copy changed anywhere compares unequal."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_jsgrade.grading.compare import compare
from pytest_jsgrade.grading.show import js_literal, show
from pytest_jsgrade.grading.values import UNDEFINED, BigInt, JSDate, JSMap, JSSet, decode
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
    st.integers(-(10**30), 10**30).map(BigInt), st.integers(0, 4_000_000_000_000).map(_date),
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
        return BigInt(value.value + 1)
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
