"""Intl and the built-ins the sandbox adds, end to end through pytest: what a student sees, what a
spec can match, and that none of it can be turned against the grader. The exact agreement with
Node lives in test_node_differential.py."""

from __future__ import annotations

import pytest
from conftest import Grader, case_records, one_case

from pytest_jsgrade.grading.hints import did_you_mean
from pytest_jsgrade.sandbox.protocol import CaseJob, Frame, SourceFile, ThrownError
from pytest_jsgrade.sandbox.runtime import needs_extras


def test_intl_formats_like_node_through_a_spec(jsgrade: Grader) -> None:
    code = """
    function price(n) { return n.toLocaleString('nl-NL', {style: 'currency', currency: 'EUR'}); }
    function names(list) { return [...list].sort((a, b) => a.localeCompare(b)); }
    function reverse(s) { return [...new Intl.Segmenter().segment(s)].map((x) => x.segment).reverse().join(''); }
    """
    spec = """
        file: main.js
        cases:
          - {call: "price(-1234.5)", expect: "\u20ac\u00a0-1.234,50"}
          - {call: "names(['b', 'a', 'C'])", expect: [a, b, C]}
          - {call: "reverse('ab\U0001F44D\U0001F3FD')", expect: "\U0001F44D\U0001F3FDba"}
          - {call: "(1234.5).toLocaleString('en-US')", expect: !js "new Intl.NumberFormat('en-US').format(1234.5)"}
    """
    result = jsgrade(spec, {"main.js": code})
    result.assert_outcomes(passed=4)


def test_a_case_that_reaches_more_extras_than_it_names_runs_again_with_all(jsgrade: Grader) -> None:
    """A runtime is handed the extras' groups its case's code names; a case that gets to another
    group another way must still get Node's answer, never an error of the grader's."""
    code = """
    function f() {
      const host = new URL('https://example.com/x').host;
      const I = globalThis['In' + 'tl'];
      return [host, new I.NumberFormat('de-DE').format(1234.5), ['b', 'a'].sort(new I['Coll' + 'ator']('en').compare)];
    }
    """
    result = jsgrade(one_case("f()", expect=["example.com", "1.234,5", ["a", "b"]]), {"main.js": code})
    result.assert_outcomes(passed=1)


def test_the_extras_are_named_or_not() -> None:
    assert not needs_extras(CaseJob(files=(SourceFile("a.js", "function f() { return 1; }"),), call="f()"))
    assert needs_extras(CaseJob(files=(SourceFile("a.js", "x.localeCompare(y)"),), call="f()"))
    assert needs_extras(CaseJob(files=(), call="structuredClone({})"))
    assert needs_extras(CaseJob(files=(), call="f()", setup="globalThis.u = new URL('https://x.y')"))


def test_a_missing_method_reads_as_in_node_with_the_students_line(jsgrade: Grader) -> None:
    code = """
    class Account {
      constructor() { this.balance = 10; }
      getBalance() { return this.balance; }
    }
    function total() {
      const acct = new Account();
      return acct.getBalence();
    }
    """
    result = jsgrade(one_case("total()", expect=10), {"main.js": code})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*threw TypeError: acct.getBalence is not a function*", "*at*total (main.js:8:15)*",
                                 "*hint*did you mean `getBalance`?*"])


def test_a_spec_can_match_nodes_wording(jsgrade: Grader) -> None:
    code = "function use(o) { return o.run(); }\nfunction fixed() { const k = 1; k = 2; }\nfunction read(o) { return o.x.y; }"
    spec = """
        file: main.js
        cases:
          - {call: "use({})", throws: {name: TypeError, message: "o.run is not a function"}}
          - {call: "fixed()", throws: {name: TypeError, message: "Assignment to constant variable."}}
          - {call: "read({})", throws: {name: TypeError, message: "Cannot read properties of undefined (reading 'y')"}}
          - {call: "missing()", throws: {name: ReferenceError, message: "missing is not defined"}}
    """
    result = jsgrade(spec, {"main.js": code})
    result.assert_outcomes(passed=4)


def test_student_code_sees_nodes_wording_too(jsgrade: Grader) -> None:
    code = "function f() { try { null.x; } catch (e) { return e.message; } }"
    result = jsgrade(one_case("f()", expect="Cannot read properties of null (reading 'x')"), {"main.js": code})
    result.assert_outcomes(passed=1)


def test_an_undefined_name_close_to_one_the_student_wrote_gets_a_hint(jsgrade: Grader) -> None:
    code = "function computeTotal(xs) { return xs.length; }\nfunction run() { return computeTotl([1]); }"
    result = jsgrade(one_case("run()", expect=1), {"main.js": code})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*ReferenceError: computeTotl is not defined*", "*did you mean `computeTotal`?*"])
    record = case_records(result)["run()"]
    assert record.headline.startswith("threw ReferenceError")


@pytest.mark.parametrize(
    ("message", "name", "hint"),
    [
        ("getBalence is not defined", "ReferenceError", "did you mean `getBalance`?"),
        ("acct.getbalance is not a function", "TypeError", "did you mean `getBalance`?"),
        ("zzz is not defined", "ReferenceError", None),
        ("acct.getBalence is not a function", "RangeError", None),
        ("Cannot read properties of undefined (reading 'x')", "TypeError", None),
    ],
)
def test_did_you_mean_offers_only_close_names_of_the_students_files(message: str, name: str, hint: str | None) -> None:
    error = ThrownError(name, message, True, (Frame("main.js", 1, 1),))
    assert did_you_mean(error, {"main.js": "function getBalance() {}\nconst total = 1;"}) == hint


def test_the_sandbox_zone_is_utc_in_workers(jsgrade: Grader) -> None:
    code = "function zone() { return [new Date(2024, 0, 1).getTimezoneOffset(), new Date(2024, 6, 1, 12).toISOString()]; }"
    result = jsgrade(one_case("zone()", expect=[0, "2024-07-01T12:00:00.000Z"]), {"main.js": code})
    result.assert_outcomes(passed=1)


TAMPERED_BUILTINS = [
    "String.prototype.slice = null; String.prototype.indexOf = null; Array.prototype.push = null;",
    "Object.keys = null; Object.defineProperty = null; Object.getOwnPropertyDescriptor = null; Reflect.ownKeys = null;",
    "Math.floor = () => 0; Math.min = () => 0; Number = null; String = null; RegExp.prototype.test = () => false;",
    "WeakMap.prototype.get = null; WeakMap.prototype.set = null; JSON.parse = null; String.prototype.toUpperCase = null;",
]


@pytest.mark.parametrize("tamper", TAMPERED_BUILTINS)
def test_intl_still_answers_after_the_student_replaced_builtins(jsgrade: Grader, tamper: str) -> None:
    """The libraries compile on first use, possibly after tampering: they read only what the
    harness captured before any student code ran."""
    code = f"""
    function f() {{
      {tamper}
      return [(1234.5).toLocaleString('en-US'), new Intl.DateTimeFormat('en-US', {{dateStyle: 'medium'}}).format(0),
              ['b', 'a'].sort((x, y) => x.localeCompare(y)).join(''), new Intl.PluralRules('en').select(1)];
    }}
    """
    result = jsgrade(one_case("f()", expect=["1,234.5", "Jan 1, 1970", "ab", "one"]), {"main.js": code})
    result.assert_outcomes(passed=1)

