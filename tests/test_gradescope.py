"""Gradescope's results.json: schema-valid, complete, bounded and written in every ending."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import Grader

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "gradescope-results.schema.json").read_text())


def load_results(path: Path) -> dict[str, Any]:
    raw = path.read_bytes()
    data: dict[str, Any] = json.loads(raw.decode("utf-8"))  # strict UTF-8
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data


SPEC = """
title: Adding
file: main.js
points: 2
cases:
  - {name: ok, call: "add(1, 2)", expect: 3}
  - {name: wrong, call: "add(2, 2)", expect: 5, visibility: hidden}
  - {name: partial, call: "[1, 2]", check: "(r) => r.length / 4", points: 4, visibility: after_due_date}
"""


def test_results_json_is_valid_and_complete(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    result = jsgrade(SPEC, {"main.js": "function add(a, b) { return a + b; }"}, "--gradescope-json", "out/results.json")
    result.assert_outcomes(passed=1, failed=2)
    data = load_results(pytester.path / "out" / "results.json")
    assert data["score"] == 4.0  # 2 + 0 + half of 4
    # Only the visible case counts in what every student reads; the others are announced, not counted.
    assert data["output"] == ("Visible tests: 2 / 2 points; 1 of 1 passed. "
                              "More tests are graded; they are shown when your instructor releases them.")
    assert data["test_output_format"] == "md" and data["stdout_visibility"] == "hidden"
    tests = {t["name"]: t for t in data["tests"]}
    assert [t["number"] for t in data["tests"]] == ["1.01", "1.02", "1.03"]
    ok, wrong, partial = tests["Adding › ok"], tests["Adding › wrong"], tests["Adding › partial"]
    assert (ok["score"], ok["max_score"], ok["status"], ok["visibility"]) == (2.0, 2.0, "passed", "visible")
    assert (wrong["score"], wrong["status"], wrong["visibility"]) == (0.0, "failed", "hidden")
    assert (partial["score"], partial["max_score"], partial["visibility"]) == (2.0, 4.0, "after_due_date")
    # A case students may not see shows its name and that it failed: not the call, values or figures.
    assert "failed (what went wrong is not shown for this case)" in wrong["output"]
    for secret in ("add(2, 2)", "expected", "5", "cpu"):
        assert secret not in wrong["output"].replace("Adding › wrong", "")
    assert wrong["extra_data"] == {"outcome": "failed", "call": "", "cpu_ms": 0.0, "memory_bytes": 0, "peak_memory_bytes": None,
                                   "location": ""}
    assert wrong["tags"] == ["Adding", "failed"]


def test_an_instructor_can_see_everything(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    jsgrade(SPEC, {"main.js": "function add(a, b) { return a + b; }"}, "--jsgrade-gradescope-json", "r.json",
            "--jsgrade-hidden-feedback=full")
    wrong = next(t for t in load_results(pytester.path / "r.json")["tests"] if t["name"] == "Adding › wrong")
    assert "expected  5" in wrong["output"] and "got       4" in wrong["output"]
    assert wrong["extra_data"]["outcome"] == "wrong_answer" and wrong["extra_data"]["cpu_ms"] > 0
    assert wrong["tags"] == ["Adding", "wrong answer"]


def test_ini_key_sets_the_path(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\njsgrade_gradescope_json = results/results.json\n")
    jsgrade(SPEC, {"main.js": "function add(a, b) { return a + b; }"})
    assert load_results(pytester.path / "results" / "results.json")["score"] == 4.0


def test_spec_that_fails_to_load_is_a_visible_failed_test_worth_its_points(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", broken="file: main.js\npoints: 3\ncases:\n  - {call: 'f()', expct: 1}\n  - {call: 'f()', expect: 1, points: 2}\n")
    jsgrade(SPEC, {"main.js": "function add(a, b) { return a + b; }"}, "--gradescope-json", "results.json")
    data = load_results(pytester.path / "results.json")
    broken = next(t for t in data["tests"] if t["tags"] == ["spec error"])
    assert broken["max_score"] == 5.0 and broken["score"] == 0 and broken["visibility"] == "visible"
    assert "unknown key 'expct'" in broken["output"]
    assert broken["number"] == "1.00"


def test_missing_submission_file_still_writes_every_case(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    jsgrade(SPEC, {}, "--gradescope-json", "results.json")
    data = load_results(pytester.path / "results.json")
    assert len(data["tests"]) == 3 and data["score"] == 0
    assert all("missing submission file: main.js" in t["output"] for t in data["tests"] if t["visibility"] == "visible")


def test_hostile_output_stays_valid_utf8_and_small(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    code = "function f() { for (let i = 0; i < 100000; i++) console.log('\\ud800\\u0001\\u001b[31m', 'x'.repeat(100)); return 1; }"
    jsgrade("file: main.js\ncases:\n  - {call: 'f()', expect: 2}\n  - {call: '\"\\\\udc00\"', expect: 1}\n", {"main.js": code},
            "--gradescope-json", "results.json")
    path = pytester.path / "results.json"
    data = load_results(path)
    assert path.stat().st_size < 40_000
    text = json.dumps(data, ensure_ascii=False)
    text.encode("utf-8")  # no lone surrogate left: valid UTF-8
    assert "\x1b" not in text and "\x01" not in text  # control characters are written as escapes a reader sees
    assert "\\ud800\\x01\\x1b[31m" in " ".join(str(t.get("output", "")) for t in data["tests"])


def test_xdist_writes_the_same_results(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    files = {"main.js": "function add(a, b) { return a + b; }"}
    jsgrade(SPEC, files, "--gradescope-json", "serial.json")
    jsgrade(SPEC, files, "--gradescope-json", "parallel.json", "-n", "2")
    serial, parallel = (load_results(pytester.path / name) for name in ("serial.json", "parallel.json"))

    def strip(data: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [(t["number"], t["name"], t["score"], t["max_score"], t["status"], t["output"].split("  cpu ")[0].split("CPU time")[0]) for t in data["tests"]]

    assert strip(serial) == strip(parallel) and serial["score"] == parallel["score"]


@pytest.mark.posix  # it sends SIGINT
def test_interrupted_session_still_writes_results(pytester: pytest.Pytester, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "main.js").write_text("function slow() { for (;;) {} }\nfunction ok() { return 1; }")
    (tmp_path / "spec.yaml").write_text(
        "file: main.js\ncases:\n  - {name: first, call: 'ok()', expect: 1}\n"
        "  - {name: slow, call: 'slow()', expect: 1, limits: {time: 30s}}\n  - {name: never, call: 'ok()', expect: 1}\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "--jsgrade", "spec.yaml", "--jsgrade-submission", "sub", "-p", "no:cacheprovider", "-p", "no:benchmark",
         "--gradescope-json", "results.json"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    data = load_results(tmp_path / "results.json")
    outcomes = {t["name"].split(" › ")[1]: t["extra_data"]["outcome"] for t in data["tests"]}
    assert outcomes["first"] == "passed", out.decode(errors="replace")
    assert outcomes["never"] == "not_run"
    assert len(data["tests"]) == 3
