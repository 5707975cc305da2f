"""The demo assignment the README grades: the correct submission earns every point, the buggy one
shows each failure kind, and xdist gives the same result as a serial run."""

from __future__ import annotations

import re

import pytest
from conftest import REPO


def grade_demo(pytester: pytest.Pytester, submission: str, *args: str) -> pytest.RunResult:
    return pytester.runpytest(
        "--jsgrade", str(REPO / "specs"), "--jsgrade-submission", str(REPO / "examples" / "submissions" / submission),
        "-p", "no:cacheprovider", "-p", "no:benchmark", "--rootdir", str(REPO), *args,
    )


def test_correct_submission_earns_every_point(pytester: pytest.Pytester) -> None:
    result = grade_demo(pytester, "correct")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0 and outcomes.get("errors", 0) == 0 and outcomes["passed"] >= 25
    total = re.search(r"jsgrade: ([\d.]+) / ([\d.]+) points", result.stdout.str())
    assert total and total.group(1) == total.group(2)


def test_buggy_submission_shows_each_failure_kind(pytester: pytest.Pytester) -> None:
    result = grade_demo(pytester, "buggy", "--jsgrade-hidden-feedback=full")  # as the instructor sees it
    result.stdout.fnmatch_lines_random([
        "*wrong answer",
        "*threw the wrong error",
        "*syntax error in greetings.mjs:*",
        "*missing submission file: timers.js; the submission has bank.js, greetings.mjs, stack.ts, stats.js, two_sum.js*",
        "*time limit exceeded: more than *s (5× the reference solution's CPU time, at least 200ms) of CPU time",  # ms, or s on a slow machine
        "*memory limit exceeded: the JavaScript heap went over 32MB",
        "*stack overflow: recursion too deep*",
        "*output limit exceeded: the case printed more than 64KB",
        "*expected RangeError to be thrown, but the call returned",
        "*jsgrade: 9 / 42.5 points*",
    ])
    assert "Traceback" not in result.stdout.str()


def test_what_students_see_of_the_buggy_submission_leaves_hidden_cases_out(pytester: pytest.Pytester) -> None:
    result = grade_demo(pytester, "buggy")
    text = result.stdout.str()
    result.stdout.fnmatch_lines(["Two Sum › large input is fast * 0 / 3 pt",
                                 "  failed (what went wrong is not shown for this case)"])
    assert "twoSum(range(30000), 59997)" not in text and "time limit" not in text.split("Two Sum › large input is fast")[1][:200]
    assert "*jsgrade: 9 / 42.5 points*" and "jsgrade: 9 / 42.5 points" in text


def test_xdist_gives_the_same_scores_as_a_serial_run(pytester: pytest.Pytester) -> None:
    serial = grade_demo(pytester, "buggy")
    parallel = grade_demo(pytester, "buggy", "-n", "2")
    table = re.compile(r"^(Asynchronous code|Greetings|Statistics|Two Sum)\s+([\d.]+ / [\d.]+)\s+(\d+/\d+)", re.MULTILINE)
    assert table.findall(serial.stdout.str()) == table.findall(parallel.stdout.str())
    assert len(table.findall(serial.stdout.str())) == 4
    total = re.compile(r"jsgrade: [\d.]+ / [\d.]+ points")
    assert total.findall(serial.stdout.str()) == total.findall(parallel.stdout.str())


def test_the_demo_specs_pass_their_own_check(pytester: pytest.Pytester) -> None:
    result = grade_demo(pytester, "correct", "--jsgrade-check")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0 and outcomes.get("errors", 0) == 0
    assert outcomes["passed"] >= 49  # every case, plus one spec check per spec
