"""Specs that teach: hints, matching modes, scenarios of steps, feedback levels, forgiving discovery
of the graded file, TypeScript, and failures that read well when a whole spec fails the same way.
Each runs a real pytest session on a real spec (the `jsgrade` fixture)."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest
from conftest import Grader, case_records

from pytest_jsgrade.grading.matching import text_matches, trimmed
from pytest_jsgrade.spec.build import load_spec
from pytest_jsgrade.spec.errors import SpecError

STACK_JS = """\
class Stack {
  constructor() { this.items = []; }
  push(x) { this.items.push(x); return this.items.length; }
  pop() {
    if (this.items.length === 0) throw new Error("Stack is empty");
    return this.items.pop();
  }
  size() { return this.items.length + 1; }
}
module.exports = { Stack };
"""


# -- hints ---------------------------------------------------------------------------------------


def test_a_hint_is_shown_with_a_failure_and_never_with_a_pass(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    spec = """
        file: main.js
        hint: Re-read the handout's section on edge cases.
        cases:
          - {name: empty, call: "largest([])", expect: null, hint: An empty array has no largest element.}
          - {name: one, call: "largest([3])", expect: 3}
          - {name: two, call: "largest([3, 9])", expect: 9}
          - {name: secret, call: "largest([-1, -2])", expect: -1, visibility: hidden, hint: What about negative numbers?}
    """
    result = jsgrade(spec, {"main.js": "function largest(xs) { return xs.length ? Math.max(0, ...xs) : undefined; }"},
                     f"--jsgrade-gradescope-json={pytester.path / 'results.json'}")
    result.assert_outcomes(passed=2, failed=2)
    text = result.stdout.str()
    result.stdout.fnmatch_lines(["*spec › empty*", "*hint*An empty array has no largest element.",
                                 "*spec › secret*", "  failed (what went wrong is not shown for this case)",
                                 "*hint*What about negative numbers?"])
    assert "Re-read the handout" not in text  # the spec's default hint applies only to cases without their own that fail
    records = case_records(result)
    assert records["empty"].hint == "An empty array has no largest element." and records["one"].hint == ""
    tests = {t["name"]: t for t in json.loads((pytester.path / "results.json").read_text())["tests"]}
    assert "What about negative numbers?" in tests["spec › secret"]["output"] and "-2" not in tests["spec › secret"]["output"]


def test_the_spec_hint_is_the_default_and_none_feedback_drops_it(jsgrade: Grader) -> None:
    spec = """
        file: main.js
        hint: Check the handout.
        cases:
          - {name: a, call: "f()", expect: 1}
          - {name: b, call: "f()", expect: 1, visibility: hidden, feedback: none}
    """
    result = jsgrade(spec, {"main.js": "function f() { return 2; }"})
    records = case_records(result)
    assert records["a"].hint == "Check the handout." and records["hidden case 2"].hint == ""
    failures = result.stdout.str().split("short test summary info")[0]  # under CI=true pytest does not cut the summary's lines
    assert failures.count("Check the handout.") == 1


# -- matching modes -----------------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "expected", "got", "matches"), [
    ("exact", "a\n", "a\n", True), ("exact", "a\n", "a \n", False),
    ("trim", "Total: 42\n", "Total: 42   \n\n", True), ("trim", "a\nb", "a  \nb\n", True), ("trim", "a b", "a  b", False),
    ("ignore_case", "Insufficient funds", "insufficient FUNDS ", True), ("ignore_case", "Straße", "STRASSE", True),
    ("contains", "funds", "insufficient funds", True), ("contains", "", "anything", True), ("contains", "x", "", False),
    ("regex", r"^ORD-\d{6}$", "ORD-123456", True), ("regex", r"^ORD-\d{6}$", "ORD-12345", False),
])
def test_text_matching_modes(mode: str, expected: str, got: str, matches: bool) -> None:
    assert text_matches(expected, got, mode) is matches  # type: ignore[arg-type]


def test_trimmed_keeps_inner_lines() -> None:
    assert trimmed("\n\n  a  \n b \n\n") == "  a\n b"  # indentation counts (a pyramid of stars)


def test_matching_modes_in_a_spec(jsgrade: Grader) -> None:
    spec = r"""
        file: bank.js
        cases:
          - {name: funds, call: "withdraw(100)", throws: {name: Error, message: "insufficient funds", match: ignore_case}}
          - {name: funds exact, call: "withdraw(100)", throws: {message: "insufficient funds", match: exact}}
          - {name: receipt, call: "receipt(42)", output: {text: "Total: 42", match: trim}}
          - {name: receipt exact, call: "receipt(42)", output: "Total: 42\n"}
          - {name: greet, call: "greet('Ann')", expect: "hello, ann", match: ignore_case}
          - {name: order, call: "orderId()", expect: '^ORD-[0-9]{6}$', match: regex}
          - {name: order wrong, call: "orderId() + 'x'", expect: '^ORD-[0-9]{6}$', match: regex}
          - {name: number stays exact, call: "1 + 1", expect: 2, match: ignore_case}
    """
    bank = """
        function withdraw(n) { throw new Error("Insufficient funds"); }
        function receipt(n) { console.log("Total: " + n + "   "); }
        function greet(name) { return "Hello, " + name.toUpperCase(); }
        function orderId() { return "ORD-004217"; }
    """
    result = jsgrade(spec, {"bank.js": bank})
    records = case_records(result)
    passed = {name for name, record in records.items() if record.passed}
    assert passed == {"funds", "receipt", "greet", "order", "number stays exact"}, passed
    result.stdout.fnmatch_lines(["*expected  throws an error with a message exactly 'insufficient funds'",
                                 "*expected  a string matching the regular expression '^ORD-[[]0-9]{6}$'"])


def test_a_bad_regular_expression_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("file: a.js\ncases:\n  - call: f()\n    expect: 'a('\n    match: regex\n")
    with pytest.raises(SpecError, match=r"spec.yaml:4: cases\[0\].expect: not a valid regular expression"):
        load_spec(path)


# -- steps --------------------------------------------------------------------------------------


STEPS_SPEC = """
    title: Stack
    file: stack.js
    cases:
      - name: push then pop
        points: 2
        steps:
          - do: const s = new Stack()
          - call: s.push(1)
          - call: s.push(2)
          - call: s.pop()
            expect: 2
          - call: s.size()
            expect: 1
            hint: size() counts the items still on the stack.
          - call: (s.pop(), s.pop())
            throws: {message: empty}
      - name: pop on empty
        steps:
          - do: const t = new Stack()
          - call: t.pop()
            throws: {message: "stack is EMPTY", match: ignore_case}
      - name: an action that throws
        steps:
          - do: const u = new Stack()
          - call: u.peek()
          - call: u.size()
            expect: 0
