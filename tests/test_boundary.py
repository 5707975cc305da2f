"""The sandbox boundary carries data only: whatever a student returns, the case ends with a verdict,
pytest's process never raises, and an instructor's `check` never runs student code."""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Grader, case_records, one_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_jsgrade.grading.case import grade_case
from pytest_jsgrade.grading.reference import References
from pytest_jsgrade.grading.verdict import Kind
from pytest_jsgrade.reports.records import CaseRecord
from pytest_jsgrade.reports.text import failure
from pytest_jsgrade.sandbox import pool as pool_module
from pytest_jsgrade.sandbox.pool import WorkerPool
from pytest_jsgrade.sandbox.protocol import SourceFile
from pytest_jsgrade.source.submission import Submission
from pytest_jsgrade.spec.build import build
from pytest_jsgrade.spec.loader import load_yaml

# A predicate that passes only if student code ran inside the check's own sandbox: it touches
# every part of the copy it is given (so a getter or a toPrimitive would fire) and then asks.
PWNED_CHECK = textwrap.dedent("""\
    (r) => {
      const seen = new Set();
      const walk = (v, depth) => {
        if (depth > 40 || v === null || (typeof v !== "object" && typeof v !== "function") || seen.has(v)) return;
        seen.add(v);
        for (const k of Reflect.ownKeys(v)) { try { walk(v[k], depth + 1); } catch (e) {} }
        try { String(v); `${v}`; v + 1; } catch (e) {}
      };
      walk(r, 0);
      return globalThis.PWNED === 1 || r?.PWNED === 1 || r?.isValid === true;
    }""")


# -- each finding, as a student would hit it ---------------------------------------------------

def test_an_error_named_after_a_global_is_rebuilt_as_an_error_not_a_function(jsgrade: Grader) -> None:
    attack = """
        function attack() {
          class E extends Error {}
          E.prototype.name = "Function";
          return new E("globalThis.PWNED = 1; return 42");
        }
    """
    result = jsgrade(one_case("attack()", check=PWNED_CHECK), {"main.js": attack})
    result.assert_outcomes(failed=1)
    assert case_records(result)["attack()"].kind == Kind.WRONG_ANSWER


def test_an_own_proto_key_stays_a_key_in_the_checks_copy(jsgrade: Grader) -> None:
    result = jsgrade(one_case("JSON.parse('{\"__proto__\": {\"isValid\": true, \"PWNED\": 1}}')", check=PWNED_CHECK), {"main.js": ""})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the result failed the spec's check*"])


def test_a_proxy_that_lies_about_its_length_cannot_write_into_the_wire(jsgrade: Grader) -> None:
    lie = "new Proxy([1], { get(t, k) { return k === 'length' ? '1,[]]]],[' : t[k]; } })"
    result = jsgrade(one_case(lie, expect=[1]), {"main.js": ""})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the returned value could not be read: it is an array whose length is not an array length"])
    assert "Traceback" not in result.stdout.str()


def test_a_linked_list_as_deep_as_the_encoder_allows_grades(jsgrade: Grader) -> None:
    build = "(n) => { let node = null; for (let i = n - 1; i >= 0; i--) node = {value: i, next: node}; return node; }"
    spec = f"""
        file: main.js
        cases:
          - {{name: deep, call: list(999), expect: !js "({build})(999)"}}
          - {{name: wrong deep, call: "list(999, 500)", expect: !js "({build})(999)"}}
    """
    main = "function list(n, skip) { let node = null; for (let i = n - 1; i >= 0; i--) if (i !== skip) node = {value: i, next: node}; return node; }"
    result = jsgrade(spec, {"main.js": main})
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*differs   at .next×500.value: expected 500, got 501"])  # the path, readable


def test_a_huge_bigint_compares_exactly_and_shows_abbreviated(jsgrade: Grader) -> None:
    factorial = "function fact(n) { let r = 1n; for (let i = 2n; i <= n; i++) r *= i; return r; }"
    spec = """
        file: main.js
        cases:
          - {name: right, call: fact(2000n), expect: !js "(() => { let r = 1n; for (let i = 2n; i <= 2000n; i++) r *= i; return r; })()"}
          - {name: off by one, call: fact(2000n) + 1n, expect: !js "(() => { let r = 1n; for (let i = 2n; i <= 2000n; i++) r *= i; return r; })()"}
          - {name: off inside, call: fact(2000n) + 10n ** 3000n, expect: !js "(() => { let r = 1n; for (let i = 2n; i <= 2000n; i++) r *= i; return r; })()"}
    """
    result = jsgrade(spec, {"main.js": factorial})
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*expected  33162750924506332411…0000000000n (5,736 digits)",
                                 "*got       33162750924506332411…0000000001n (5,736 digits)"])
    result.stdout.fnmatch_lines(["*why       expected 33162750924506332411…0000000000n (5,736 digits), got * the digits differ from digit 2736"])


