"""From what happened in the sandbox (a RunResult) to a Verdict: kind, score, and the explanation.

The comparison of values is deep strict equality (compare.py) unless a plugin's
`pytest_jsgrade_compare` hook says otherwise; the caller passes that in as `comparator`.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from ..sandbox.protocol import Frame, RunResult, Status, ThrownError
from ..spec.limits import describe
from ..spec.model import Case, JsExpr
from ..spec.points import ZERO, exact
from .compare import CompareTooLarge, Mismatch, compare
from .hints import did_you_mean
from .show import show
from .values import WireError, decode
from .verdict import Kind, Section, Verdict

MAX_SHOWN_LINES = 40
MAX_CONSOLE_LINES = 20
MAX_CONSOLE_CHARS = 4000


Comparator = Callable[[Case, Any, Any], "Mismatch | None"]


def default_comparator(case: Case, expected: Any, actual: Any) -> Mismatch | None:
    """Deep strict equality with the case's `tolerance` and `unordered` options."""
    return compare(expected, actual, tolerance=case.tolerance, unordered=case.unordered)


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


def _diff(expected: str, got: str) -> str | None:
    """A unified diff for values or output that span lines; None where a diff adds nothing."""
    a, b = expected.splitlines(), got.splitlines()
    if len(a) <= 1 and len(b) <= 1:
        return None
    lines = [line for line in list(difflib.unified_diff(a, b, "expected", "got", lineterm="", n=2))[2:] if not line.startswith("@@")]
    return cut("\n".join(lines)) if lines else None


def _excerpt(frame: Frame, sources: dict[str, str]) -> str | None:
    """The failing line of the student's file with a caret under the column."""
    text = sources.get(frame.file)
    if text is None:
        return None
    lines = text.lstrip("\ufeff").splitlines()
    if not 1 <= frame.line <= len(lines):
        return None
    line = lines[frame.line - 1].rstrip()
    if len(line) > 160:
        return None
    caret = " " * (max(frame.column, 1) - 1 + len(f"{frame.line} | ")) + "^"
    return f"{frame.line} | {line}\n{caret}"


class _Builder:
    def __init__(self, case: Case, result: RunResult, sources: dict[str, str]) -> None:
        self.case, self.result, self.sources = case, result, sources

    def verdict(self, kind: Kind, headline: str, sections: list[Section] | None = None, fraction: float = 0.0) -> Verdict:
        r = self.result
        rows = [("call", self.case.call.strip())] + (sections or [])
        if r.console and not any(label.endswith("output") for label, _ in rows):
            rows.append(("console", cut(r.console, MAX_CONSOLE_LINES, MAX_CONSOLE_CHARS)))
        return Verdict(kind, self.case.points * exact(fraction), self.case.points, headline, rows,
                       r.cpu_ms, r.heap_bytes, r.peak_bytes, self._location(), r.console)

    def _location(self) -> str | None:
        if self.result.error is None:
            return None
        frame = self.result.error.location(self.result.files)
        return f"{frame.file}:{frame.line}:{frame.column}" if frame else None

    def error_rows(self, error: ThrownError, label: str = "error") -> list[Section]:
        rows = [(label, error.headline)]
        frame = error.location(self.result.files)
        if frame:
            rows.append(("at", str(frame)))
            excerpt = _excerpt(frame, self.sources)
            if excerpt:
                rows.append(("code", excerpt))
        hint = did_you_mean(error, self.sources)
        if hint:
            rows.append(("hint", hint))
        return rows


def grade(case: Case, result: RunResult, sources: dict[str, str], comparator: Comparator | None = None) -> Verdict:
    """The verdict for one case. `comparator` (from the plugin hook) may replace deep equality."""
    b = _Builder(case, result, sources)
    limits = case.limits
    if result.output_exceeded:
        return b.verdict(Kind.OUTPUT_LIMIT, f"output limit exceeded: the case printed more than {describe('output', limits.output)}")
    status = result.status
    error = result.error
    if status == Status.SYNTAX_ERROR and error:
        frame = error.frames[0] if error.frames else None
        rows = [("error", error.headline)]
        if frame:
            rows.insert(0, ("file", f"{frame.file}:{frame.line}:{frame.column}"))
            excerpt = _excerpt(frame, sources)
            if excerpt:
                rows.append(("code", excerpt))
        where = f"{frame.file}:{frame.line}:{frame.column}" if frame else result.detail
        return b.verdict(Kind.SYNTAX_ERROR, f"syntax error in {where}", rows)
    if status == Status.LOAD_ERROR and error:
        return b.verdict(Kind.THREW, f"{result.detail} threw while loading", b.error_rows(error))
    if status == Status.SETUP_ERROR and error:
        if error.location(result.files):
            return b.verdict(Kind.THREW, "the submission threw during the spec's setup code", b.error_rows(error))
        return b.verdict(Kind.SPEC_ERROR, "the spec's setup code failed (an error in the spec, not the submission)", [("error", error.headline)])
    if status == Status.TIME_LIMIT:
        why = f" ({result.detail})" if result.detail else ""
        return b.verdict(Kind.TIME_LIMIT, f"time limit exceeded: more than {limits.time_text()} of CPU time{why}")
    if status == Status.MEMORY_LIMIT:
        if error is not None and error.message == "string too long":
            return b.verdict(Kind.MEMORY_LIMIT, "memory limit exceeded: a string grew past the engine's maximum length (2^30 characters)", b.error_rows(error)[1:])
        return b.verdict(Kind.MEMORY_LIMIT, f"memory limit exceeded: the JavaScript heap went over {describe('memory', limits.memory)}")

    if status == Status.STACK_OVERFLOW:
        rows = b.error_rows(error) if error else []
        return b.verdict(Kind.STACK_OVERFLOW, f"stack overflow: recursion too deep for the {describe('stack', limits.stack)} stack", rows[1:])
    if status == Status.TOO_LARGE:
        return b.verdict(Kind.TOO_LARGE, f"value too large to compare: {result.detail}")
    if status == Status.UNREADABLE:
        return b.verdict(Kind.UNREADABLE, f"the returned value could not be read: {result.detail}")
    if status == Status.UNSETTLED:
        return b.verdict(Kind.UNSETTLED, "the returned Promise never settled: nothing was left to run and it was still pending")
    if status == Status.THREW and error:
        return _threw(b, case, error)
    if status != Status.RETURNED or result.value is None:
        return b.verdict(Kind.SANDBOX_ERROR, f"sandbox error: {result.detail or 'the case could not run'}")
    return _returned(b, case, result, comparator)


