"""What student code sees inside the sandbox: console, timers, async, and no host access."""

from __future__ import annotations

import pytest
from conftest import Grader, one_case


@pytest.mark.parametrize(
    ("call", "printed"),
    [
        ("console.log('a', 1, true, null, undefined)", "a 1 true null undefined\n"),
        ("console.log([1, 'x', [2, [3, [4]]]])", "[ 1, 'x', [ 2, [ 3, [Array] ] ] ]\n"),
        ("console.log({a: 1, 'b c': 'd', e: {f: {g: {h: 1}}}})", "{ a: 1, 'b c': 'd', e: { f: { g: [Object] } } }\n"),
        ("console.log([], {}, -0, 10n, NaN)", "[] {} -0 10n NaN\n"),
        ("console.log(new Map([[1, 'a']]), new Set([2]))", "Map(1) { 1 => 'a' } Set(1) { 2 }\n"),
        ("console.log('%s is %d years and %i%%', 'Ann', 41.5, 7.9)", "Ann is 41.5 years and 7%\n"),
        ("console.log(function f() {}, class K {}, Symbol('s'))", "[Function: f] [class K] Symbol(s)\n"),
        ("(console.info('i'), console.warn('w'), console.error('e'), console.debug('d'))", "i\nw\ne\nd\n"),
        ("console.log([1, , 3])", "[ 1, <1 empty item>, 3 ]\n"),
        ("(() => { const o = {}; o.o = o; console.log(o); })()", "{ o: [Circular] }\n"),
        ("console.log(new (class P { constructor() { this.x = 1; } })())", "P { x: 1 }\n"),
    ],
)
def test_console_output_is_formatted_like_node(jsgrade: Grader, call: str, printed: str) -> None:
    result = jsgrade(one_case(call, output=printed), {"main.js": ""})
    result.assert_outcomes(passed=1)


def test_timers_fire_in_order_of_due_time(jsgrade: Grader) -> None:
    code = """
    function order() {
      const seen = [];
      return new Promise((resolve) => {
        setTimeout(() => seen.push('b'), 20);
        setTimeout(() => seen.push('a'), 10);
        setTimeout(() => { seen.push('c'); resolve(seen); }, 30);
        const id = setTimeout(() => seen.push('never'), 15);
        clearTimeout(id);
        queueMicrotask(() => seen.push('micro'));
        Promise.resolve().then(() => seen.push('then'));
      });
    }
    """
    result = jsgrade(one_case("order()", expect=["micro", "then", "a", "b", "c"]), {"main.js": code})
    result.assert_outcomes(passed=1)


def test_interval_runs_until_cleared_and_timeouts_left_run_after_settling(jsgrade: Grader) -> None:
    code = """
    function ticks() {
      let n = 0;
      const id = setInterval(() => { console.log('tick', ++n); if (n === 3) clearInterval(id); }, 5);
      setTimeout(() => console.log('late'), 1000);
      setInterval(() => console.log('forever'), 7);
      return 'started';
    }
    """
    result = jsgrade(one_case("ticks()", expect="started", output="late\n"), {"main.js": code})
    # The call settles at once: intervals stop, the pending timeout still prints.
    result.assert_outcomes(passed=1)


def test_interval_that_never_stops_while_awaited_hits_the_time_limit(jsgrade: Grader) -> None:
    code = "function wait() { setInterval(() => {}, 1); return new Promise(() => {}); }"
    result = jsgrade(one_case("wait()", expect=1, limits={"time": "200ms"}), {"main.js": code})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*time limit exceeded*"])


def test_endless_microtask_chain_hits_the_time_limit(jsgrade: Grader) -> None:
    code = "function chain() { const loop = () => Promise.resolve().then(loop); loop(); return 1; }"
    result = jsgrade(one_case("chain()", expect=1, limits={"time": "200ms"}), {"main.js": code})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*time limit exceeded: more than 200ms of CPU time"])


@pytest.mark.parametrize(
    "call",
    [
        "typeof process",
        "typeof require('fs')",
        "this.constructor.constructor('return typeof process')()",
        "typeof std",
        "typeof os",
        "typeof print",
        "typeof fetch",
        "typeof XMLHttpRequest",
        "typeof WebAssembly === 'object' ? 'wasm' : 'undefined'",
    ],
)
def test_no_host_apis_are_reachable(jsgrade: Grader, call: str) -> None:
    result = jsgrade(one_case(f"(() => {{ try {{ return {call}; }} catch (e) {{ return 'undefined'; }} }})()", expect="undefined"), {"main.js": ""})
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize("module", ["fs", "std", "os", "/etc/passwd", "../secret.js"])
def test_dynamic_import_cannot_load_anything(jsgrade: Grader, module: str) -> None:
    code = f"async function load() {{ try {{ await import({module!r}); return 'loaded'; }} catch (e) {{ return 'refused'; }} }}"
    result = jsgrade(one_case("load()", expect="refused"), {"main.js": code})
    result.assert_outcomes(passed=1)


