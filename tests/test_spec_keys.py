"""Every key of the spec format, end to end through pytest."""

from __future__ import annotations

import json

import pytest
from conftest import Grader, case_records, one_case

ADD = "function add(a, b) { return a + b; }\n"


def test_expect_passes_and_fails(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        title: Adding
        file: main.js
        cases:
          - name: small
            call: add(1, 2)
            expect: 3
          - name: wrong on purpose
            call: add(2, 2)
            expect: 5
        """,
        {"main.js": ADD},
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*Adding › wrong on purpose*0 / 1 pt",
        "*wrong answer",
        "*call      add(2, 2)",
        "*expected  5",
        "*got       4",
    ])


def test_default_name_is_the_call_and_duplicates_are_numbered(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {call: "add(1, 1)", expect: 2}
          - {call: "add(1, 1)", expect: 2}
        """,
        {"main.js": ADD},
        "-v",
    )
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*spec.yaml::add(1, 1) PASSED*", "*spec.yaml::add(1, 1) (2) PASSED*"])


def test_points_per_spec_and_per_case_and_score_table(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        title: Weighted
        file: main.js
        points: 2
        cases:
          - {call: "add(1, 1)", expect: 2}
          - {call: "add(1, 1)", expect: 3, points: 0.5}
          - {call: "add(2, 2)", expect: 4, points: 3}
        """,
        {"main.js": ADD},
    )
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*jsgrade score*", "Weighted*5 / 5.5*2/3*", "*jsgrade: 5 / 5.5 points*"])
    props = case_records(result)
    assert props["add(1, 1) (2)"].points == 0 and props["add(1, 1) (2)"].max_points == 0.5
    assert props["add(2, 2)"].points == 3


def test_file_list_loads_in_order_and_shares_the_global_scope(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: [helpers.js, main.js]
        cases:
          - {call: "twice(3)", expect: 6}
        """,
        {"helpers.js": "function double(x) { return 2 * x; }", "main.js": "const twice = (x) => double(x);"},
    )
    result.assert_outcomes(passed=1)


def test_setup_runs_after_the_submission_and_before_the_call(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        setup: |
          function range(n) { return Array.from({length: n}, (_, i) => i); }
          const seen = typeof add;
        cases:
          - {call: "add(range(3).length, seen === 'function' ? 1 : 100)", expect: 4}
        """,
        {"main.js": ADD},
    )
    result.assert_outcomes(passed=1)


def test_unordered_ignores_top_level_order_only(jsgrade: Grader) -> None:
    spec = """
        file: main.js
        cases:
          - {name: top, call: "[3, 1, 2]", expect: [1, 2, 3], unordered: true}
          - {name: nested, call: "[[2, 1]]", expect: [[1, 2]], unordered: true}
          - {name: multiset, call: "[1, 1, 2]", expect: [1, 2, 2], unordered: true}
        """
    result = jsgrade(spec, {"main.js": ""})
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*compared  order ignored*"])


def test_tolerance_is_applied_recursively(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: close, call: "({a: [0.1 + 0.2]})", expect: {a: [0.3]}, tolerance: 1e-9}
          - {name: exact, call: "0.1 + 0.2", expect: 0.3}
          - {name: far, call: "1.5", expect: 1.4, tolerance: .01}
        """,
        {"main.js": ""},
    )
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*expected  0.3", "*got       0.30000000000000004"])


@pytest.mark.parametrize(
    ("expression", "call"),
    [
        ("undefined", "undefined"),
        ("NaN", "0 / 0"),
        ("Infinity", "1 / 0"),
        ("-0", "-0"),
        ("10n", "5n * 2n"),
        ("new Map([[1, 'a']])", "new Map([[1, 'a']])"),
        ("new Set([1, 2])", "new Set([2, 1])"),
        ("new Date(0)", "new Date(0)"),
        ("[1, , 3]", "[1, , 3]"),
    ],
)
def test_js_expected_values(jsgrade: Grader, expression: str, call: str) -> None:
    result = jsgrade(f"file: main.js\ncases:\n  - call: {json.dumps(call)}\n    expect: !js {json.dumps(expression)}\n", {"main.js": ""})
    result.assert_outcomes(passed=1)


def test_js_inside_a_structure(jsgrade: Grader) -> None:
    result = jsgrade(
        "file: main.js\ncases:\n  - call: '[1, NaN, {x: undefined}]'\n    expect: [1, !js NaN, {x: !js undefined}]\n",
        {"main.js": ""},
    )
    result.assert_outcomes(passed=1)


