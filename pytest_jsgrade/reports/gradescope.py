"""Gradescope's results.json, as its autograder specification defines it.

One test per case, numbered by spec then case ("2.03") so the order is the same in every run;
a spec that failed to load is one failed test worth the spec's points. What students may read:
- the top-level output counts only tests visible now (`visibility: visible`); while any test is
  hidden, Gradescope itself hides the total score until grades are published;
- everything a student's code controls (messages, values, output) stays inside code blocks, so
  rendered Markdown cannot make a TA's browser load anything;
- scores are floats chosen so that they add up exactly to the score at the top.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..spec.points import ZERO, as_float, floats_adding_up, human
from .io import write_json
from .ledger import Ledger
from .markdown import code, fence
from .records import CaseRecord
from .text import duration_ms, failure, size

MAX_TEST_OUTPUT = 8000


def _test_output(case: CaseRecord) -> str:
    if case.passed:
        return f"Passed: {code(case.call)}\n\nCPU time {duration_ms(case.cpu_ms)} · heap at end {size(case.heap_bytes)}"
    return f"**{case.kind.words}**\n\n" + fence(failure(case), MAX_TEST_OUTPUT)


def _summary(ledger: Ledger) -> str:
    """The top-level output: only what every student may see now."""
    visible = ledger.totals(visibility="visible")
    text = f"Visible tests: {human(visible.earned)} / {human(visible.possible)} points; {visible.passed} of {visible.cases} passed."
    if visible.cases < len(ledger.cases):
        text += " More tests are graded; they are shown when your instructor releases them."
    if ledger.failures:
        text += f" {len(ledger.failures)} part(s) of the assignment could not be loaded; your instructor has been shown why."
    return text


def results(ledger: Ledger, elapsed: float) -> dict[str, Any]:
    tests: list[dict[str, Any]] = []
    scores, max_scores = [], []
    for spec_number, key in enumerate(ledger.spec_keys(), start=1):
        broken = ledger.failures.get(key)
        if broken is not None:
            scores.append(ZERO)
            max_scores.append(broken.max_points)
            tests.append({
                "name": f"{broken.name} could not be loaded",
                "number": f"{spec_number}.00",
                "status": "failed",
                "visibility": "visible",
                "tags": ["spec error"],
                "output": "**The grader could not load this part of the assignment; please tell your instructor.**\n\n"
                          + fence(broken.message, MAX_TEST_OUTPUT),
                "output_format": "md",
            })
        for case in ledger.cases_of(key):
            scores.append(case.points)
            max_scores.append(case.max_points)
            tests.append({
                "name": case.title,
                "number": f"{spec_number}.{case.case_index + 1:02d}",
                "status": "passed" if case.passed else "failed",
                "visibility": case.visibility,
                "tags": [case.spec_title, case.kind.words],
                "output": _test_output(case),
                "output_format": "md",
                "extra_data": {
                    "outcome": case.kind.value,
                    "call": case.call,
                    "cpu_ms": case.cpu_ms,
                    "memory_bytes": case.heap_bytes,
                    "peak_memory_bytes": case.peak_bytes,
                    "location": case.location,
                },
            })
    totals = ledger.totals()
    for test, score, max_score in zip(tests, floats_adding_up(scores, totals.earned),
                                      floats_adding_up(max_scores, totals.possible), strict=True):
        test["score"], test["max_score"] = score, max_score
    return {
        "score": as_float(totals.earned),
        "execution_time": round(elapsed, 3),
        "output": _summary(ledger),
        "output_format": "md",
        "test_output_format": "md",
        "test_name_format": "text",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


@dataclass
class GradescopeWriter:
    """Gradescope's results.json at `path`."""

    path: Path

    @property
    def description(self) -> str:
        return f"Gradescope results.json ({self.path})"

    def write(self, ledger: Ledger, elapsed: float) -> None:
        write_json(self.path, results(ledger, elapsed))
