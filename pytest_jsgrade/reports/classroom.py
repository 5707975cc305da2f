"""GitHub Classroom's `result`: what the grading reporter (classroom-resources/autograding-grading-reporter)
reads from a runner step: base64 of {"version": 1, "status", "max_score", "tests": [...]}.

What the reporter does with it, and so what this module guarantees:
- The grade it records ("Points X/Y") is the sum of the tests' `score`, added as floats in
  order: the scores are chosen so that this sum is exactly the session's total.
- It receives the text in one environment variable, which Linux caps at 128 KiB: the text is
  kept under MAX_RESULT_BYTES. Messages are shortened first (saying so, and pointing to the job
  log); if that is not enough, tests are merged per spec; tests and scores are never dropped.
- Its v1 also prints a table whose points are passed ÷ tests × max_score, which differs from the
  recorded grade when tests are worth different points or earn partial credit. With the setting
  `jsgrade_classroom_tests = spec` each spec is one test (docs/classroom.md).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import base64
import json
from typing import Any, Literal

from ..spec.points import ZERO, Points, as_float, floats_adding_up, human
from .io import clean
from .ledger import Ledger
from .records import CaseRecord
from .text import failure

MAX_RESULT_BYTES = 64 * 1024  # of base64 text: well under Linux's 128 KiB for one environment string
MAX_MESSAGE = 2000
SHORTENED = " … (shortened; the job log has the whole message)"
DROPPED = "(the messages were left out to fit GitHub's limit on the result; the job log has them)"
STEPS = (1000, 400, 160, 0)  # message lengths tried in turn before tests are merged per spec
Granularity = Literal["case", "spec"]


def _status(record: CaseRecord) -> str:
    return "pass" if record.passed else ("error" if record.kind.is_grading_error else "fail")


def _case_test(case: CaseRecord) -> dict[str, Any]:
    parts = case.location.split(":")
    return {
        "name": case.title,
        "status": _status(case),
        "message": "" if case.passed else failure(case)[:MAX_MESSAGE],
        "test_code": case.call,
        "filename": parts[0] if case.location else case.spec_key,
        "line_no": int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else 0,
        "execution_time": f"{case.cpu_ms:.0f}ms",
    }


def _tests(ledger: Ledger, per: Granularity) -> tuple[list[dict[str, Any]], list[Points]]:
    tests, scores = [], []
    for key in ledger.spec_keys():
        broken = ledger.failures.get(key)
        cases = ledger.cases_of(key)
        if broken is not None:
            tests.append({"name": f"{broken.name} could not be loaded", "status": "error", "message": broken.message,
                          "test_code": "", "filename": key, "line_no": 0, "execution_time": "0ms"})
            scores.append(ZERO)
        if per == "spec" and cases:
            totals = ledger.spec_totals(key)
            failed = [c for c in cases if not c.passed]
            status = "pass" if not failed else ("error" if any(c.kind.is_grading_error for c in failed) else "fail")
            message = f"{totals.passed} of {totals.cases} cases passed, {human(totals.earned)} / {human(totals.possible)} points"
            if failed:
                message += "; first failure: " + failed[0].title + ": " + failed[0].headline
            tests.append({"name": ledger.spec_title(key), "status": status, "message": message[:MAX_MESSAGE], "test_code": "",
                          "filename": key, "line_no": 0, "execution_time": f"{totals.cpu_ms:.0f}ms"})
            scores.append(totals.earned)
            continue
        for case in cases:
            tests.append(_case_test(case))
            scores.append(case.points)
    return tests, scores


def classroom_result(ledger: Ledger, per: Granularity = "case") -> dict[str, Any]:
    totals = ledger.totals()
    tests, scores = _tests(ledger, per)
    for test, score in zip(tests, floats_adding_up(scores, totals.earned), strict=True):
        test["score"] = score
    if ledger.failures or any(t["status"] == "error" for t in tests):
        status = "error"
    else:
        status = "pass" if all(t["status"] == "pass" for t in tests) else "fail"
    possible = totals.possible
    max_score: int | float = int(possible) if possible.denominator == 1 else as_float(possible)
    return {"version": 1, "status": status, "max_score": max_score, "tests": tests}


def _encoded(result: dict[str, Any]) -> str:
    return base64.b64encode(json.dumps(clean(result), ensure_ascii=False).encode()).decode("ascii")


def encoded_result(ledger: Ledger, per: Granularity = "case") -> str:
    """The `result` output, under MAX_RESULT_BYTES whatever the number of tests and messages."""
    result = classroom_result(ledger, per)
    text = _encoded(result)
    for limit in STEPS:
        if len(text) <= MAX_RESULT_BYTES:
            break
        for test in result["tests"]:
            if limit == 0:
                test["message"] = test["test_code"] = ""
            elif len(test["message"]) > limit:
                test["message"] = test["message"][:limit] + SHORTENED
        if limit == 0 and result["tests"]:
            result["tests"][0]["message"] = DROPPED
        text = _encoded(result)
    if len(text) > MAX_RESULT_BYTES and per == "case":
        return encoded_result(ledger, "spec")
    return text
