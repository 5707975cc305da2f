"""What one call did against what it had to do: its value, its error, its console output, the
spec's check. The same for a case's call and for each step of a scenario (judge.py).

Every expectation that failed is shown, not only the first: a call that returns the wrong value
and prints the wrong output says both.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..sandbox.protocol import Status, ThrownError
from ..spec.model import Case, Expectations, JsExpr
from .compare import CompareTooLarge, Mismatch
from .differences import differences
from .matching import PatternTooSlow, describe, text_matches
from .show import show
from .values import WireError, decode
from .verdict import Kind, Section

MAX_SHOWN_LINES = 40
LONG_VALUE_LINES = 12  # longer values show where they differ, and only their first lines
Comparator = Callable[[Case, Any, Any], "Mismatch | None"]
ErrorRows = Callable[[ThrownError, str], list[Section]]


class CallOutcome(Protocol):
    """What a call did: a case's RunResult or a step's StepResult (sandbox/protocol.py), read as they are."""

    @property
    def status(self) -> Status: ...
    @property
    def value(self) -> str | None: ...
    @property
    def error(self) -> ThrownError | None: ...
    @property
    def console(self) -> str: ...
    @property
    def expected(self) -> str | None: ...
    @property
    def expected_error(self) -> str | None: ...
    @property
    def check_score(self) -> float | None: ...
    @property
    def check_error(self) -> str | None: ...


@dataclass
class Judged:
    kind: Kind
    headline: str
    rows: list[Section] = field(default_factory=list)
    fraction: float = 0.0


def cut(text: str, max_lines: int = MAX_SHOWN_LINES, max_chars: int = 8000) -> str:
    """Long text shortened with a marker that says how much was left out."""
    lines = text.splitlines()
    shown = lines[:max_lines]
    out = "\n".join(shown)
    if len(out) > max_chars:
        out = out[:max_chars] + f"… ({len(text) - max_chars} more characters)"
    elif len(lines) > max_lines:
        out += f"\n… ({len(lines) - max_lines} more lines)"
    return out


def diff_text(expected: str, got: str) -> str | None:
    """A unified diff for values or output that span lines; None where a diff adds nothing."""
    a, b = expected.splitlines(), got.splitlines()
    if len(a) <= 1 and len(b) <= 1:
        return None
    lines = [line for line in list(difflib.unified_diff(a, b, "expected", "got", lineterm="", n=2))[2:] if not line.startswith("@@")]
    return cut("\n".join(lines)) if lines else None


def judge_call(case: Case, expects: Expectations, outcome: CallOutcome, comparator: Comparator, error_rows: ErrorRows) -> Judged:
    """The verdict of one call that returned or threw (limits and load errors are judge.py's)."""
    try:
        return _judge_call(case, expects, outcome, comparator, error_rows)
    except PatternTooSlow as exc:
        return Judged(Kind.SPEC_ERROR, f"the spec's regular expression took more than {exc.seconds:g} s on this text "
                                       "(an error in the spec: anchor it, or make it backtrack less)", [("pattern", exc.pattern)])


def _judge_call(case: Case, expects: Expectations, outcome: CallOutcome, comparator: Comparator, error_rows: ErrorRows) -> Judged:
    if outcome.status == Status.THREW and outcome.error is not None:
        judged = _threw(expects, outcome.error, error_rows)
        return _with_output(judged, expects, outcome) if judged.kind is Kind.PASSED else judged
    if outcome.status != Status.RETURNED or outcome.value is None:
        return Judged(Kind.SANDBOX_ERROR, f"sandbox error: {outcome.status.words}")
    try:
        actual = decode(outcome.value)
    except WireError as exc:
        return Judged(Kind.UNREADABLE, f"the returned value could not be read: {exc}")
    if expects.throws is not None:
        want = expects.throws.name or "an error"
        return Judged(Kind.WRONG_ANSWER, f"expected {want} to be thrown, but the call returned",
                      [("expected", f"throws {want}"), ("got", cut(show(actual)))])
    failures: list[Judged] = []
    fraction = 1.0
    if expects.has_expect:
        value = _value(case, expects, outcome, actual, comparator)
        if value is not None:
            if value.kind is not Kind.WRONG_ANSWER:
                return value  # the spec's mistake, or a value too large: nothing else to say
            failures.append(value)
    if expects.check is not None and not failures:
        if outcome.check_score is None:
            return Judged(Kind.SPEC_ERROR, "the spec's check predicate failed", [("error", outcome.check_error or "")])
        fraction = outcome.check_score
        if fraction <= 0:
            rows = [("got", cut(show(actual))), ("check", expects.check.strip())]
            if outcome.check_error:
                rows.append(("error", outcome.check_error))
            failures.append(Judged(Kind.WRONG_ANSWER, "the result failed the spec's check", rows))
    output = _output(expects, outcome.console)
    if output is not None:
        failures.append(output)
    if failures:
        headline = " and ".join(dict.fromkeys(f.headline for f in failures))
        return Judged(failures[0].kind, headline, [row for f in failures for row in f.rows])
    if fraction < 1:
        return Judged(Kind.PARTIAL, f"partial credit: the check scored {fraction:.0%}", [("got", cut(show(actual)))], fraction)
    return Judged(Kind.PASSED, "passed", [], 1.0)


def _threw(expects: Expectations, error: ThrownError, error_rows: ErrorRows) -> Judged:
    if expects.throws is None:
        headline = f"threw {error.headline}" if error.is_error else error.headline
        return Judged(Kind.THREW, headline, error_rows(error, "error")[1:])
    want = expects.throws
    name_ok = want.name is None or (error.is_error and error.name == want.name)
    message_ok = not want.message or text_matches(want.message, error.message, want.match)
    expected = (want.name or "an error") + (f" with a message {describe(want.message, want.match)}" if want.message else "")
    if want.message and want.match == "contains":
        expected = (want.name or "an error") + f" with a message containing {want.message!r}"
    if name_ok and message_ok:
        return Judged(Kind.PASSED, "passed", [("threw", error.headline)], 1.0)
    return Judged(Kind.WRONG_ANSWER, "threw the wrong error", [("expected", f"throws {expected}")] + error_rows(error, "got"))


def _with_output(judged: Judged, expects: Expectations, outcome: CallOutcome) -> Judged:
    output = _output(expects, outcome.console)
    return judged if output is None else output


def _output(expects: Expectations, console: str) -> Judged | None:
    """The console output against `output:`, or None when it matches (or nothing is expected)."""
    if expects.output is None or text_matches(expects.output, console, expects.output_match):
        return None
    label = "expected output" if expects.output_match == "exact" else f"expected output ({expects.output_match})"
    rows = [(label, cut(expects.output) or "(nothing)"), ("got output", cut(console) or "(nothing)")]
    diff = diff_text(expects.output, console) if expects.output_match in ("exact", "trim") else None
    if diff:
        rows.append(("diff", diff))
    elif expects.output_match == "exact" and expects.output.strip() == console.strip():
        rows.append(("where", "the output differs only in whitespace or line endings"))
    return Judged(Kind.WRONG_OUTPUT, "wrong console output", rows)


def _value(case: Case, expects: Expectations, outcome: CallOutcome, actual: Any, comparator: Comparator) -> Judged | None:
    """The returned value against `expect:`, or None when it matches."""
    expected = expects.expect
    if isinstance(expected, JsExpr):
        if outcome.expected is None:
            return Judged(Kind.SPEC_ERROR, "the spec's expected value could not be evaluated", [("error", outcome.expected_error or "unknown error")])
        try:
            expected = decode(outcome.expected)
        except WireError as exc:
            return Judged(Kind.SPEC_ERROR, "the spec's expected value could not be read", [("error", str(exc))])
    if expects.match != "exact" and isinstance(expected, str) and isinstance(actual, str):
        if text_matches(expected, actual, expects.match):
            return None
        return Judged(Kind.WRONG_ANSWER, "wrong answer", [("expected", f"a string {describe(expected, expects.match)}"),
                                                          ("got", cut(show(actual)))])
    try:
        mismatch = comparator(case, expected, actual)
    except CompareTooLarge as exc:
        return Judged(Kind.TOO_LARGE, f"value too large to compare: {exc}")
    if mismatch is None:
        return None
    return Judged(Kind.WRONG_ANSWER, "wrong answer", _value_rows(expects, expected, actual, mismatch))


def _value_rows(expects: Expectations, expected: Any, actual: Any, mismatch: Mismatch) -> list[Section]:
    shown_expected, shown_got = show(expected), show(actual)
    long_value = max(shown_expected.count("\n"), shown_got.count("\n")) + 1 > LONG_VALUE_LINES
    if long_value and not expects.unordered:
        found = differences(expected, actual, expects.tolerance) or [mismatch]
        rows = [("expected", cut(shown_expected, LONG_VALUE_LINES)), ("got", cut(shown_got, LONG_VALUE_LINES)),
                ("differs", "\n".join(str(m) for m in found))]
    else:
        rows = [("expected", cut(shown_expected)), ("got", cut(shown_got))]
        diff = diff_text(shown_expected, shown_got)
        if diff:
            rows.append(("diff", diff))
        wide = "\n" in shown_expected or len(shown_expected) > 40
        if shown_expected == shown_got or not mismatch.reason.startswith("expected ") or (mismatch.path and wide):
            rows.append(("where" if mismatch.path else "why", str(mismatch)))
    notes = [n for n, on in (("order ignored", expects.unordered), (f"tolerance {expects.tolerance:g}" if expects.tolerance else "",
                                                                   bool(expects.tolerance))) if on]
    if notes:
        rows.append(("compared", ", ".join(notes)))
    return rows
