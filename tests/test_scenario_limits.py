"""A scenario's limits cover every step, a limit stops it, and a SyntaxError the student's code
throws in a step is the student's, not the spec's. Found by attacking `steps:` as a student would."""

from __future__ import annotations

from conftest import Grader

STACK = """
file: f.js
limits: {stack: 256KB, memory: 16MB}
cases:
  - name: overflow in the last step, which checks nothing
    steps: [{do: const s = new S()}, {call: s.fill(5000)}]
  - name: memory bomb in the last step, which checks nothing
    steps: [{do: const s = new S()}, {call: s.mem()}]
  - name: overflow in a middle step
    steps: [{do: const s = new S()}, {call: s.fill(5000)}, {call: "1", expect: 1}]
  - name: a do step after a call step keeps the stack limit
    steps: [{call: depth(1)}, {do: globalThis.r = depth(5000)}, {call: r, expect: 5000}]
"""
CLASS = """class S { fill(n) { return n === 0 ? 0 : 1 + this.fill(n - 1); } mem() { const x = []; for (;;) x.push(new Array(1000).fill(1)); } }
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
"""


def test_a_limit_in_any_step_fails_the_case_with_that_limit(jsgrade: Grader) -> None:
    result = jsgrade(STACK, {"f.js": CLASS})
    result.assert_outcomes(failed=4)
    result.stdout.fnmatch_lines(["*overflow in the last step*", "*stack overflow in step 2: recursion too deep*"])
    result.stdout.fnmatch_lines(["*memory bomb in the last step*", "*memory limit exceeded in step 2*"])
    result.stdout.fnmatch_lines(["*overflow in a middle step*", "*stack overflow in step 2*"])
    result.stdout.fnmatch_lines(["*a do step after a call step*", "*stack overflow in step 2*"])
    assert "sandbox error" not in result.stdout.str()


def test_a_syntax_error_the_students_code_throws_in_a_do_step_is_theirs(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: f.js
        cases:
          - name: config
            steps:
              - do: const cfg = loadConfig("port=31337")
              - {call: cfg.port, expect: 31337}
          - name: the spec's own broken step
            steps:
              - do: "const = 1"
        """,
        {"f.js": "function loadConfig(text) { return JSON.parse(text); }\n"},
    )
    result.assert_outcomes(failed=1, errors=1)
    result.stdout.fnmatch_lines(["*config*", "*step 1: threw SyntaxError: *", "*at*loadConfig (f.js:1:*"])
    result.stdout.fnmatch_lines(["*the step is not valid JavaScript (an error in the spec)*"])


def test_an_unreadable_value_of_a_checked_step_says_why(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: f.js
        cases:
          - steps: [{call: "trap()", expect: {a: 1}}]
          - name: unchecked
            steps: [{call: "trap()"}, {call: "1", expect: 1}]
        """,
        {"f.js": "function trap() { return { get a() { throw new Error('no'); } }; }\n"},
    )
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["*step 1: the returned value could not be read: *"])


def test_what_a_do_steps_promises_print_is_that_steps_output(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: f.js
        cases:
          - steps:
              - do: later()
              - {call: hi(), output: "hi\\n"}
        """,
        {"f.js": "function later() { Promise.resolve().then(() => console.log('later')); }\nfunction hi() { console.log('hi'); }\n"},
    )
    result.assert_outcomes(passed=1)


def test_an_error_thrown_in_a_timer_is_the_students_not_the_graders(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: f.js
        cases:
          - {name: timer throws, call: "start()", expect: 1}
          - {name: timer evaluates broken code, call: "broken()", expect: 1}
          - name: in a step
            steps: [{call: "start()"}, {call: "1", expect: 1}]
        """,
        {"f.js": "function start() { setTimeout(() => { throw new Error('late'); }, 0); return new Promise(() => {}); }\n"
                 "function broken() { setTimeout(eval, 0, '('); return new Promise((r) => setTimeout(() => r(1), 5)); }\n"},
    )
    result.assert_outcomes(failed=3)
    text = result.stdout.str()
    assert "sandbox error" not in text and "an error in the spec" not in text
    result.stdout.fnmatch_lines(["*timer throws*", "*threw Error: late*", "*at*f.js:1:*"])
    result.stdout.fnmatch_lines(["*timer evaluates broken code*", "*threw SyntaxError*"])
    result.stdout.fnmatch_lines(["*in a step*", "*step 1: threw Error: late*"])