"""


def test_a_scenario_runs_its_steps_in_order_and_names_the_step_that_failed(jsgrade: Grader) -> None:
    result = jsgrade(STEPS_SPEC, {"stack.js": STACK_JS})
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "Stack › push then pop * 0 / 2 pt",
        "  step 5: wrong answer",
        "  steps     1. ✓ const s = new Stack()",
        "            2. ✓ s.push(1)  → 1",
        "            3. ✓ s.push(2)  → 2",
        "            4. ✓ s.pop()  → 2",
        "            5. → s.size()",
        "               (1 more step not run)",
        "  expected  1",
        "  got       2",
        "  hint      size() counts the items still on the stack.",
    ])
    result.stdout.fnmatch_lines(["Stack › an action that throws*", "  step 2: threw TypeError: u.peek is not a function",
                                 "  steps     1. ✓ const u = new Stack()", "            2. → u.peek()", "               (1 more step not run)"])


def test_a_scenario_keeps_state_across_steps_and_its_limits_cover_them_all(jsgrade: Grader) -> None:
    spec = """
        file: main.js
        cases:
          - name: counts
            steps:
              - do: let n = 0; const bump = () => ++n;
              - call: bump()
              - call: bump()
              - call: n
                expect: 2
              - call: "new Promise((resolve) => setTimeout(() => resolve(n * 10), 5))"
                expect: 20
              - call: "(() => { console.log('hi', n); return n; })()"
                output: "hi 2\\n"
          - name: slow scenario
            limits: {time: 200ms}
            steps:
              - call: spin(1000)
              - call: spin(1e12)
    """
    main = "function spin(n) { let x = 0; for (let i = 0; i < n; i++) x += i; return x >= 0; }"  # CPU time, whatever the load
    result = jsgrade(spec, {"main.js": main})
    records = case_records(result)
    assert records["counts"].passed, records["counts"]
    assert records["slow scenario"].kind.value == "time_limit"
    assert "time limit exceeded in step 2" in records["slow scenario"].headline


def test_step_schema_mistakes_are_named(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("file: a.js\ncases:\n  - steps:\n      - do: let x = 1\n        expect: 1\n      - {name: nothing}\n"
                    "  - call: f()\n    steps:\n      - call: g()\n")
    with pytest.raises(SpecError) as raised:
        load_spec(path)
    message = str(raised.value)
    assert "a do: step has no result to expect or check" in message
    assert "a step needs do: (statements) or call: (an expression)" in message
    assert "a case with steps has its calls and expectations in its steps" in message


# -- feedback levels -------------------------------------------------------------------------------


def test_feedback_levels_per_case_and_spec_are_honoured_by_every_report(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    spec = """
        file: main.js
        feedback: outcome
        cases:
          - {name: visible but outcome, call: "f(11)", expect: 1}
          - {name: visible full, call: "f(12)", expect: 1, feedback: full}
          - {name: hidden none, call: "f(13)", expect: 1, visibility: hidden, feedback: none}
    """
    result = jsgrade(spec, {"main.js": "function f(x) { return x; }"}, f"--junitxml={pytester.path / 'junit.xml'}",
                     f"--jsgrade-gradescope-json={pytester.path / 'results.json'}")
    result.assert_outcomes(failed=3)
    text = result.stdout.str() + (pytester.path / "junit.xml").read_text() + (pytester.path / "results.json").read_text()
    assert "f(12)" in text and "f(11)" not in text and "f(13)" not in text and "hidden none" not in text
    assert "hidden case 3" in text
    everything = jsgrade(spec, {"main.js": "function f(x) { return x; }"}, "--jsgrade-hidden-feedback=full")
    assert "f(11)" in everything.stdout.str() and "f(13)" in everything.stdout.str()


def test_a_hidden_case_without_a_name_is_not_named_after_its_call(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    """An unnamed case is named after its call; a hidden one must not show it (the call is the hidden input)."""
    spec = """
        file: main.js
        cases:
          - {call: "secretFn(424242, 'hunter2')", expect: 1, visibility: hidden}
          - {call: "shown(1)", expect: 2}
          - name: hidden scenario
            visibility: hidden
            steps:
              - do: const cfg = loadConfig("port=31337;user=SECRET-ADMIN;password=hunter2;region=eu-hidden-1;x=1111")
              - {call: cfg.port, expect: 31337}
          - name: broken hidden scenario
            visibility: hidden
            steps:
              - do: "const = 'SECRET-STEP-CODE-that-is-longer-than-eighty-characters-so-the-headline-would-name-it'"
    """
    files = {"main.js": "function secretFn(a, b) { return a; }\nfunction shown(x) { return x; }\n"
                        "function loadConfig(text) { return JSON.parse(text); }\n"}
    result = jsgrade(spec, files, f"--junitxml={pytester.path / 'junit.xml'}", f"--jsgrade-gradescope-json={pytester.path / 'results.json'}")
    result.assert_outcomes(failed=3, errors=1)
    text = result.stdout.str() + (pytester.path / "junit.xml").read_text() + (pytester.path / "results.json").read_text()
    for secret in ("424242", "hunter2", "SECRET"):
        assert secret not in text, secret
    assert "hidden case 1" in text and "shown(1)" in text and "hidden scenario" in text
    assert "could not be graded: an error in the spec or the grader" in text
    instructor = jsgrade(spec, files, "--jsgrade-hidden-feedback=full")
    assert "secretFn(424242" in instructor.stdout.str() and "SECRET-STEP-CODE" in instructor.stdout.str()


# -- which file is graded --------------------------------------------------------------------------


@pytest.mark.parametrize(("files", "graded_note"), [
    ({"my-lab/two_sum.js": "function twoSum() { return [0, 1]; }"}, "graded my-lab/two_sum.js: the spec names two_sum.js"),
    ({"Two_Sum.js": "function twoSum() { return [0, 1]; }"}, "graded Two_Sum.js as two_sum.js"),
])
def test_the_expected_file_is_found_in_a_subfolder_or_another_case(jsgrade: Grader, files: dict[str, str], graded_note: str) -> None:
    spec = "file: two_sum.js\ncases:\n  - {call: 'twoSum([2, 7], 9)', expect: [0, 1]}\n  - {call: 'twoSum([2, 7], 9)', expect: [1, 0]}\n"
    result = jsgrade(spec, files)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([f"*note*{graded_note}*"])


def test_two_candidates_are_not_guessed_between(jsgrade: Grader) -> None:
    spec = "file: two_sum.js\ncases:\n  - {call: 'twoSum()', expect: 1}\n"
    result = jsgrade(spec, {"a/two_sum.js": "function twoSum() { return 1; }", "b/two_sum.js": "function twoSum() { return 2; }"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*missing submission file: two_sum.js (the submission has a/two_sum.js, b/two_sum.js: keep one*"])


def test_a_missing_file_lists_what_there_is_and_the_closest_name(jsgrade: Grader) -> None:
    spec = "file: two_sum.js\ncases:\n  - {call: 'twoSum()', expect: 1}\n  - {call: 'twoSum()', expect: 2}\n"
    result = jsgrade(spec, {"twosum.js": "", "notes.txt": "", "util/helpers.js": ""})
    result.stdout.fnmatch_lines([
        "*missing submission file: two_sum.js; the submission has twosum.js, util/helpers.js (did you mean twosum.js? rename it two_sum.js)",
        "*see*the same error, explained there*",
    ])


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes and symlinks")
@pytest.mark.parametrize(("make", "what"), [
    (lambda p: p.mkdir(), "is a folder, not a file"),
    (lambda p: os.mkfifo(p), "is a named pipe (FIFO), not a file"),
    (lambda p: p.symlink_to(p.parent / "nowhere.js"), "is a link to a file that does not exist"),
])
def test_a_name_that_is_not_a_file_is_reported_as_what_it_is(jsgrade: Grader, pytester: pytest.Pytester, make: object, what: str) -> None:
    (pytester.path / "sub").mkdir()
    make(pytester.path / "sub" / "main.js")  # type: ignore[operator]
    result = jsgrade("file: main.js\ncases:\n  - {call: f(), expect: 1}\n")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*main.js {what}*"])


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes")
@pytest.mark.parametrize("where", ["my-lab/main.js", "Main.js"])
def test_a_named_pipe_found_by_discovery_is_reported_never_opened(jsgrade: Grader, pytester: pytest.Pytester, where: str) -> None:
    fifo = pytester.path / "sub" / where
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    timer = threading.Timer(30, lambda: os.close(os.open(fifo, os.O_RDWR)))  # a reader blocked on it fails, never hangs
    timer.daemon = True
    timer.start()
    try:
        result = jsgrade("file: main.js\ncases:\n  - {call: f(), expect: 1}\n")
    finally:
        timer.cancel()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*{where} is a named pipe (FIFO), not a file (the spec names main.js)*"])


@pytest.mark.skipif(sys.platform == "win32", reason="a path this deep")
def test_a_folder_chain_too_deep_to_walk_is_a_note_not_a_traceback(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    """require() makes the grader look at the submission's other files: a chain of folders 1200
    deep is left out beyond 64 levels, with a note."""
    chain = pytester.path / "sub"
    chain.mkdir()
    here = os.getcwd()
    os.chdir(chain)
    try:
        for _ in range(1200):
            os.mkdir("a")
            os.chdir("a")
    finally:
        os.chdir(here)
    try:
        result = jsgrade("file: main.js\ncases:\n  - {call: f(), expect: 1}\n",
                         {"main.js": "const h = require('./helper.js');\nfunction f() { return h; }\n", "helper.js": "module.exports = 1;\n"},
                         "spec.yaml")  # the spec named: pytest's own collection of the folder would recurse into the chain
    finally:
        os.chdir(chain)
        for _ in range(1200):
            os.chdir("a")
        for _ in range(1200):
            os.chdir("..")
            os.rmdir("a")
        os.chdir(here)
    result.assert_outcomes(passed=1)
    assert "Traceback" not in result.stdout.str() and "RecursionError" not in result.stdout.str()


def test_a_file_given_as_the_submission_is_graded(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", spec="file: two_sum.js\ncases:\n  - {call: 'twoSum()', expect: 1}\n")
    (pytester.path / "work").mkdir()
    (pytester.path / "work" / "solution.js").write_text("function twoSum() { return 1; }")
    result = pytester.runpytest("--jsgrade", "spec.yaml", "--jsgrade-submission=work/solution.js", "-p", "no:cacheprovider",
                                "-p", "no:benchmark")
    result.assert_outcomes(passed=1)


# -- TypeScript -------------------------------------------------------------------------------------


STACK_TS = """\
interface Sized { size(): number }

