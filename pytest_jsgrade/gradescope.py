"""Gradescope's results.json, as its autograder specification defines it.

One test per case, numbered by spec then case ("2.03") so the order is the same in every
run; a spec that failed to load is one failed test worth the spec's points. Outputs are
Markdown and bounded in size, so a flood of student output cannot make the file too large.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .ledger import CaseRecord, Ledger
from .render import duration_ms, points, size
from .reports import Writer, write_json

MAX_TEST_OUTPUT = 8000
OUTCOME_TAGS = {"passed": "passed", "partial": "partial credit"}


def _fence(text: str) -> str:
    text = text if len(text) <= MAX_TEST_OUTPUT else text[:MAX_TEST_OUTPUT] + "\n… (cut)"
    return "```\n" + text.replace("```", "`\u200b``") + "\n```"


def _test_output(case: CaseRecord) -> str:
    if case.outcome == "passed":
        return f"Passed: `{case.call}`\n\nCPU time {duration_ms(case.cpu_ms)} · heap at end {size(case.memory_bytes)}"
    if case.message:
        return f"**{case.headline}**\n\n" + _fence(case.message)
    return f"**{case.headline}**"


def results(ledger: Ledger, elapsed: float) -> dict[str, Any]:
    tests: list[dict[str, Any]] = []
    for spec_number, key in enumerate(ledger.spec_keys(), start=1):
        failure = ledger.failures.get(key)
        if failure is not None:
            tests.append({
                "name": f"{key.rsplit('/', 1)[-1]} could not be loaded",
                "number": f"{spec_number}.00",
                "score": 0.0,
                "max_score": failure.max_points,
                "status": "failed",
                "visibility": "visible",
                "tags": ["spec error"],
                "output": "**The grader could not load this part of the assignment; please tell your instructor.**\n\n"
                          + _fence(failure.message),
                "output_format": "md",
            })
        for case in ledger.cases_of(key):
            tests.append({
                "name": f"{case.spec_title} › {case.name}",
                "number": f"{spec_number}.{case.case_index + 1:02d}",
                "score": case.points,
                "max_score": case.max_points,
                "status": "passed" if case.passed else "failed",
                "visibility": case.visibility,
                "tags": [case.spec_title, OUTCOME_TAGS.get(case.outcome, case.outcome.replace("_", " "))],
                "output": _test_output(case),
                "output_format": "md",
                "extra_data": {
                    "outcome": case.outcome,
                    "call": case.call,
                    "cpu_ms": case.cpu_ms,
                    "memory_bytes": case.memory_bytes,
                    "peak_memory_bytes": case.peak_memory_bytes,
                    "location": case.location,
                },
            })
    passed = sum(1 for c in ledger.cases.values() if c.passed)
    summary = f"jsgrade: {points(ledger.score)} / {points(ledger.max_score)} points; {passed} of {len(ledger.cases)} cases passed."
    if ledger.failures:
        summary += f" {len(ledger.failures)} part(s) of the assignment could not be loaded; your instructor has been shown why."
    return {
        "score": ledger.score,
        "execution_time": round(elapsed, 3),
        "output": summary,
        "output_format": "md",
        "test_output_format": "md",
        "test_name_format": "text",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def gradescope_writer(path: Path) -> Writer:
    def write(ledger: Ledger, elapsed: float) -> None:
        write_json(path, results(ledger, elapsed))

    return write
