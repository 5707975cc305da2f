"""The shortcuts taken for speed must give the same answers as the slow paths they replace."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from conftest import Grader, wire

import pytest_jsgrade
from pytest_jsgrade.reports.io import json_text
from pytest_jsgrade.reports.junit import _serialize
from pytest_jsgrade.sandbox import harness
from pytest_jsgrade.sandbox.meter import PEAK_METER
from pytest_jsgrade.sandbox.pool import WorkerPool
from pytest_jsgrade.sandbox.protocol import (
    Budget,
    CaseJob,
    Frame,
    JobDecoder,
    RunResult,
    SourceFile,
    Status,
    ThrownError,
    decode_result,
    encode_job,
    encode_result,
)
from pytest_jsgrade.spec.build import load_spec
from pytest_jsgrade.spec.errors import SpecError
from pytest_jsgrade.spec.schema import _FREE_TEXT_KEYS, _UNCHECKED_KEYS, _distinct_shapes, _validator, schema

# -- spec validation by distinct case shapes ---------------------------------------------------

CASES: list[Any] = [
    {"call": "f()", "expect": 1},
    {"call": "g(1, 2)", "expect": [1, {"a": "b"}], "name": "long name"},
    {"call": "", "expect": 1},
    {"call": "f()", "expect": 1, "name": ""},
    {"call": "f()", "output": ""},
    {"call": "f()", "output": "hi\n", "points": 2},
    {"call": "f()", "check": ""},
    {"call": "f()", "check": "(r) => r"},
    {"call": "f()", "expect": 1, "throws": "Error"},
    {"call": "f()", "expect": 1, "points": -1},
    {"call": "f()", "expect": 1, "visibility": "secret"},
    {"call": "f()", "expect": 1, "expct": 2},
    {"call": "f()"},
    {"call": 3, "expect": 1},
    {"call": "f()", "expect": 1, "limits": {"time": "2s"}},
    {"call": "f()", "expect": 1, "limits": {"time": "forever"}},
    "not a mapping",
]


@pytest.mark.parametrize("with_reference", [False, True])
@pytest.mark.parametrize("case", CASES, ids=[json.dumps(c)[:40] for c in CASES])
def test_a_case_shape_is_valid_exactly_when_the_case_is(case: Any, with_reference: bool) -> None:
    document: dict[str, Any] = {"file": "main.js", "cases": [{"call": "ok()", "expect": 0}, case, case]}
    if with_reference:
        document["reference"] = "ref.js"
    assert _validator().is_valid(_distinct_shapes(document)) == _validator().is_valid(document)
    assert len(_distinct_shapes(document)["cases"]) <= 2  # the repeated case is validated once


def test_case_shapes_rely_only_on_what_the_schema_checks() -> None:
    """If the schema starts checking the text of these keys, the shape shortcut must change too."""
    defs = schema()["$defs"]
    for where in ("case", "step"):
        keys = defs[where]["properties"]
        for key in _FREE_TEXT_KEYS:
            if key not in keys:
                continue
            rule = keys[key]
            if "$ref" in rule:  # output and hint: a definition whose text branch is free
                rule = defs[rule["$ref"].rsplit("/", 1)[1]]
                rule = next((branch for branch in rule.get("oneOf", [rule]) if branch.get("type") == "string"), rule)
            assert set(rule) - {"description", "examples"} <= {"type", "minLength"}, (where, key)
            assert rule["type"] == "string" and rule.get("minLength", 0) <= 1, (where, key)
        for key in _UNCHECKED_KEYS:
            assert set(keys[key]) - {"description", "examples"} == set(), (where, key)


def test_a_bad_case_among_many_is_reported_at_its_line(tmp_path: Path) -> None:
    lines = ["file: main.js", "cases:"] + [f"  - {{call: 'f({i})', expect: {i}}}" for i in range(300)]
    lines[2 + 217] = "  - {call: 'f(217)', expect: 217, points: -1}"
    path = tmp_path / "spec.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(SpecError) as raised:
        load_spec(path)
    assert raised.value.line == 3 + 217
    assert "points" in str(raised.value)


# -- the sandbox's library sources -------------------------------------------------------------


def test_library_sources_are_ascii() -> None:
    """QuickJS takes an ASCII string several times faster; write other characters as \\u escapes."""
    for name, text in {**harness.LIBRARIES, **harness.EXTRAS}.items():
        assert text.isascii(), name
    assert set(harness.EXTRAS) == {name for group in harness.GROUPS.values() for name in group}


def test_every_library_loads_where_a_case_needs_it(jsgrade: Grader) -> None:
    """Each library compiled on demand works: console, timers, require, exports, errors, full encoder."""
    result = jsgrade(
        "file: main.js\ncases:\n"
        "  - {call: 'run()', expect: [3, 'm', 'Error: x'], output: \"hi { a: 1 }\\n\"}\n"
        "  - {call: 'new Map([[1, 2]])', expect: !js 'new Map([[1, 2]])'}\n"
        "  - {call: 'later()', expect: 5}\n"
        "  - {call: 'submission.helper()', expect: 7}\n",
        {
            "main.js": (
                "const lib = require('./lib.js');\n"
                "function run() { console.log('hi', {a: 1}); let e; try { null.x } catch (x) { e = new Error('x') }\n"
                "  return [lib.three(), 'm', String(e)]; }\n"
                "function later() { return new Promise((r) => setTimeout(() => r(5), 10)); }\n"
                "module.exports = { helper: () => 7 };\n"
            ),
            "lib.js": "exports.three = () => 3;\n",
        },
    )
    result.assert_outcomes(passed=4)


def test_a_library_failure_points_at_the_students_line(jsgrade: Grader) -> None:
    result = jsgrade("file: main.js\ncases:\n  - {call: 'f()', expect: 1}\n",
                     {"main.js": "function f() {\n  return require('./missing.js');\n}\n"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Cannot find module './missing.js'*", "*main.js:2*"])


# -- reports -----------------------------------------------------------------------------------


def test_junit_serializer_matches_elementtree() -> None:
    root = ElementTree.fromstring(
        '<testsuites a="1"><testsuite name="s &amp; &lt;t&gt; &quot;q&quot;" b="x&#10;y&#09;z&#13;">'
        "<properties><property name=\"p\" value=\"v &gt; 1\" /></properties>"
        '<testcase name="c"><failure message="m">line 1\nline &lt;2&gt; &amp; 3</failure>tail &amp; more</testcase>'
        "<testcase name=\"empty\" /><system-out>  out  </system-out></testsuite></testsuites>"
    )
    out: list[str] = []
    _serialize(root, out)
    assert "".join(out) == ElementTree.tostring(root, encoding="unicode")


@pytest.mark.parametrize("data", [
    {"score": 1.5, "tests": [{"name": "a\u00e9", "output": "x\ny"}, {"n": [1, 2]}], "empty": [], "nested": {"k": [1]}},
    {}, [], [1, {"a": None}], "text", {"only": 1},
])
def test_report_json_reads_back_the_same(data: Any) -> None:
    text = json_text(data)
    assert json.loads(text) == data
    if isinstance(data, dict) and data.get("tests"):
        assert text.count("\n") >= len(data) + len(data["tests"])  # a test per line, for people reading it


# -- workers and the sandbox -------------------------------------------------------------------


@pytest.mark.linux
def test_peak_meter_sees_a_large_allocation() -> None:
    if not PEAK_METER.enabled:
        pytest.fail("/proc/self/clear_refs is not available on this Linux")
    baseline = PEAK_METER.start()
    block = bytearray(48 << 20)
    block[:: 4096] = b"\x01" * len(block[:: 4096])  # touch every page
    peak = PEAK_METER.peak_since(baseline)
    del block
    assert peak is not None and peak >= 40 << 20


def test_closing_the_pool_stops_booting_and_idle_workers() -> None:
    pool = WorkerPool(size=2)
    pool.warm_up()  # both still booting
    booting = [w for w in pool._workers if w is not None]
    pool.run(CaseJob(files=(SourceFile("s.js", "function f() { return 1; }"),), call="f()", limits=Budget()))
    pool.close()
    assert all(w.proc.poll() is not None for w in booting)


def test_cases_sent_ahead_come_back_to_the_right_case() -> None:
    pool = WorkerPool(size=2)
    files = (SourceFile("s.js", "function f(x) { return x * 2; }"),)
    jobs = [(str(i), CaseJob(files=files, call=f"f({i})", limits=Budget())) for i in range(12)]
    try:
        values = []
        for i, (key, job) in enumerate(jobs):
            result = pool.run(job, key, jobs[i + 1 : i + 3])
            assert result.status == Status.RETURNED
            values.append(result.value)
    finally:
        pool.close()
    assert values == [wire(json.dumps(i * 2)) for i in range(12)]


def test_pytests_own_process_never_loads_the_engine(pytester: pytest.Pytester) -> None:
    """QuickJS runs in worker processes only; pytest's process does not even import it."""
    pytester.makefile(".yaml", spec="file: main.js\ncases:\n  - {call: 'f()', expect: 1}\n")
    (pytester.path / "sub").mkdir()
    (pytester.path / "sub" / "main.js").write_text("function f() { return 1; }\n")
    pytester.makeconftest(
        "import sys\n"
        "def pytest_sessionfinish(session):\n"
        "    print('ENGINE LOADED' if 'quickjs' in sys.modules else 'ENGINE NOT LOADED')\n"
    )
    result = pytester.runpytest_subprocess("--jsgrade", "--jsgrade-submission", "sub", "-s", "-p", "no:benchmark")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*ENGINE NOT LOADED*"])


