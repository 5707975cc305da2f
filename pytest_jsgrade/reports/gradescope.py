"""Gradescope's results.json, as its autograder specification defines it.

One test per case, numbered by spec then case ("2.03") so the order is the same in every
run; a spec that failed to load is one failed test worth the spec's points. Outputs are
Markdown and bounded in size, so a flood of student output cannot make the file too large.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .io import write_json
from .ledger import Ledger
from .records import CaseRecord
from .text import duration_ms, failure, size, total_line

MAX_TEST_OUTPUT = 8000


def _fence(text: str) -> str:
    text = text if len(text) <= MAX_TEST_OUTPUT else text[:MAX_TEST_OUTPUT] + "\n… (cut)"
    return "```\n" + text.replace("```", "`\u200b``") + "\n```"


def _test_output(case: CaseRecord) -> str:
    if case.passed:
        return f"Passed: `{case.call}`\n\nCPU time {duration_ms(case.cpu_ms)} · heap at end {size(case.heap_bytes)}"
    return f"**{case.headline}**\n\n" + _fence(failure(case))


def results(ledger: Ledger, elapsed: float) -> dict[str, Any]:
    tests: list[dict[str, Any]] = []
    for spec_number, key in enumerate(ledger.spec_keys(), start=1):
        broken = ledger.failures.get(key)
        if broken is not None:
            tests.append({
                "name": f"{broken.name} could not be loaded",
                "number": f"{spec_number}.00",
                "score": 0.0,
                "max_score": broken.max_points,
                "status": "failed",
                "visibility": "visible",
                "tags": ["spec error"],
                "output": "**The grader could not load this part of the assignment; please tell your instructor.**\n\n"
                          + _fence(broken.message),
                "output_format": "md",
            })
        for case in ledger.cases_of(key):
            tests.append({
                "name": case.title,
                "number": f"{spec_number}.{case.case_index + 1:02d}",
                "score": case.points,
                "max_score": case.max_points,
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
    summary = f"{total_line(totals)}; {totals.passed} of {totals.cases} cases passed."
    if totals.broken:
        summary += f" {totals.broken} part(s) of the assignment could not be loaded; your instructor has been shown why."
    return {
        "score": totals.earned,
        "execution_time": round(elapsed, 3),
        "output": summary,
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
