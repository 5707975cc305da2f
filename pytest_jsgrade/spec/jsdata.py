"""Expectations written in YAML as plain JavaScript data: numbers are JS numbers (Python floats,
so 1 and 1.0 are the same), keys are strings as JavaScript would make them.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import math
from typing import Any

from .model import JsExpr


def from_yaml(value: Any) -> Any:
    """A YAML expectation → plain JS data (floats, strings, booleans, None, lists, dicts)."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, JsExpr)):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return [from_yaml(v) for v in value]
    if isinstance(value, dict):
        return {_key(k): from_yaml(v) for k, v in value.items()}
    raise TypeError(f"a YAML value of type {type(value).__name__} cannot be a JavaScript value")


def _key(k: Any) -> str:
    if isinstance(k, bool):
        return "true" if k else "false"
    if isinstance(k, float):
        return js_number(k)
    return "null" if k is None else str(k)


def js_number(x: float) -> str:
    """A number as JavaScript's String(x) writes it."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0" if math.copysign(1, x) < 0 else "0"
    if x.is_integer() and abs(x) < 1e21:
        return str(int(x))
    text = repr(x)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    exp = int(exponent)
    if -7 < exp < 21:  # JavaScript writes these positionally
        digits = mantissa.replace(".", "").replace("-", "")
        sign = "-" if x < 0 else ""
        if exp < 0:
            return f"{sign}0.{'0' * (-exp - 1)}{digits.rstrip('0')}"
        return f"{sign}{digits.ljust(exp + 1, '0')}"
    return f"{mantissa}e{'+' if exp > 0 else '-'}{abs(exp)}"
