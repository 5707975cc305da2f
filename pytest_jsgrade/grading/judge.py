"""From what happened in the sandbox (a RunResult) to a Verdict: kind, score, and the explanation.

What stops a case as a whole (a syntax error, a load error, a limit) is judged here; what a call
returned or threw against its expectations is expectations.py's, for the case's call and for each
step of a scenario alike. The comparison of values is deep strict equality (compare.py) unless a
plugin's `pytest_jsgrade_compare` hook says otherwise; the caller passes that in as `comparator`.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..sandbox.protocol import Frame, RunResult, Status, StepResult, ThrownError
from ..spec.limits import describe
from ..spec.model import Case, Step
from ..spec.points import ZERO, exact
from .compare import Mismatch, compare
from .expectations import Comparator, Judged, cut, judge_call
from .hints import did_you_mean
from .show import flat
from .values import WireError, decode
from .verdict import Kind, Section, Verdict

MAX_CONSOLE_LINES = 20
MAX_CONSOLE_CHARS = 4000
STEP_MARKS = {True: "✓", False: "✗"}


def default_comparator(case: Case, expected: Any, actual: Any) -> Mismatch | None:
    """Deep strict equality with the case's `tolerance` and `unordered` options."""
    return compare(expected, actual, tolerance=case.tolerance, unordered=case.unordered)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _excerpt(frame: Frame, sources: dict[str, str]) -> str | None:
    """The failing line of the student's file with a caret under the column."""
    text = sources.get(frame.file)
    if text is None:
        return None
    lines = _LINE_BREAK.split(text.lstrip("\ufeff"))  # as JavaScript counts lines: not at U+2028 inside a string
    if not 1 <= frame.line <= len(lines):
        return None
    line = lines[frame.line - 1].rstrip()
    if len(line) > 160:
        return None
    before = "".join("\t" if ch == "\t" else " " for ch in line[: max(frame.column, 1) - 1])  # a tab above, a tab below
    return f"{frame.line} | {line}\n{' ' * len(f'{frame.line} | ')}{before}^"