def _threw(b: _Builder, case: Case, error: ThrownError) -> Verdict:
    if case.throws is None:
        headline = f"threw {error.headline}" if error.is_error else error.headline
        return b.verdict(Kind.THREW, headline, b.error_rows(error)[1:])
    want = case.throws
    name_ok = want.name is None or (error.is_error and error.name == want.name)
    message_ok = not want.message or want.message in error.message
    expected = (want.name or "an error") + (f" with a message containing {want.message!r}" if want.message else "")
    if name_ok and message_ok:
        return b.verdict(Kind.PASSED, "passed", [("threw", error.headline)], fraction=1.0)
    return b.verdict(Kind.WRONG_ANSWER, "threw the wrong error", [("expected", f"throws {expected}")] + b.error_rows(error, "got"))


def _returned(b: _Builder, case: Case, result: RunResult, comparator: Comparator | None) -> Verdict:
    assert result.value is not None
    try:
        actual = decode(result.value)
    except WireError as exc:
        return b.verdict(Kind.UNREADABLE, f"the returned value could not be read: {exc}")
    if case.throws is not None:
        want = case.throws.name or "an error"
        return b.verdict(Kind.WRONG_ANSWER, f"expected {want} to be thrown, but the call returned",
                         [("expected", f"throws {want}"), ("got", cut(show(actual)))])
    fraction = 1.0
    if case.has_expect:
        expected = case.expect
        if isinstance(expected, JsExpr):
            if result.expected is None:
                return b.verdict(Kind.SPEC_ERROR, "the spec's expected value could not be evaluated",
                                 [("error", result.expected_error or "unknown error")])
            try:
                expected = decode(result.expected)
            except WireError as exc:
                return b.verdict(Kind.SPEC_ERROR, "the spec's expected value could not be read", [("error", str(exc))])
        try:
            mismatch = (comparator or default_comparator)(case, expected, actual)
        except CompareTooLarge as exc:
            return b.verdict(Kind.TOO_LARGE, f"value too large to compare: {exc}")
        if mismatch is not None:
            shown_expected, shown_got = show(expected), show(actual)
            rows = [("expected", cut(shown_expected)), ("got", cut(shown_got))]
            diff = _diff(shown_expected, shown_got)
            if diff:
                rows.append(("diff", diff))
            long_value = "\n" in shown_expected or len(shown_expected) > 40
            if shown_expected == shown_got or not mismatch.reason.startswith("expected ") or (mismatch.path and long_value):
                rows.append(("where" if mismatch.path else "why", str(mismatch)))
            notes = [n for n, on in (("order ignored", case.unordered), (f"tolerance {case.tolerance:g}" if case.tolerance else "", bool(case.tolerance))) if on]
            if notes:
                rows.append(("compared", ", ".join(notes)))
            return b.verdict(Kind.WRONG_ANSWER, "wrong answer", rows)
    if case.check is not None:
        if result.check_score is None:
            return b.verdict(Kind.SPEC_ERROR, "the spec's check predicate failed", [("error", result.check_error or "")])
        fraction = result.check_score
        if fraction <= 0:
            rows = [("got", cut(show(actual))), ("check", case.check.strip())]
            if result.check_error:
                rows.append(("error", result.check_error))
            return b.verdict(Kind.WRONG_ANSWER, "the result failed the spec's check", rows)
    if case.output is not None and result.console != case.output:
        rows = [("expected output", cut(case.output) or "(nothing)"), ("got output", cut(result.console) or "(nothing)")]
        diff = _diff(case.output, result.console)
        if diff:
            rows.append(("diff", diff))
        elif case.output.strip() == result.console.strip():
            rows.append(("where", "the output differs only in whitespace or line endings"))
        return b.verdict(Kind.WRONG_OUTPUT, "wrong console output", rows)
    if fraction < 1:
        return b.verdict(Kind.PARTIAL, f"partial credit: the check scored {fraction:.0%}", [("got", cut(show(actual)))], fraction=fraction)
    return b.verdict(Kind.PASSED, "passed", [], fraction=1.0)


def missing_files(case: Case, missing: list[str], submission: str) -> Verdict:
    """The verdict when the submission lacks a file the spec loads."""
    names = ", ".join(missing)
    return Verdict(Kind.MISSING_FILE, ZERO, case.points, f"missing submission file: {names}",
                   [("call", case.call.strip()), ("looked in", submission)])


def spec_error(case: Case, reason: str) -> Verdict:
    """A case that cannot be graded because of the spec or its reference (a pytest error)."""
    return Verdict(Kind.SPEC_ERROR, ZERO, case.points, reason, [("call", case.call.strip())])


def bad_file(case: Case, reason: str) -> Verdict:
    return Verdict(Kind.MISSING_FILE, ZERO, case.points, reason, [("call", case.call.strip())])
