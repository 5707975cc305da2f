"""Resource limits: parsing the sizes and durations instructors write, and their bounds.

Limits mean the same on every machine because they are CPU time (not wall time) and
QuickJS heap bytes (not process RSS). Units are binary: 1KB = 1024 bytes.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*x\s*$", re.IGNORECASE)
_DURATION = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|sec|min)?\s*$", re.IGNORECASE)
_SIZE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$", re.IGNORECASE)
_DURATION_UNITS = {None: 1.0, "s": 1.0, "sec": 1.0, "ms": 0.001, "min": 60.0}
_SIZE_UNITS = {None: 1, "b": 1, "kb": 1 << 10, "kib": 1 << 10, "mb": 1 << 20, "mib": 1 << 20, "gb": 1 << 30, "gib": 1 << 30}

KB = 1 << 10
MB = 1 << 20

# (lowest, highest) accepted per key; outside these a spec is rejected at collection.
BOUNDS: dict[str, tuple[float, float]] = {
    "time": (0.001, 60.0),
    "memory": (256 * KB, 2048 * MB),
    "stack": (64 * KB, 64 * MB),
    "output": (1, 16 * MB),
}


class LimitError(ValueError):
    """A limit that cannot be read or is out of bounds; the message is for the instructor."""


@dataclass(frozen=True)
class Limits:
    """The limits of one case. Picklable plain data: it crosses into sandbox workers."""

    time: float = 1.0  # CPU seconds for load + setup + call
    memory: int = 64 * MB  # QuickJS heap bytes the submission may allocate
    stack: int = 8 * MB  # QuickJS stack bytes (about 600 JS frames per MB)
    output: int = 64 * KB  # console output characters

    time_factor: float | None = None  # `time: 5x`: the limit is this many times the reference's CPU time
    time_floor: float = 0.05  # the least a relative limit resolves to (`min:`), seconds

    def merged(self, overrides: dict[str, Any] | None) -> Limits:
        """These limits with a spec's or case's `limits:` mapping applied on top."""
        if not overrides:
            return self
        changes: dict[str, Any] = {}
        for key, value in overrides.items():
            if key == "time" and isinstance(value, str) and _RELATIVE.match(value):
                factor = float(_RELATIVE.match(value).group(1))  # type: ignore[union-attr]
                if not 1 <= factor <= 1000:
                    raise LimitError(f"time limit {value!r} is out of range: a relative limit must be between 1x and 1000x")
                changes["time_factor"] = factor
            elif key == "min":
                changes["time_floor"] = parse_limit("time", value)
            else:
                changes[key] = parse_limit(key, value)
                if key == "time":
                    changes["time_factor"] = None
        return replace(self, **changes)

    def time_text(self) -> str:
        """The time limit as messages show it, with how a relative limit was resolved."""
        shown = self.time if self.time_factor is None else round(self.time, 4 if self.time < 1 else 2)  # a measured limit: 530.7ms, 1.1s
        text = describe("time", round(shown, 4))
        if self.time_factor is not None:
            text += f" ({self.time_factor:g}× the reference solution's CPU time, at least {describe('time', self.time_floor)})"
        return text

    def resolved(self, reference_seconds: float) -> Limits:
        """A relative time limit made absolute from the reference's CPU time."""
        if self.time_factor is None:
            return self
        seconds = min(max(self.time_factor * reference_seconds, self.time_floor), BOUNDS["time"][1])
        return replace(self, time=seconds)


def parse_duration(value: Any) -> float:
    """`250ms`, `2s`, `1.5`, `1min` → seconds."""
    if isinstance(value, bool):
        raise LimitError(f"{value!r} is not a duration; write e.g. 250ms or 2s")
    if isinstance(value, (int, float)):
        return float(value)
    match = _DURATION.match(str(value))
    if not match:
        raise LimitError(f"{value!r} is not a duration; write e.g. 250ms or 2s")
    return float(match.group(1)) * _DURATION_UNITS[(match.group(2) or "").lower() or None]


def parse_size(value: Any) -> int:
    """`512KB`, `64MB`, `1GB`, or a bare number of bytes → bytes."""
    if isinstance(value, bool):
        raise LimitError(f"{value!r} is not a size; write e.g. 512KB or 64MB")
    if isinstance(value, (int, float)):
        return int(value)
    match = _SIZE.match(str(value))
    if not match:
        raise LimitError(f"{value!r} is not a size; write e.g. 512KB or 64MB")
    return int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "").lower() or None])


def parse_limit(key: str, value: Any) -> Any:
    """One `limits:` entry, parsed and checked against BOUNDS."""
    if key == "min":
        key = "time"
    if key not in BOUNDS:
        raise LimitError(f"unknown limit {key!r}; the limits are {', '.join(BOUNDS)}")
    parsed: float | int = parse_duration(value) if key == "time" else parse_size(value)
    low, high = BOUNDS[key]
    if not low <= parsed <= high:
        raise LimitError(
            f"{key} limit {value!r} is out of range: it must be between {describe(key, low)} and {describe(key, high)}"
        )
    return parsed


def describe(key: str, amount: float) -> str:
    """A limit as people write it: `250ms`, `2s`, `64MB`."""
    if key == "time":
        return f"{amount * 1000:g}ms" if amount < 1 else f"{amount:g}s"
    for unit, size in (("GB", 1 << 30), ("MB", MB), ("KB", KB)):
        if amount >= size and amount % size == 0:
            return f"{int(amount) // size}{unit}"
    return f"{int(amount)} bytes" if key != "output" else f"{int(amount)} characters"


DEFAULT_LIMITS = Limits()
