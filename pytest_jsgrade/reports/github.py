"""GitHub Actions and GitHub Classroom: step outputs, a job summary, and annotations.

`result` is what Classroom's grading reporter reads from a runner: base64 of
{"version": 1, "status": "pass"|"fail"|"error", "max_score", "tests": [...]}. Students
losing points is not a failed step; only grading that could not run is (see plugin.py).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .io import clean
from .ledger import Ledger
from .records import CaseRecord
from .text import duration_ms, failure, failure_body, points, size, total_line, totals_text

MAX_RESULT_BYTES = 900_000  # step outputs are capped at 1 MB per job
MAX_MESSAGE = 2000


def classroom_result(ledger: Ledger) -> dict[str, Any]:
    tests = []
    for key in ledger.spec_keys():
        broken = ledger.failures.get(key)
        if broken is not None:
            tests.append({"name": f"{broken.name} could not be loaded", "status": "error", "score": 0, "message": broken.message,
                          "test_code": "", "filename": key, "line_no": 0, "execution_time": "0ms"})
        for case in ledger.cases_of(key):
            tests.append({
                "name": case.title,
                "status": "pass" if case.passed else ("error" if case.kind.is_grading_error else "fail"),
                "score": case.points,
                "message": "" if case.passed else failure(case)[:MAX_MESSAGE],
                "test_code": case.call,
                "filename": case.location.split(":")[0] if case.location else case.spec_key,
                "line_no": _line(case),
                "execution_time": f"{case.cpu_ms:.0f}ms",
            })
    if ledger.failures or any(t["status"] == "error" for t in tests):
        status = "error"
    else:
        status = "pass" if all(t["status"] == "pass" for t in tests) else "fail"
    max_score = ledger.totals().possible
    return {"version": 1, "status": status, "max_score": int(max_score) if float(max_score).is_integer() else max_score, "tests": tests}


def _line(case: CaseRecord) -> int:
    parts = case.location.split(":")
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else 0


def encoded_result(ledger: Ledger) -> str:
    result = clean(classroom_result(ledger))
    text = json.dumps(result, ensure_ascii=False)
    while len(text.encode()) > MAX_RESULT_BYTES and any(t["message"] for t in result["tests"]):
        for test in result["tests"]:
            test["message"] = test["message"][: len(test["message"]) // 2]
        text = json.dumps(result, ensure_ascii=False)
    return base64.b64encode(text.encode()).decode("ascii")


def summary(ledger: Ledger) -> str:
    lines = [f"## {total_line(ledger.totals())}", ""]
    for key in ledger.spec_keys():
        broken = ledger.failures.get(key)
        title = ledger.spec_title(key)
        if broken is not None:
            lines += [f"### {title}", "", f"❗ could not be loaded: `{broken.message}`", ""]
            continue
        lines += [f"### {title} — {totals_text(ledger.spec_totals(key))}", "", "| | case | points | CPU | memory | reason |",
                  "|---|---|---|---|---|---|"]
        for c in ledger.cases_of(key):
            mark = "✓" if c.passed else "✗"
            reason = "" if c.passed else _cell(c.headline)
            lines.append(f"| {mark} | {_cell(c.name)} | {points(c.points)} / {points(c.max_points)} | {duration_ms(c.cpu_ms)} | {size(c.heap_bytes)} | {reason} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:300]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_lines(ledger: Ledger, submission: Path, workspace: Path) -> list[str]:
    """`::error file=…,line=…::` lines for failures that point into the student's files."""
    lines = []
    seen: set[tuple[str, str]] = set()  # one annotation per place and reason, not one per case
    for case in sorted(ledger.cases.values(), key=lambda c: (c.spec_key, c.case_index)):
        if case.passed or not case.location or (case.location, case.headline) in seen:
            continue
        seen.add((case.location, case.headline))
        file, line, column = (case.location.split(":") + ["", ""])[:3]
        path = (submission / file).resolve()
        try:
            shown = path.relative_to(workspace.resolve()).as_posix()
        except ValueError:
            shown = path.as_posix()
        body = "\n".join(line.strip() for line in failure_body(case).splitlines())
        lines.append(
            f"::error file={_escape_property(shown)},line={line},col={column or 1},title={_escape_property(case.title)}::"
            + _escape_data(body[:4000])
        )
    return lines


@dataclass
class GitHubWriter:
    """Step outputs and the job summary, in the files GitHub names in GITHUB_OUTPUT and GITHUB_STEP_SUMMARY."""

    description: str = "GitHub step outputs and job summary"

    def write(self, ledger: Ledger, elapsed: float) -> None:
        write_outputs(ledger)


def write_outputs(ledger: Ledger) -> None:
    """Appends to the files GitHub names in GITHUB_OUTPUT and GITHUB_STEP_SUMMARY."""
    output = os.environ.get("GITHUB_OUTPUT")
    totals = ledger.totals()
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(f"score={points(totals.earned)}\n")
            handle.write(f"max-score={points(totals.possible)}\n")
            handle.write(f"result={encoded_result(ledger)}\n")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as handle:
            handle.write(summary(ledger))
