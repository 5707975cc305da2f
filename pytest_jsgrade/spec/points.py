"""Points are exact: fractions from the spec to the reports, never floats that drift.

An instructor writes `points: 0.1` or `points: 10` for a group of 3; the grader keeps those as
exact fractions (0.1 is one tenth, not the float next to it), splits a group's points into parts
that add up exactly, and only turns points into text or floats at the edge:
- `human` for people: at most two decimals;
- `machine` for files people may still read (JUnit, step outputs): exact decimals;
- `floats_adding_up` for platforms that add per-test floats themselves (Gradescope, GitHub
  Classroom's reporter): floats chosen so that adding them in order gives exactly the total.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

Points = Fraction
ZERO = Fraction(0)
SPLIT_PLACES = 2  # a group's parts are multiples of 0.01 (or of the group's own smallest decimal)
MACHINE_PLACES = 6  # a fraction with no exact decimal is written with this many decimals


def exact(value: Any) -> Fraction:
    """Points as written: an int, a float (as its shortest decimal, so 0.1 is one tenth), a
    decimal string, or a Fraction."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise TypeError("points are numbers, not booleans")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"points must be finite, not {value!r}")
        return Fraction(Decimal(repr(value)))
    return Fraction(Decimal(str(value)))


def _places(value: Fraction) -> int | None:
    """How many decimals `value` needs, or None when it has no finite decimal expansion."""
    denominator, places = value.denominator, 0
    while denominator % 10 == 0:
        denominator //= 10
        places += 1
    while denominator % 2 == 0 or denominator % 5 == 0:
        denominator //= 2 if denominator % 2 == 0 else 5
        places += 1
    return places if denominator == 1 else None


def split(total: Fraction, count: int) -> list[Fraction]:
    """`total` in `count` parts that add up to it exactly, each a multiple of 0.01 (or of the
    total's own smallest decimal when it has more), larger parts first (largest remainder)."""
    if count <= 0:
        return []
    needed = _places(total)
    places = max(SPLIT_PLACES, MACHINE_PLACES if needed is None else needed)
    unit = Fraction(1, 10**places)
    units = total / unit
    whole, rest = divmod(math.floor(units), count)
    parts = [(whole + 1) * unit if i < rest else whole * unit for i in range(count)]
    parts[-1] += total - sum(parts, ZERO)  # only a total with no finite decimals leaves a rest here
    return parts


def human(value: Fraction) -> str:
    """Points for people: at most two decimals, no trailing zeros (`3`, `0.5`, `0.33`)."""
    rounded = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def machine(value: Fraction) -> str:
    """Points for files: the exact decimal (`0.3333333`), or six decimals for a fraction like 1/3."""
    places = _places(value)
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    if places is None:
        decimal = decimal.quantize(Decimal(1).scaleb(-MACHINE_PLACES), rounding=ROUND_HALF_UP)
    else:
        decimal = (Decimal(value.numerator) * Decimal(10) ** places / Decimal(value.denominator)).scaleb(-places)
    text = f"{decimal:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def as_float(value: Fraction) -> float:
    return float(Decimal(machine(value)))


def floats_adding_up(values: list[Fraction], total: Fraction | None = None) -> list[float]:
    """Floats for `values` such that adding them in order, starting from 0, gives `as_float(total)`
    exactly (total: the sum of the values). Each float is the value's own, except the last
    non-zero one, which absorbs the rounding of the others (a few units in the last place)."""
    target = as_float(sum(values, ZERO) if total is None else total)
    floats = [as_float(v) for v in values]
    last = max((i for i, f in enumerate(floats) if f), default=None)
    if last is None:
        return floats
    before = 0.0
    for f in floats[:last]:
        before += f
    after = floats[last + 1 :]  # all zero: they cannot change the sum
    candidate = target - before
    for _ in range(64):
        if before + candidate == target:
            break
        candidate = math.nextafter(candidate, math.inf if before + candidate < target else -math.inf)
    floats[last] = candidate
    assert not any(after)
    return floats


def float_sum(values: list[float]) -> float:
    """What a platform gets by adding per-test floats in order, as JavaScript's reduce does."""
    total = 0.0
    for value in values:
        total += value
    return total
