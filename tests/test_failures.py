"""Every failure kind is a failed case worth 0 with its own clear message, never a crash or a hang."""

from __future__ import annotations

from conftest import Grader, case_records, one_case


def kind_of(result, name: str) -> str:  # type: ignore[no-untyped-def]
    return case_records(result)[name].kind.value


def test_wrong_answer_shows_call_expected_got_and_a_diff_for_long_values(jsgrade: Grader) -> None:
    result = jsgrade(
        one_case("people()", expect=[{"name": "Ann", "age": 30 + i} for i in range(6)]),
        {"main.js": "function people() { return Array.from({length: 6}, (_, i) => ({name: 'Ann', age: i === 4 ? 99 : 30 + i})); }"},
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*wrong answer", "*call      people()", "*expected  [", "*diff*", "*-*age: 34*", "*+*age: 99*", "*where     at ?4?.age: expected 34, got 99"])


def test_threw_names_the_error_the_file_line_and_shows_the_code(jsgrade: Grader) -> None:
    result = jsgrade(
        one_case("first(null)", expect=1),
        {"main.js": "// helpers\nfunction first(xs) {\n  return xs[0];\n}\n"},
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*threw TypeError: Cannot read properties of null (reading '0')",
        "*at        first (main.js:3:*)",
        "*code      3 |   return xs?0?;",
        "*^",
    ])
    assert case_records(result)["first(null)"].location.startswith("main.js:3:")


def test_thrown_non_errors(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: number, call: "boom(42)", expect: 1}
          - {name: "null", call: "boom(null)", expect: 1}
          - {name: string, call: "boom('bad')", expect: 1}
        """,
        {"main.js": "function boom(x) { throw x; }"},
    )
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(["*threw 42 (not an Error)", "*threw null (not an Error)", "*threw bad (not an Error)"])


def test_syntax_error_gives_file_line_and_column(jsgrade: Grader) -> None:
    result = jsgrade(one_case("f()", expect=1), {"main.js": "function f() {\n  return 1 +;\n}\n"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*syntax error in main.js:2:*", "*file      main.js:2:*", "*error     SyntaxError: *", "*code      2 |   return 1 +;"])
    assert kind_of(result, "f()") == "syntax_error"


def test_error_while_loading_the_file(jsgrade: Grader) -> None:
    result = jsgrade(one_case("f()", expect=1), {"main.js": "function f() { return 1; }\nundefinedThing();\n"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*main.js threw while loading", "*ReferenceError: *undefinedThing*", "*at        main.js:2:*"])


def test_missing_file_fails_every_case_of_the_spec_and_others_still_run(jsgrade: Grader, pytester) -> None:  # type: ignore[no-untyped-def]
    pytester.makefile(".yaml", other="file: present.js\ncases:\n  - {call: '1', expect: 1}\n")
    result = jsgrade(one_case("f()", file="absent.js", expect=1), {"present.js": ""})
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*missing submission file: absent.js; the submission has present.js", "*looked in*sub"])


def test_time_limit(jsgrade: Grader) -> None:
    result = jsgrade(one_case("spin()", expect=1, limits={"time": "100ms"}), {"main.js": "function spin() { for (;;) {} }"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*time limit exceeded: more than 100ms of CPU time"])
    assert kind_of(result, "spin()") == "time_limit"


def test_memory_limit(jsgrade: Grader) -> None:
    result = jsgrade(
        one_case("grow()", expect=1, limits={"memory": "8MB"}),
        {"main.js": "function grow() { const a = []; for (;;) a.push({x: a.length}); }"},
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*memory limit exceeded: the JavaScript heap went over 8MB"])


def test_stack_overflow_shows_where(jsgrade: Grader) -> None:
    result = jsgrade(one_case("down(1)", expect=1, limits={"stack": "256KB"}), {"main.js": "function down(n) {\n  return down(n + 1);\n}\n"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*stack overflow: recursion too deep for the 256KB stack", "*at        down (main.js:2:*)"])


def test_output_limit(jsgrade: Grader) -> None:
    result = jsgrade(
        one_case("flood()", expect=1, limits={"output": "1KB"}),
        {"main.js": "function flood() { for (let i = 0; ; i++) console.log('line', i); }"},
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*output limit exceeded: the case printed more than 1KB", "*console   line 0", "*more lines*"])
    assert len(result.stdout.str()) < 20_000


def test_value_too_large(jsgrade: Grader) -> None:
    result = jsgrade(one_case("big()", expect=1), {"main.js": "function big() { return 'x'.repeat(8 * 1024 * 1024); }"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*value too large to compare: it holds more than * characters"])


def test_unreadable_value(jsgrade: Grader) -> None:
    result = jsgrade(one_case("odd()", expect={"a": 1}), {"main.js": "function odd() { return {get a() { throw new Error('no'); }}; }"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(['*the returned value could not be read: reading property "a" threw Error: no'])


def test_promise_that_never_settles(jsgrade: Grader) -> None:
    result = jsgrade(one_case("wait()", expect=1), {"main.js": "function wait() { return new Promise(() => {}); }"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the returned Promise never settled*"])


def test_failures_never_show_a_python_traceback(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {call: "nope()", expect: 1}
          - {call: "spin()", expect: 1, limits: {time: 50ms}}
          - {call: "1", expect: 2}
        """,
        {"main.js": "function spin() { for (;;) {} }"},
    )
    result.assert_outcomes(failed=3)
    text = result.stdout.str()
    assert "Traceback" not in text and ".py:" not in text and "def " not in text


def test_each_case_runs_in_a_fresh_runtime(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: first, call: "bump()", expect: 1}
          - {name: second, call: "bump()", expect: 1}
          - {name: pollute, call: "(Array.prototype.sum = 1, globalThis.leak = 2)", expect: 2}
          - {name: clean, call: "[typeof Array.prototype.sum, typeof leak]", expect: [undefined, undefined]}
        """.replace("[undefined, undefined]", '["undefined", "undefined"]'),
        {"main.js": "let count = 0;\nfunction bump() { return ++count; }"},
    )
    result.assert_outcomes(passed=4)


def test_a_failing_case_does_not_stop_the_others(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {call: "spin()", expect: 1, limits: {time: 50ms}}
          - {call: "grow()", expect: 1, limits: {memory: 4MB}}
          - {call: "down()", expect: 1}
          - {call: "ok()", expect: 1}
        """,
        {"main.js": "function spin() { for (;;) {} }\nfunction grow() { let s = []; for (;;) s.push([1]); }\n"
                    "function down() { return down(); }\nfunction ok() { return 1; }"},
    )
    result.assert_outcomes(passed=1, failed=3)
