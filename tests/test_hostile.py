"""The hostile corpus (tests/hostile/*.js): every attack gets the right verdict and a clear reason,
in bounded time, with small output, and the grader keeps going."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import Grader, case_records

CORPUS = Path(__file__).parent / "hostile"

# file → (expected outcome kind, a line of the failure message, extra spec keys)
VERDICTS: dict[str, tuple[str, str, dict[str, object]]] = {
    "loop_while_true.js": ("time_limit", "*time limit exceeded: more than 200ms of CPU time", {}),
    "loop_in_try_catch.js": ("time_limit", "*time limit exceeded*", {}),
    "loop_in_finally.js": ("time_limit", "*time limit exceeded*", {}),
    "regex_catastrophic.js": ("time_limit", "*time limit exceeded*", {}),
    "microtask_chain.js": ("time_limit", "*time limit exceeded*", {"limits": "{time: 200ms, memory: 256MB}"}),
    "promise_never_settles.js": ("unsettled", "*the returned Promise never settled*", {}),
    "interval_forever.js": ("time_limit", "*time limit exceeded*", {}),
    "array_growth.js": ("memory_limit", "*memory limit exceeded: the JavaScript heap went over 16MB", {}),
    "string_doubling.js": ("memory_limit", "*memory limit exceeded: a string grew past the engine's maximum length*", {}),
    "arraybuffer_allocation.js": ("memory_limit", "*memory limit exceeded*", {}),
    "recursion_unbounded.js": ("stack_overflow", "*stack overflow: recursion too deep for the 8MB stack", {}),
    "nested_200000.js": ("too_large", "*value too large to compare: it is nested deeper than 1000 levels", {"limits": "{memory: 64MB}"}),
    "escape_require_fs.js": ("threw", "*threw Error: Cannot find module 'fs'*", {}),
    "escape_function_constructor.js": ("threw", "*threw ReferenceError: process is not defined", {}),
    "escape_atomics_wait.js": ("threw", "*threw TypeError: cannot block in this thread", {}),
    "result_getter_throws.js": ("unreadable", '*the returned value could not be read: reading property "answer" threw Error: gotcha', {}),
    "result_getter_loops.js": ("time_limit", "*time limit exceeded*", {}),
    "result_proxy_loops.js": ("time_limit", "*time limit exceeded*", {}),
    "result_30mb_string.js": ("too_large", "*value too large to compare: it holds more than 4000000 characters", {"limits": "{memory: 64MB}"}),
    "result_functions_and_symbols.js": ("wrong_answer", "*got       [[][[]Function: named], [[]Function: (anonymous)], [[]class Thing], Symbol(tag)]", {}),
    "throw_42.js": ("threw", "*threw 42 (not an Error)", {}),
    "throw_null.js": ("threw", "*threw null (not an Error)", {}),
    "throw_looping_message.js": ("threw", "*threw Error", {}),
    "throw_5mb_message.js": ("threw", "*threw Error: mmmm*…", {}),
    "throw_null_prototype.js": ("threw", "*threw [[]Object: null prototype] {} (not an Error)", {}),
    "flood_million_lines.js": ("output_limit", "*output limit exceeded: the case printed more than 64KB", {}),
    "flood_10mb_line.js": ("output_limit", "*output limit exceeded: the case printed more than 64KB", {"limits": "{time: 1s, memory: 64MB}"}),
    # Attacks that must simply not work: the verdict is a pass against the honest expectation.
    "sparse_4_billion.js": ("passed", "", {"expect": "!js"}),
    "escape_dynamic_import.js": ("passed", "", {"expect": []}),
    "result_tojson_loops.js": ("passed", "", {"check": "(r) => r.answer === 42"}),
    "result_cyclic.js": ("passed", "", {"expect": "!js"}),
    "result_lone_surrogates.js": ("passed", "", {"expect": "!js"}),
}

# A `!js` expectation is the attack's own result, computed honestly in the grader's clean sandbox.
JS_EXPECTED = {
    "sparse_4_billion.js": '(() => { const a = []; a.length = 4294967295; a[7] = "x"; return a; })()',
    "result_cyclic.js": '(() => { const a = { name: "a" }; a.self = a; a.list = [a]; return a; })()',
    "result_lone_surrogates.js": '"\\ud800" + "a" + "\\udc00"',
}


def test_the_corpus_and_the_table_agree() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.js")) == sorted(VERDICTS)


def _spec(name: str, extra: dict[str, object]) -> str:
    extra = dict(extra)
    limits = extra.pop("limits", "{time: 200ms, memory: 16MB}")
    lines = ["file: attack.js", f"limits: {limits}", "cases:", "  - call: attack()"]
    for key, value in extra.items():
        if value == "!js":
            lines.append(f"    {key}: !js {json.dumps(JS_EXPECTED[name])}")
        else:
            lines.append(f"    {key}: {json.dumps(value)}")
    if not any(key in extra for key in ("expect", "check", "output")):
        lines.append("    expect: 1")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_hostile_submission(jsgrade: Grader, name: str) -> None:
    kind, message, extra = VERDICTS[name]
    started = time.monotonic()
    result = jsgrade(_spec(name, extra), {"attack.js": (CORPUS / name).read_text(encoding="utf-8")})
    elapsed = time.monotonic() - started
    props = case_records(result)["attack()"]
    assert props.kind == kind, result.stdout.str()
    if message:
        result.stdout.fnmatch_lines([message])
    text = result.stdout.str()
    assert "Traceback" not in text and "INTERNALERROR" not in text
    assert len(text) < 30_000, "the failure report must stay small"
    assert elapsed < 30, f"{name} took {elapsed:.1f}s"


def test_grading_goes_on_after_every_attack_in_one_session(jsgrade: Grader) -> None:
    files = {name: (CORPUS / name).read_text(encoding="utf-8") for name in VERDICTS}
    cases = []
    for index, name in enumerate(sorted(VERDICTS)):
        files[name] = files[name].replace("function attack", f"function attack{index}").replace("async function attack", f"async function attack{index}")
        cases.append(f"  - {{name: {name}, call: 'attack{index}()', check: '() => true'}}")
    spec = "file: [" + ", ".join(sorted(VERDICTS)) + "]\nlimits: {time: 200ms, memory: 16MB}\ncases:\n" + "\n".join(cases) + "\n"
    spec += "  - {name: still grading, call: '1 + 1', expect: 2}\n"
    result = jsgrade(spec, files)
    assert case_records(result)["still grading"].kind == "passed"