class _Builder:
    def __init__(self, case: Case, result: RunResult, sources: dict[str, str]) -> None:
        self.case, self.result, self.sources = case, result, sources
        self.lead: list[Section] = [("call", case.call.strip())]  # a scenario puts its steps here

    def verdict(self, kind: Kind, headline: str, sections: list[Section] | None = None, fraction: float = 0.0,
                console: str | None = None, hint: str | None = None) -> Verdict:
        r = self.result
        rows = self.lead + (sections or [])
        printed = r.console if console is None else console
        if printed and not any(label.endswith("output") for label, _ in rows):
            rows.append(("console", cut(printed, MAX_CONSOLE_LINES, MAX_CONSOLE_CHARS)))
        if r.load_console and kind is not Kind.PASSED:
            rows.append(("printed while loading", cut(r.load_console, MAX_CONSOLE_LINES // 2, MAX_CONSOLE_CHARS // 2)))
        verdict = Verdict(kind, self.case.points * exact(fraction), self.case.points, headline, rows,
                          r.cpu_ms, r.heap_bytes, r.peak_bytes, self._location(), r.console)
        if kind is not Kind.PASSED:
            verdict.hint = hint or self.case.hint
        return verdict

    def _location(self) -> str | None:
        error = self.result.error or next((s.error for s in reversed(self.result.steps) if s.error), None)
        frame = error.location(self.result.files) if error is not None else None
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

    def judged(self, judged: Judged, console: str | None = None, hint: str | None = None) -> Verdict:
        return self.verdict(judged.kind, judged.headline, judged.rows, judged.fraction, console, hint)


def grade(case: Case, result: RunResult, sources: dict[str, str], comparator: Comparator | None = None) -> Verdict:
    """The verdict for one case. `comparator` (from the plugin hook) may replace deep equality."""
    b = _Builder(case, result, sources)
    compare_with = comparator or default_comparator
    if case.steps:
        b.lead = [("steps", _steps_text(case.steps, result.steps, len(result.steps)))] if result.steps else [("steps", _steps_text(case.steps, (), 0))]
    stopped = _stopped(b, case, result)
    if stopped is not None:
        return stopped
    if case.steps:
        return _scenario(b, case, result, compare_with)
    if result.status in (Status.RETURNED, Status.THREW) and (result.status != Status.THREW or result.error):
        return b.judged(judge_call(case, case.expects, result, compare_with, b.error_rows))
    return b.verdict(Kind.SANDBOX_ERROR, f"sandbox error: {result.detail or 'the case could not run'}")


def _stopped(b: _Builder, case: Case, result: RunResult) -> Verdict | None:
    """The verdict of a case that stopped as a whole: a file that does not load, a limit."""
    limits = case.limits
    where = f" in step {len(result.steps) + 1}" if case.steps else ""
    if result.output_exceeded:
        return b.verdict(Kind.OUTPUT_LIMIT, f"output limit exceeded{where}: the case printed more than {describe('output', limits.output)}")
    status, error = result.status, result.error
    if status == Status.SYNTAX_ERROR and error:
        frame = error.frames[0] if error.frames else None
        rows = [("error", error.headline)]
        if frame:
            rows.insert(0, ("file", f"{frame.file}:{frame.line}:{frame.column}"))
            excerpt = _excerpt(frame, b.sources)
            if excerpt:
                rows.append(("code", excerpt))
        at = f"{frame.file}:{frame.line}:{frame.column}" if frame else result.detail
        return b.verdict(Kind.SYNTAX_ERROR, f"syntax error in {at}", rows)
    if status == Status.LOAD_ERROR and error:
        return b.verdict(Kind.THREW, f"{result.detail} threw while loading", b.error_rows(error))
    if status == Status.SETUP_ERROR and error:
        if error.location(result.files):
            return b.verdict(Kind.THREW, "the submission threw during the spec's setup code", b.error_rows(error))
        return b.verdict(Kind.SPEC_ERROR, "the spec's setup code failed (an error in the spec, not the submission)", [("error", error.headline)])
    if status == Status.TIME_LIMIT:
        why = f" ({result.detail})" if result.detail else ""
        return b.verdict(Kind.TIME_LIMIT, f"time limit exceeded{where}: more than {limits.time_text()} of CPU time{why}")
    if status == Status.MEMORY_LIMIT:
        if error is not None and error.message == "string too long":
            return b.verdict(Kind.MEMORY_LIMIT, "memory limit exceeded: a string grew past the engine's maximum length (2^30 characters)",
                             b.error_rows(error)[1:])
        return b.verdict(Kind.MEMORY_LIMIT, f"memory limit exceeded{where}: the JavaScript heap went over {describe('memory', limits.memory)}")
    if status == Status.STACK_OVERFLOW:
        rows = b.error_rows(error) if error else []
        return b.verdict(Kind.STACK_OVERFLOW, f"stack overflow{where}: recursion too deep for the {describe('stack', limits.stack)} stack", rows[1:])
    if status == Status.TOO_LARGE:
        return b.verdict(Kind.TOO_LARGE, f"value too large to compare: {result.detail}")
    if status == Status.UNREADABLE:
        return b.verdict(Kind.UNREADABLE, f"the returned value could not be read: {result.detail}")
    if status == Status.UNSETTLED:
        return b.verdict(Kind.UNSETTLED, f"the returned Promise never settled{where}: nothing was left to run and it was still pending")
    if status == Status.SANDBOX_ERROR and error and error.name == "SyntaxError" and not error.location(result.files):
        return b.verdict(Kind.SPEC_ERROR, "the case's call is not a valid JavaScript expression (an error in the spec)", [("error", error.headline)])
    return None


def _steps_text(steps: tuple[Step, ...], results: tuple[StepResult, ...], failed_at: int) -> str:
    """The scenario as a student reads it: each step that ran, marked, with what a call returned."""
    lines = []
    for index, step in enumerate(steps[: failed_at + 1]):
        mark = "→" if index == failed_at else STEP_MARKS[True]
        code = " ".join(step.code.split())
        code = code if len(code) <= 70 else code[:69] + "…"
        got = ""
        if index < failed_at and index < len(results) and results[index].value is not None and not step.is_statement:
            try:
                got = f"  → {flat(decode(results[index].value or ''), 40)}"
            except WireError:
                got = ""
        lines.append(f"{index + 1}. {mark} {code}{got}")
    if failed_at + 1 < len(steps):
        lines.append(f"   ({len(steps) - failed_at - 1} more step{'s' if len(steps) - failed_at - 1 > 1 else ''} not run)")
    return "\n".join(lines)


def _scenario(b: _Builder, case: Case, result: RunResult, comparator: Comparator) -> Verdict:
    """A scenario passes when every step does; the first step that does not is the verdict."""
    fraction = 1.0
    for index, step in enumerate(case.steps):
        if index >= len(result.steps):
            return b.verdict(Kind.SANDBOX_ERROR, f"sandbox error: step {index + 1} did not run")
        outcome = result.steps[index]
        judged = _step(case, step, outcome, comparator, b)
        if judged.kind is Kind.PARTIAL:
            fraction = min(fraction, judged.fraction)
            continue
        if judged.kind is not Kind.PASSED:
            b.lead = [("steps", _steps_text(case.steps, result.steps, index))]
            title = f"step {index + 1} ({step.name})" if step.name != " ".join(step.code.split())[:80] else f"step {index + 1}"
            return b.judged(replace(judged, headline=f"{title}: {judged.headline}"), console=outcome.console, hint=step.hint)
    if fraction < 1:
        return b.verdict(Kind.PARTIAL, f"partial credit: a check scored {fraction:.0%}", [], fraction)
    return b.verdict(Kind.PASSED, "passed", [], 1.0)


def _step(case: Case, step: Step, outcome: StepResult, comparator: Comparator, b: _Builder) -> Judged:
    if outcome.status == Status.SYNTAX_ERROR and outcome.error is not None:
        return Judged(Kind.SPEC_ERROR, "the step is not valid JavaScript (an error in the spec)", [("error", outcome.error.headline)])
    if outcome.status in (Status.TOO_LARGE, Status.UNREADABLE) and step.checked:
        kind, words = (Kind.TOO_LARGE, "value too large to compare") if outcome.status == Status.TOO_LARGE else \
            (Kind.UNREADABLE, "the returned value could not be read")
        return Judged(kind, f"{words}: {outcome.detail or 'no reason given'}", [])
    if not step.checked:
        if outcome.status == Status.THREW and outcome.error is not None:
            error = outcome.error
            return Judged(Kind.THREW, f"threw {error.headline}" if error.is_error else error.headline, b.error_rows(error, "error")[1:])
        if outcome.status not in (Status.RETURNED, Status.TOO_LARGE, Status.UNREADABLE):  # a value no one checks need not be readable
            return Judged(Kind.SANDBOX_ERROR, f"sandbox error: {outcome.detail or outcome.status.value}", [])
        return Judged(Kind.PASSED, "passed", [], 1.0)
    e = step.expects
    step_case = replace(case, tolerance=e.tolerance, unordered=e.unordered)
    return judge_call(step_case, e, outcome, comparator, b.error_rows)


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