def test_results_cross_the_pipe_unchanged() -> None:
    error = ThrownError("RangeError", "too big \u2028 ✓", True, (Frame("main.js", 3, 9, "fails"), Frame("<call>", 1, 1)))
    for result in (RunResult(Status.RETURNED, value="[1]", console="hi\n", files=("main.js",), peak_bytes=None),
                   RunResult(Status.THREW, error=error, cpu_ms=1.5, heap_bytes=10, check_score=0.5, files=("main.js", "b.js"))):
        text = encode_result(result)
        assert text.isascii() and "\n" not in text
        assert decode_result(text) == result


def test_a_job_whose_files_were_just_sent_arrives_whole() -> None:
    files, other = (SourceFile("main.js", "function f() {}"),), (SourceFile("main.js", "function g() {}"),)
    library = (SourceFile("lib.js", "module.exports = 1;"),)
    jobs = [CaseJob(files=files, call="f(1)", library=library), CaseJob(files=files, call="f(2)", library=library, setup="x"),
            CaseJob(files=other, call="g()", limits=Budget(time=2.0), expect_js="[1]"), CaseJob(files=files, call="f(3)")]
    reader, sent, lines = JobDecoder(), None, []
    for job in jobs:
        line, sent = encode_job(job, sent)
        lines.append(line)
        assert reader.decode(line) == job
    assert [('"same"' in line) for line in lines] == [False, True, False, False]


def test_every_module_opts_out_of_assertion_rewriting() -> None:
    """pytest rewrites every module of an installed plugin unless its docstring says not to, and
    that cost about 175 ms of each start (see pytest_jsgrade/__init__.py)."""
    package = Path(pytest_jsgrade.__file__).parent
    for path in sorted(package.rglob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert "PYTEST_DONT_REWRITE" in docstring, path
