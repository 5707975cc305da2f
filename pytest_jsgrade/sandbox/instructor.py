"""The instructor's code that runs beside a case: `!js` expected values and `check` predicates.

Each runs in a clean sandbox of its own, never in the student's, and a `check` sees a copy of
the result rebuilt from the wire text, never the student's live object.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json

import quickjs

from .errors import Regions, first_line
from .protocol import MB, Budget, CaseJob
from .runtime import Sandbox, TimeUp, extras_named, harness_config, sanitize

GRADER_CODE_LIMITS = Budget(time=5.0, memory=256 * MB, stack=16 * MB, output=64 * 1024)


def _clean_sandbox(code: str) -> Sandbox:
    words = extras_named(CaseJob(files=(), call=code))
    sandbox = Sandbox(GRADER_CODE_LIMITS, harness_config(CaseJob(files=(), call=""), Regions(), "", words), words)
    sandbox.start_clock()
    return sandbox


def evaluate_expected(expression: str) -> tuple[str | None, str | None]:
    """A `!js` expected value, evaluated and encoded: (wire text, None) or (None, why not)."""
    try:
        sandbox = _clean_sandbox(expression)
        encoded = json.loads(sandbox.js(f"__jsgrade.encodeValue((function () {{ return (\n{sanitize(expression)}\n); }})())"))
    except (quickjs.JSException, TimeUp) as exc:
        return None, f"the !js expected value `{expression}` failed: {first_line(exc)}"
    if encoded["state"] != "returned":
        return None, f"the !js expected value `{expression}` cannot be compared: {encoded.get('why', '')}"
    return encoded["value"], None


def run_check(predicate: str, value: str) -> tuple[float | None, str | None]:
    """Runs an instructor's `check` predicate on a copy of the result.

    Returns (score from 0 to 1, None), (0, why) when the result made the predicate throw,
    or (None, why) when the predicate itself is broken (a spec error).
    """
    try:
        sandbox = _clean_sandbox(predicate)
        predicate_fn = sandbox.js(f"(\n{sanitize(predicate)}\n)")
        if not isinstance(predicate_fn, quickjs.Object):
            return None, "the check is not a function; write it as (result) => ..."
    except (quickjs.JSException, TimeUp) as exc:
        return None, f"the check predicate does not compile: {first_line(exc)}"
    apply_check = (
        "(function (f) { if (typeof f !== 'function') return 'not a function';"
        " const r = f(__jsgrade.decodeValue(" + json.dumps(value) + "));"
        " return typeof r === 'number' ? r : !!r; })"
    )
    try:
        outcome = sandbox.js(apply_check)(predicate_fn)
    except TimeUp:
        return 0.0, "the check did not finish in time on this result"
    except quickjs.JSException as exc:
        if str(exc).startswith("InternalError: interrupted"):
            return 0.0, "the check did not finish in time on this result"
        return 0.0, f"the check threw on this result: {first_line(exc)}"
    if outcome == "not a function":
        return None, "the check is not a function; write it as (result) => ..."
    if isinstance(outcome, bool):
        return (1.0 if outcome else 0.0), None
    if isinstance(outcome, (int, float)) and 0 <= outcome <= 1:
        return float(outcome), None
    return None, f"the check predicate returned {outcome!r}; it must return a boolean or a number from 0 to 1"