export class Stack<T> implements Sized {
  private items: T[] = [];

  constructor(public readonly name: string = "stack") {}

  push(item: T): number {
    this.items.push(item);
    return this.items.length;
  }

  pop(): T {
    if (this.items.length === 0) {
      throw new RangeError(`${this.name} is empty`);
    }
    return this.items.pop()!;
  }

  size(): number { return this.items.length; }
}

export enum Color { Red, Green = 5, Blue }
"""


def test_a_typescript_class_exercise_is_graded_with_the_students_own_lines(jsgrade: Grader) -> None:
    spec = """
        title: Stack in TypeScript
        file: stack.ts
        cases:
          - {name: push, call: "new Stack<number>().push(4)", expect: 1}
          - {name: names, call: "new Stack('s').name", expect: s}
          - {name: enum, call: "[Color.Green, Color.Blue, Color[5]]", expect: [5, 6, Green]}
          - {name: empty, call: "new Stack('plates').pop()", expect: 1}
    """
    result = jsgrade(spec, {"stack.ts": STACK_TS})
    result.assert_outcomes(passed=2, failed=1, errors=1)  # `new Stack<number>()` in a call is TypeScript, not JavaScript: the spec's mistake
    result.stdout.fnmatch_lines(["*the case's call is not a valid JavaScript expression (an error in the spec)"])
    result.stdout.fnmatch_lines([
        "*Stack in TypeScript › empty*",
        "  threw RangeError: plates is empty",
        "  at * pop (stack.ts:15:*)",  # the line the student wrote (QuickJS points at the constructor name, V8 at new)
        "  code      15 |       throw new RangeError(`${this.name} is empty`);",
    ])
    records = case_records(result)
    assert records["enum"].passed and records["names"].passed


def test_a_typescript_syntax_error_has_its_file_line_and_column(jsgrade: Grader) -> None:
    spec = "file: main.ts\ncases:\n  - {call: 'f(1)', expect: 1}\n"
    result = jsgrade(spec, {"main.ts": "function f(a: number): number {\n  let b: = a;\n  return b;\n}\n"})
    result.stdout.fnmatch_lines(["*syntax error in main.ts:2:8", "*SyntaxError: unexpected ':' (the file is not valid TypeScript)",
                                 "*2 |   let b: = a;", "  *   ^"])


def test_a_typescript_file_stands_in_for_javascript_where_the_spec_allows_it(jsgrade: Grader) -> None:
    spec = "file: add.js\ntypescript: true\ncases:\n  - {call: 'add(1, 2)', expect: 3}\n"
    result = jsgrade(spec, {"add.ts": "function add(a: number, b: number): number { return a + b; }\n"})
    result.assert_outcomes(passed=1)
    refused = jsgrade(spec.replace("typescript: true\n", ""), {"add.ts": "function add(a: number, b: number) { return a + b; }\n"})
    refused.assert_outcomes(failed=1)
    refused.stdout.fnmatch_lines(["*missing submission file: add.js; the submission has add.ts*"])


# -- failures that read well at scale ----------------------------------------------------------------


def test_a_syntax_error_is_explained_once_per_spec(jsgrade: Grader) -> None:
    cases = "".join(f"  - {{name: c{i}, call: 'f({i})', expect: {i}}}\n" for i in range(5))
    result = jsgrade(f"file: main.js\ncases:\n{cases}", {"main.js": "function f(x) { return x +; }\n"})
    text = result.stdout.str().split("short test summary info")[0]  # under CI=true pytest does not cut the summary's lines
    assert text.count("SyntaxError") == 1 and text.count("syntax error in main.js:1:") == 5
    assert text.count("see       spec › c0: the same error, explained there") == 4


def test_a_value_and_its_output_both_wrong_are_both_shown(jsgrade: Grader) -> None:
    result = jsgrade("file: main.js\ncases:\n  - {call: 'f()', expect: 1, output: \"one\\n\"}\n",
                     {"main.js": "function f() { console.log('two'); return 2; }"})
    result.stdout.fnmatch_lines(["  wrong answer and wrong console output", "  expected  * 1", "  got  * 2",
                                 "  expected output  one", "  got output  * two"])


def test_output_printed_while_loading_is_shown_apart_and_does_not_count(jsgrade: Grader) -> None:
    result = jsgrade("file: main.js\ncases:\n  - {name: ok, call: 'f()', output: \"call\\n\"}\n  - {name: bad, call: 'f()', expect: 2}\n",
                     {"main.js": "console.log('loading');\nfunction f() { console.log('call'); return 1; }"})
    records = case_records(result)
    assert records["ok"].passed
    result.stdout.fnmatch_lines(["*spec › bad*", "  console  * call", "  printed while loading  loading"])


def test_figures_that_say_nothing_are_left_out(jsgrade: Grader) -> None:
    result = jsgrade("file: absent.js\ncases:\n  - {call: 'f()', expect: 1}\n", {"x.js": ""})
    text = result.stdout.str()
    assert "cpu 0 µs" not in text and "heap at end 0 B" not in text and "process peak +0 B" not in text


def test_a_long_nested_value_shows_where_it_differs(jsgrade: Grader) -> None:
    build = "Array.from({length: 30}, (_, i) => ({id: i, name: 'n' + i, tags: [i, i + 1]}))"
    main = f"function people() {{ const p = {build}; p[4].name = 'N4'; p[20].tags.pop(); return p; }}"
    result = jsgrade(f"file: main.js\ncases:\n  - {{call: 'people()', expect: !js \"{build}\"}}\n", {"main.js": main})
    result.stdout.fnmatch_lines(["  differs   at [4].name: expected \"n4\", got \"N4\"", "            at [20].tags: expected 2 elements, got 1"])
    assert "… (" in result.stdout.str()  # the values themselves are cut short