def test_atomics_wait_cannot_block(jsgrade: Grader) -> None:
    code = "function block() { return Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10000); }"
    result = jsgrade(one_case("block()", expect=1), {"main.js": code})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*threw TypeError*"])


def test_catastrophic_regex_is_stopped(jsgrade: Grader) -> None:
    code = "function match() { return /(a+)+$/.test('a'.repeat(40) + 'b'); }"
    result = jsgrade(one_case("match()", expect=False, limits={"time": "200ms"}), {"main.js": code})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*time limit exceeded*"])


def test_es2022_and_later_builtins_are_available(jsgrade: Grader) -> None:
    result = jsgrade(
        one_case(
            "[[1, 2, 3].at(-1), [3, 1].toSorted()[0], [1, 2, 3].findLast((x) => x < 3), Object.hasOwn({a: 1}, 'a')]",
            expect=[3, 1, 2, True],
        ),
        {"main.js": ""},
    )
    result.assert_outcomes(passed=1)


TAMPERING = [
    "JSON.stringify = () => '[9]'; JSON.parse = () => [9];",
    "Object.keys = () => []; Object.entries = () => []; Reflect.ownKeys = () => [];",
    "Array.prototype.map = null; Array.prototype.push = null; Array.prototype.join = null;",
    "Function.prototype.call = null; Function.prototype.apply = null; Function.prototype.bind = null;",
    "Object.prototype.toJSON = () => 'hacked';",
    "Object.defineProperty(Array.prototype, '0', {get() { return 9; }, set() {}, configurable: true});",
    "Object.defineProperty(Object.prototype, 'value', {get() { return 9; }, configurable: true});",
    "console.log = () => {}; globalThis.console = null;",
    "Map.prototype.forEach = null; Set.prototype.forEach = null; Map.prototype.entries = null;",
    "Promise.prototype.then = null; Promise.resolve = null;",
    "String.prototype.slice = null; String.prototype.repeat = null;",
    "var JSON = null;",
    "try { __jsgrade.start('guess', () => [9]); } catch (e) {}",
    "for (const k of ['state', 'why', 'error', 'console', 'settled', 'exports', 'module', 'value'])"
    " Object.defineProperty(Object.prototype, k, {get() { return 9; }, configurable: true});",
    "globalThis.submission = Object.freeze({});",
    "Array.prototype[Symbol.iterator] = function* () { yield 9; };",
    "Intl = null; String.prototype.localeCompare = null; Number.prototype.toLocaleString = null; Date.prototype.toLocaleString = null;",
    "structuredClone = null; globalThis.URL = null; Error.prepareStackTrace = () => 'replaced';",
    "Object.defineProperty(globalThis, 'Intl', {get() { throw new Error('no'); }, configurable: true});",
]


@pytest.mark.parametrize("tamper", TAMPERING)
def test_tampering_with_builtins_does_not_change_the_verdict(jsgrade: Grader, tamper: str) -> None:
    # The tampering runs after the result is built and before the grader reads it.
    if tamper.startswith("var "):
        code = f"{tamper}\nfunction answer() {{ return [1, {{a: 2}}, new Map([[3, 4]])]; }}"
    else:
        code = f"function answer() {{ const r = [1, {{a: 2}}, new Map([[3, 4]])]; {tamper} return r; }}"
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: right, call: "answer()", expect: !js "[1, {a: 2}, new Map([[3, 4]])]"}
          - {name: wrong, call: "answer()", expect: [9]}
        """,
        {"main.js": code},
    )
    result.assert_outcomes(passed=1, failed=1)


def test_the_grader_api_cannot_be_replaced(jsgrade: Grader) -> None:
    code = "try { globalThis.__jsgrade = null; } catch (e) {}\ntry { Object.defineProperty(globalThis, '__jsgrade', {value: {}}); } catch (e) {}\nfunction f() { return 1; }"
    result = jsgrade(one_case("f()", expect=1), {"main.js": code})
    result.assert_outcomes(passed=1)
