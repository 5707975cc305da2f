"""Reference solutions: derived expectations, failures of the reference, relative limits,
seeded generation, smallest-first order, and --jsgrade-check."""

from __future__ import annotations

import pytest
from conftest import Grader, case_records

REFERENCE = """
function divide(a, b) {
  if (b === 0) throw new RangeError("division by zero");
  return a / b;
}
function greet(name) { console.log("hi " + name); }
function spin(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }
function loop() { for (;;) {} }
function sum(xs) { return xs.reduce((a, b) => a + b, 0); }
"""


def with_reference(pytester: pytest.Pytester, spec: str) -> str:
    (pytester.path / "solutions").mkdir(exist_ok=True)
    (pytester.path / "solutions" / "main.js").write_text(REFERENCE)
    return "file: main.js\nreference: solutions/main.js\n" + spec


def test_expectations_come_from_the_reference(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    spec = with_reference(pytester, """cases:
  - {name: value, call: "divide(6, 3)"}
  - {name: throw, call: "divide(1, 0)"}
  - {name: explicit, call: "divide(1, 4)", expect: 0.25}
""")
    result = jsgrade(spec, {"main.js": "function divide(a, b) { if (b === 0) throw new Error('nope'); return a / b + (a === 6 ? 1 : 0); }"})
    result.assert_outcomes(failed=2, passed=1)
    result.stdout.fnmatch_lines_random([
        "*expected  2", "*got       3",
        "*expected  throws RangeError with a message containing 'division by zero'", "*got       Error: nope",
    ])


def test_console_output_of_the_reference_is_expected_too(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    spec = with_reference(pytester, "cases:\n  - {name: greets, call: \"greet('Ann')\"}\n")
    result = jsgrade(spec, {"main.js": "function greet(name) { console.log('hello ' + name); }"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*wrong console output", "*expected output  hi Ann", "*got output       hello Ann"])


def test_the_reference_never_runs_in_the_student_sandbox(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    spec = with_reference(pytester, "cases:\n  - {call: \"typeof spin\"}\n")
    result = jsgrade(spec, {"main.js": ""})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(['*expected  "function"', '*got       "undefined"'])


def test_a_failing_reference_is_a_spec_error_not_a_score(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    spec = with_reference(pytester, "cases:\n  - {name: broken, call: \"loop()\", limits: {time: 100ms}}\n  - {name: fine, call: \"spin(3)\"}\n")
    result = jsgrade(spec, {"main.js": REFERENCE})
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*the reference solution failed on this case (time limit exceeded)*"])


def test_relative_time_limit_resolves_against_the_reference(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    spec = with_reference(pytester, """limits: {time: 3x, min: 20ms}
cases:
  - {name: fast enough, call: "spin(200000)"}
  - {name: too slow, call: "spin(200000) + slow()"}
""")
    student = REFERENCE + "\nfunction slow() { let s = 0; for (let i = 0; i < 5e6; i++) s += i; return 0; }"
    result = jsgrade(spec, {"main.js": student})
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*time limit exceeded: more than *ms (3× the reference solution's CPU time, at least 20ms) of CPU time"])


def test_a_relative_limit_without_a_reference_is_a_spec_error(jsgrade: Grader) -> None:
    result = jsgrade("file: main.js\nlimits: {time: 5x}\ncases:\n  - {call: '1', expect: 1}\n", {"main.js": ""})
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*a relative time limit (such as 5x) needs a reference solution*"])


GENERATED = """generate:
  - name: sums
    count: 12
    seed: {seed}
    inputs: "(rng) => [rng.array(rng.int(0, 8), () => rng.int(-9, 9))]"
    call: sum
    points: 6
"""


def generated_calls(result: pytest.RunResult) -> list[str]:
    props = case_records(result)
    return [props[name].call for name in sorted(props)]


def test_generation_is_seeded(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    spec = with_reference(pytester, GENERATED.format(seed=42))
    first = generated_calls(jsgrade(spec, {"main.js": REFERENCE}))
    second = generated_calls(jsgrade(spec, {"main.js": REFERENCE}))
    other = generated_calls(jsgrade(with_reference(pytester, GENERATED.format(seed=7)), {"main.js": REFERENCE}))
    assert first == second and len(first) == 12
    assert first != other


def test_generated_cases_share_the_group_points_and_run_smallest_first(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    spec = with_reference(pytester, GENERATED.format(seed=42))
    result = jsgrade(spec, {"main.js": "function sum(xs) { return xs.length > 2 ? -1 : xs.reduce((a, b) => a + b, 0); }"}, "-v")
    props = case_records(result)
    assert all(p.max_points == pytest.approx(0.5) for p in props.values())
    order = [line.split("::", 1)[1].split(" ")[0:3] for line in result.outlines if line.startswith("spec.yaml::sums")]
    calls = [props[" ".join(parts[:2])].call for parts in order]
    assert [len(c) for c in calls] == sorted(len(c) for c in calls)
    failures = [line for line in result.outlines if line.startswith("spec › sums #") and "0 / 0.5 pt" in line]
    first_failure = failures[0].split(" › ")[1].split("  ")[0]
    assert len(props[first_failure].call) == min(len(p.call) for p in props.values() if p.kind != "passed")


def test_check_mode_grades_the_reference_and_reports_weak_spots(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    spec = with_reference(pytester, """cases:
  - {name: dup, call: "divide(4, 2)", expect: 2}
  - {name: dup, call: "divide(9, 3)", expect: 4}
  - {name: nothing, call: "greet('x') ? 1 : undefined"}
  - {name: tight, call: "spin(300000)", expect: 44999850000, limits: {time: 2ms}}
""")
    result = jsgrade(spec, {}, "--jsgrade-check")
    outcomes = {name: p.kind for name, p in case_records(result).items()}
    assert outcomes["dup (2)"] == "wrong_answer" and outcomes["dup"] == "passed"
    result.stdout.fnmatch_lines_random([
        "*the spec check found",
        "*case name 'dup' is used more than once",
        "*'tight': the time limit 2ms is less than twice what the reference needs*",
    ])


def test_check_mode_without_a_reference(jsgrade: Grader) -> None:
    result = jsgrade("file: main.js\ncases:\n  - {call: '1', expect: 1}\n", {}, "--jsgrade-check")
    result.stdout.fnmatch_lines(["*the spec has no reference solution to check against*"])
