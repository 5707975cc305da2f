"""The harness loaded as precompiled bytecode must behave exactly as the harness compiled from source."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from importlib import metadata
from typing import Any

import pytest
from conftest import need, wire
from sandbox_thread import BigStackThread

from pytest_jsgrade.sandbox import bytecode, harness, runtime
from pytest_jsgrade.sandbox.protocol import Budget, CaseJob, RunResult, SourceFile, Status
from pytest_jsgrade.sandbox.run import run_case

STUDENT = """function add(a, b) { return a + b; }
function fails(x) {
  if (x > 1) throw new RangeError("too big: " + x);
  return x;
}
function chatty(o) { console.log("got", o, [1, 2]); return new Map([[o.k, new Set([1])]]); }
function later(x) { return new Promise((ok) => setTimeout(() => ok(x * 2), 5)); }
function spin() { for (;;) {} }
function globals() { return Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith("__")).sort(); }
"""
FILES = (SourceFile("main.js", STUDENT),)
MODULE = (SourceFile("mod.mjs", "export const twice = (x) => x * 2;\nexport default 1;\n", is_module=True),)
JOBS = {
    "returns": CaseJob(files=FILES, call="add(2, 3)"),
    "throws, with frames in the student's file": CaseJob(files=FILES, call="fails(5)"),
    "prints and returns a Map": CaseJob(files=FILES, call="chatty({k: 'a'})"),
    "awaits a timer": CaseJob(files=FILES, call="later(21)"),
    "time limit": CaseJob(files=FILES, call="spin()", limits=Budget(time=0.05)),
    "syntax error": CaseJob(files=(SourceFile("main.js", "function f( {"),), call="f()"),
    "ES module": CaseJob(files=MODULE, call="twice(4)"),
    "setup and a !js expected value": CaseJob(files=FILES, call="add(x, 1)", setup="var x = 41;", expect_js="new Set([42])"),
    "check predicate": CaseJob(files=FILES, call="add(1, 1)", check_js="(r) => r === 2 ? 1 : 0"),
    "the grader's globals a submission can see": CaseJob(files=FILES, call="globals()"),
}
MEASURED = {"cpu_ms", "heap_bytes", "peak_bytes"}


@pytest.fixture(scope="module")
def thread() -> Iterator[BigStackThread]:
    big = BigStackThread()
    yield big
    big.close()


def _fields(result: RunResult) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(result).items() if k not in MEASURED}


def _run_all(thread: BigStackThread, loader: bytecode.HarnessLoader, monkeypatch: pytest.MonkeyPatch) -> dict[str, RunResult]:
    with monkeypatch.context() as patch:
        patch.setattr(runtime, "harness_loader", lambda: loader)
        return {name: thread.run(run_case, job) for name, job in JOBS.items()}


def _from_source(monkeypatch: pytest.MonkeyPatch) -> bytecode.HarnessLoader:
    monkeypatch.setenv("JSGRADE_BYTECODE", "0")
    loader = bytecode.HarnessLoader(harness.HARNESS)
    assert not loader.uses_bytecode and loader.fallback_reason == "JSGRADE_BYTECODE=0"
    return loader


def test_the_binding_version_is_read_as_importlib_reads_it() -> None:
    assert bytecode._binding_version() == metadata.version("quickjs-ng")


def test_the_verified_binding_loads_the_harness_as_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JSGRADE_BYTECODE", raising=False)
    version = bytecode._binding_version()
    need(version in bytecode.VERIFIED_BINDINGS, f"a verified quickjs-ng binding ({version} is not one; the harness compiles from source)")
    loader = bytecode.HarnessLoader(harness.HARNESS)
    assert loader.uses_bytecode, loader.fallback_reason


def test_bytecode_and_source_give_the_same_results(thread: BigStackThread, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JSGRADE_BYTECODE", raising=False)
    fast = bytecode.HarnessLoader(harness.HARNESS)
    need(fast.uses_bytecode, f"the bytecode fast path ({fast.fallback_reason})")
    with_bytecode = _run_all(thread, fast, monkeypatch)
    from_source = _run_all(thread, _from_source(monkeypatch), monkeypatch)
    for name in JOBS:
        assert _fields(with_bytecode[name]) == _fields(from_source[name]), name
    # The cases really exercised what their names say.
    assert with_bytecode["returns"].value == wire("5")
    frames = with_bytecode["throws, with frames in the student's file"].error.frames  # type: ignore[union-attr]
    assert frames[0].file == "main.js" and frames[0].line == 3
    assert "got { k: 'a' } [ 1, 2 ]" in with_bytecode["prints and returns a Map"].console
    assert with_bytecode["time limit"].status == Status.TIME_LIMIT
    assert with_bytecode["syntax error"].status == Status.SYNTAX_ERROR
    assert with_bytecode["setup and a !js expected value"].expected is not None
    assert with_bytecode["check predicate"].check_score == 1


def test_the_hand_over_global_is_gone_before_student_code_runs(thread: BigStackThread) -> None:
    result = thread.run(run_case, CaseJob(files=FILES, call=f"typeof {bytecode.BOOT_GLOBAL}"))
    assert result.status == Status.RETURNED and result.value == wire('"undefined"')
    listed = thread.run(run_case, JOBS["the grader's globals a submission can see"])
    assert bytecode.BOOT_GLOBAL not in (listed.value or "")


def test_an_unverified_binding_compiles_from_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JSGRADE_BYTECODE", raising=False)
    monkeypatch.setattr(bytecode, "_binding_version", lambda: "0.0.1")
    loader = bytecode.HarnessLoader(harness.HARNESS)
    assert not loader.uses_bytecode
    assert "0.0.1 is not among the verified bindings" in (loader.fallback_reason or "")