def test_js_distinguishes_zero_signs_and_null_from_undefined(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: zero, call: "0", expect: !js -0}
          - {name: "null", call: "undefined", expect: null}
        """,
        {"main.js": ""},
    )
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*expected  -0", "*got       0", "*expected  null", "*got       undefined"])


def test_throws_by_name_and_message(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: by name, call: "check(-1)", throws: RangeError}
          - {name: by message, call: "check(-1)", throws: {message: "positive"}}
          - {name: any message, call: "check(-1)", throws: {name: RangeError, message: ""}}
          - {name: wrong name, call: "check(-1)", throws: TypeError}
          - {name: wrong message, call: "check(-1)", throws: {message: "negative"}}
          - {name: did not throw, call: "check(1)", throws: RangeError}
        """,
        {"main.js": "function check(n) { if (n < 0) throw new RangeError('n must be positive'); return n; }"},
    )
    result.assert_outcomes(passed=3, failed=3)
    result.stdout.fnmatch_lines([
        "*threw the wrong error",
        "*expected  throws TypeError",
        "*got       RangeError: n must be positive",
        "*expected RangeError to be thrown, but the call returned",
    ])


def test_output_is_compared_exactly_and_can_combine_with_expect(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: exact, call: "greet('Ann')", output: "Hello, Ann!\\n", expect: 3}
          - {name: different, call: "greet('Bo')", output: "Hi, Bo!\\n"}
          - {name: whitespace, call: "greet('Cy')", output: "Hello, Cy! \\n"}
        """,
        {"main.js": "function greet(n) { console.log(`Hello, ${n}!`); return 3; }"},
    )
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "*wrong console output",
        "*expected output  Hi, Bo!",
        "*got output       Hello, Bo!",
        "*the output differs only in whitespace*",
    ])


def test_check_predicate_pass_fail_partial_and_broken(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: ok, call: "[1, 2, 3]", check: "(r) => r.length === 3"}
          - {name: no, call: "[1, 2]", check: "(r) => r.length === 3"}
          - {name: half, call: "[1, 2]", check: "(r) => r.length / 4", points: 2}
          - {name: throws on result, call: "undefined", check: "(r) => r.length === 3"}
          - {name: broken check, call: "1", check: "(r) => {"}
        """,
        {"main.js": ""},
    )
    result.assert_outcomes(passed=1, failed=3, errors=1)
    props = case_records(result)
    assert props["half"].points == 1.0 and props["half"].kind == "partial"
    result.stdout.fnmatch_lines([
        "*ERROR at setup of spec › broken check*",
        "*the spec's check predicate failed*",
        "*the check predicate does not compile: SyntaxError*",
        "*the result failed the spec's check*",
        "*the check threw on this result: TypeError*",
    ])
    assert "Traceback" not in result.stdout.str() and "def from_call" not in result.stdout.str()


def test_check_sees_a_copy_not_the_live_object(jsgrade: Grader) -> None:
    result = jsgrade(
        one_case("make()", check="(r) => r instanceof Map && r.get('k') === 1 && typeof globalThis.make === 'undefined'"),
        {"main.js": "function make() { return new Map([['k', 1]]); }"},
    )
    result.assert_outcomes(passed=1)


def test_limits_per_spec_and_per_case(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        limits: {time: 50ms}
        cases:
          - {name: spec limit, call: "spin(300)", expect: 0}
          - {name: case limit, call: "spin(300)", expect: 0, limits: {time: 2s}}
        """,
        {"main.js": "function spin(ms) { const end = Date.now() + ms; while (Date.now() < end) {} return 0; }"},
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*time limit exceeded: more than 50ms of CPU time"])


def test_visibility_is_recorded_for_reports(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        visibility: after_due_date
        cases:
          - {name: inherits, call: "1", expect: 1}
          - {name: own, call: "1", expect: 1, visibility: hidden}
        """,
        {"main.js": ""},
    )
    props = case_records(result)
    assert props["inherits"].visibility == "after_due_date"
    assert props["own"].visibility == "hidden"


def test_promise_results_are_awaited(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: resolved, call: "later(5)", expect: 5}
          - {name: rejected, call: "fail()", throws: {message: "nope"}}
          - {name: thenable, call: "({then(r) { r(7); }})", expect: 7}
        """,
        {"main.js": "async function later(x) { await null; return x; }\nasync function fail() { throw new Error('nope'); }"},
    )
    result.assert_outcomes(passed=3)


def test_user_properties_carry_the_figures(jsgrade: Grader) -> None:
    result = jsgrade(one_case("add(1, 2)", expect=3), {"main.js": ADD})
    props = case_records(result)["add(1, 2)"]
    assert props.points == 1 and props.max_points == 1 and props.kind == "passed"
    assert props.cpu_ms > 0 and props.heap_bytes > 0
    assert props.call == "add(1, 2)"


def test_verbose_line_shows_points_time_and_memory(jsgrade: Grader) -> None:
    result = jsgrade(one_case("add(1, 2)", expect=3), {"main.js": ADD}, "-v")
    result.stdout.fnmatch_lines(["*add(1, 2) PASSED  1/1 pt · *s · * KB*"])


def test_k_selects_cases(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: alpha, call: "1", expect: 1}
          - {name: beta, call: "1", expect: 2}
        """,
        {"main.js": ""},
        "-k",
        "alpha",
    )
    result.assert_outcomes(passed=1, deselected=1)