def test_big_sets_maps_and_unordered_arrays_of_correct_answers_pass(jsgrade: Grader) -> None:
    main = """
        const n = 10000;
        function set() { return new Set(Array.from({length: 4000}, (_, i) => 3999 - i)); }
        function map() { return new Map(Array.from({length: 4000}, (_, i) => [[3999 - i], {v: i}])); }
        function items() { return Array.from({length: n}, (_, i) => ({id: n - 1 - i, tags: ["t" + i]})); }
    """
    spec = """
        file: main.js
        cases:
          - {call: set(), expect: !js "new Set(Array.from({length: 4000}, (_, i) => i))"}
          - {call: map(), expect: !js "new Map(Array.from({length: 4000}, (_, i) => [[i], {v: 3999 - i}]))"}
          - {call: items(), unordered: true, expect: !js "Array.from({length: 10000}, (_, i) => ({id: i, tags: ['t' + (9999 - i)]}))"}
          - {call: items(), unordered: true, tolerance: 0.001, expect: !js "Array.from({length: 10000}, (_, i) => ({id: i + 1e-6, tags: ['t' + (9999 - i)]}))"}
    """
    result = jsgrade(spec, {"main.js": main}, "--durations=0")
    result.assert_outcomes(passed=4)


def test_a_slow_hook_never_turns_a_fast_case_into_a_time_limit(jsgrade: Grader, pytester: pytest.Pytester,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases run ahead in the workers while pytest sits in a hook much longer than their deadline."""
    monkeypatch.setattr(pool_module, "DEADLINE_MARGIN", 0.2)  # deadline: start + 2 × 100ms + 0.2s
    pytester.makeconftest("import time\ndef pytest_jsgrade_adjust_verdict(item, case, verdict):\n    time.sleep(0.8)\n")
    spec = "file: main.js\nlimits: {time: 100ms}\ncases:\n" + "".join(f"  - {{call: 'f({i})', expect: {i}}}\n" for i in range(6))
    result = jsgrade(spec, {"main.js": "function f(x) { return x; }"})
    result.assert_outcomes(passed=6)


def test_a_case_that_really_hangs_is_still_stopped_at_its_deadline(jsgrade: Grader, faults: pytest.MonkeyPatch) -> None:
    faults.setattr(pool_module, "DEADLINE_MARGIN", 0.2)
    faults.setenv("JSGRADE_TEST_HANG_MARKER", "HANG")
    spec = "file: main.js\nlimits: {time: 100ms}\ncases:\n  - {call: 'f(1)', expect: 1}\n  - {call: 'f(2) /* HANG */', expect: 2}\n  - {call: 'f(3)', expect: 3}\n"
    result = jsgrade(spec, {"main.js": "function f(x) { return x; }"})
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*stopped by the grader at the wall-clock deadline*"])


# -- hostile values, generated -----------------------------------------------------------------

LEAVES = ["1", "-0", "NaN", "'text'", "'\\ud800'", "10n", "(2n ** 5000n)", "undefined", "null", "Symbol('x')", "() => 1",
          "class A {}", "new Date(0)", "new Date(NaN)", "/a+/g", "new Uint8Array([1, 2])", "new ArrayBuffer(3)",
          "JSON.parse('{\"__proto__\": {\"PWNED\": 1}}')"]
WRAPPERS = [
    "[{x}]", "({{a: {x}, b: [{x}]}})", "new Map([[{x}, {x}]])", "new Set([{x}])",
    "new Proxy(Object({x}), {{ get(t, k) {{ globalThis.PWNED = 1; return Reflect.get(t, k); }} }})",
    "new Proxy([{x}], {{ get(t, k) {{ return k === 'length' ? '1]],[' : t[k]; }} }})",
    "new Proxy([{x}], {{ getPrototypeOf() {{ globalThis.PWNED = 1; return Array.prototype; }} }})",
    "new Proxy({{}}, {{ ownKeys() {{ throw new Error('trap'); }} }})",
    "new Proxy({{v: {x}}}, {{ ownKeys() {{ return ['v', 'v', 'constructor']; }} }})",
    "Object.defineProperty({{}}, 'g', {{ enumerable: true, get() {{ throw new Error('no'); }} }})",
    "({{ get g() {{ globalThis.PWNED = 1; return {x}; }} }})",
    "({{ [Symbol.toPrimitive]() {{ globalThis.PWNED = 1; return 1; }}, v: {x} }})",
    "({{ toJSON() {{ globalThis.PWNED = 1; return {x}; }}, valueOf() {{ return {x}; }} }})",
    "Object.setPrototypeOf({{ v: {x} }}, {{ get w() {{ globalThis.PWNED = 1; }}, constructor: Function }})",
    "(() => {{ class E extends Error {{}} E.prototype.name = {name}; const e = new E('globalThis.PWNED = 1'); e.v = {x}; return e; }})()",
    "(() => {{ const a = [{x}]; a.length = 1e6; a[999999] = {x}; return a; }})()",
    "(() => {{ const o = {{ v: {x} }}; o.self = o; o.list = [o, [o]]; return o; }})()",
    "(() => {{ let o = {x}; for (let i = 0; i < {depth}; i++) o = [o]; return o; }})()",
    "(() => {{ let o = {x}; for (let i = 0; i < {depth}; i++) o = {{ next: o }}; return o; }})()",
    "Array.from({{ length: {size} }}, () => {x})",
    "Object.fromEntries(Array.from({{ length: 50 }}, (_, i) => ['k' + i, {x}]))",
]
NAMES = ["'Function'", "'eval'", "'Proxy'", "'__proto__'", "'constructor'", "'toString'", "'AggregateError'", "''", "'TypeError'"]


@st.composite
def hostile(draw: st.DrawFn) -> str:
    value = draw(st.sampled_from(LEAVES))
    for _ in range(draw(st.integers(1, 4))):
        value = draw(st.sampled_from(WRAPPERS)).format(
            x=value, name=draw(st.sampled_from(NAMES)), depth=draw(st.sampled_from([3, 998, 1200])),
            size=draw(st.sampled_from([3, 5000, 250000])))
    return value


@pytest.fixture(scope="module")
def grader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerPool]:
    pool = WorkerPool(size=2)
    yield pool
    pool.close()


FUZZ = settings(max_examples=int(os.environ.get("JSGRADE_FUZZ_EXAMPLES", "60")), deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
ALLOWED = {Kind.WRONG_ANSWER, Kind.TOO_LARGE, Kind.UNREADABLE, Kind.TIME_LIMIT, Kind.MEMORY_LIMIT, Kind.PASSED}


@FUZZ
@given(value=hostile())
def test_any_hostile_value_ends_in_a_verdict_and_never_runs_in_the_check(grader: WorkerPool, tmp_path: Path, value: str) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("file: main.js\nlimits: {time: 2s, memory: 128MB}\ncases:\n"
                    f"  - {{name: check, call: {json.dumps('make()')}, check: {json.dumps(PWNED_CHECK)}}}\n"
                    f"  - {{name: equal, call: {json.dumps('make()')}, expect: !js {json.dumps('[1, 2]')}}}\n"
                    f"  - {{name: unordered, call: {json.dumps('[make(), make()]')}, unordered: true, tolerance: 0.5,"
                    f" expect: !js {json.dumps('[1, 2]')}}}\n", encoding="utf-8")
    spec = build(path, load_yaml(path))
    submission = Submission(files=(SourceFile("main.js", f"function make() {{ return ({value}); }}"),))
    references = References(grader)
    for case in spec.cases:
        verdict = grade_case(grader, spec, case, submission, references)
        assert verdict.kind in ALLOWED, (case.name, value, verdict.kind, verdict.headline)
        if case.name == "check":
            assert verdict.kind is not Kind.PASSED, ("student code ran in the check's sandbox", value)
        text = failure(CaseRecord.collected(f"spec.yaml::{case.name}", spec, case).with_verdict(verdict))
        assert len(text) < 40_000


def test_running_out_of_memory_in_small_pieces_is_a_memory_limit_and_throw_null_is_not(jsgrade: Grader) -> None:
    """QuickJS throws `null` when it cannot even allocate its out-of-memory error; found by the fuzzer
    with many small arrays, which left too little of the process's peak to tell on Linux."""
    main = """
        function pieces() { return Array.from({length: 50}, () => Array.from({length: 5000}, () => [[1]])); }
        function honest() { const big = Array.from({length: 20000}, (_, i) => [i]); if (big.length) throw null; }
    """
    spec = """
        file: main.js
        limits: {memory: 32MB, time: 2s}
        cases:
          - {name: bomb, call: "[pieces(), pieces()]", expect: 1}
          - {name: honest, call: honest(), expect: 1}
    """
    result = jsgrade(spec, {"main.js": main})
    records = case_records(result)
    assert records["bomb"].kind == Kind.MEMORY_LIMIT, records["bomb"].headline
    assert records["honest"].kind == Kind.THREW and records["honest"].headline == "threw null (not an Error)"
