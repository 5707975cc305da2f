"""The sandbox runs in a worker process: a crash or a hang fails one case, and grading goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Grader, case_records, wire

from pytest_jsgrade.sandbox import pool
from pytest_jsgrade.sandbox.pool import Worker, WorkerPool
from pytest_jsgrade.sandbox.protocol import Budget, CaseJob, SourceFile, Status

SPEC = """
file: main.js
cases:
  - {name: before, call: "ok()", expect: 1}
  - {name: victim, call: "ok() /* FAULT */", expect: 1, limits: {time: 100ms}}
  - {name: after, call: "ok()", expect: 1}
"""


def test_a_crashing_worker_fails_only_its_case(jsgrade: Grader, faults: pytest.MonkeyPatch) -> None:
    faults.setenv("JSGRADE_TEST_CRASH_MARKER", "FAULT")
    result = jsgrade(SPEC, {"main.js": "function ok() { return 1; }"})
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*sandbox error: the sandbox crashed (SIGSEGV) while running this case"])
    assert case_records(result)["victim"].kind == "sandbox_error"


def test_a_hung_worker_is_killed_at_the_deadline(jsgrade: Grader, faults: pytest.MonkeyPatch) -> None:
    faults.setenv("JSGRADE_TEST_HANG_MARKER", "FAULT")
    result = jsgrade(SPEC, {"main.js": "function ok() { return 1; }"})
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*time limit exceeded: more than 100ms of CPU time (stopped by the grader at the wall-clock deadline)"])


@pytest.mark.linux
def test_worker_holds_only_its_pipes_and_cannot_write_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "WORKER_MODULE", "pytest_jsgrade.sandbox.worker")  # the real one, even in a coverage run
    worker = Worker()
    worker._wait_booted()  # the worker sets its own limits as it boots
    try:
        fds = sorted(int(fd) for fd in os.listdir(f"/proc/{worker.proc.pid}/fd"))
        assert fds[:3] == [0, 1, 2]
        limits = (Path("/proc") / str(worker.proc.pid) / "limits").read_text()
        assert any(line.startswith("Max file size") and line.split()[3] == "0" for line in limits.splitlines())
        assert any(line.startswith("Max address space") and line.split()[3] != "unlimited" for line in limits.splitlines())
    finally:
        worker.kill()


def test_pool_replaces_a_dead_worker() -> None:
    pool = WorkerPool()
    job = CaseJob(files=(SourceFile("a.js", "function f() { return 2; }"),), call="f()", limits=Budget(time=0.5))
    try:
        assert pool.run(job).value == wire("2")
        assert pool._worker is not None
        pool._worker.proc.kill()
        pool._worker.proc.wait()
        result = pool.run(job)
        assert result.status == Status.RETURNED and result.value == wire("2")
    finally:
        pool.close()


@pytest.mark.parametrize("fault", ["CRASH", "HANG"])
def test_cases_queued_behind_a_failing_case_still_run(fault: str, faults: pytest.MonkeyPatch) -> None:
    """A worker holds its next cases in a queue; when it dies on one, those behind it go to a fresh worker."""
    faults.setenv(f"JSGRADE_TEST_{fault}_MARKER", "FAULT")
    pool = WorkerPool(size=1)
    files = (SourceFile("a.js", "function f(x) { return x * 2; }"),)
    calls = ["f(1)", "f(2) /* FAULT */", "f(3)", "f(4)", "f(5)"]
    jobs = [(str(i), CaseJob(files=files, call=call, limits=Budget(time=0.1))) for i, call in enumerate(calls)]
    try:
        results = [pool.run(job, key, jobs[i + 1 : i + 1 + pool.capacity]) for i, (key, job) in enumerate(jobs)]
    finally:
        pool.close()
    assert [r.status for r in results] == [Status.RETURNED, Status.SANDBOX_ERROR if fault == "CRASH" else Status.TIME_LIMIT,
                                           Status.RETURNED, Status.RETURNED, Status.RETURNED]
    assert [r.value for r in results] == [wire("2"), None, wire("6"), wire("8"), wire("10")]


def test_a_case_queued_behind_a_crash_and_asked_for_first_still_runs(faults: pytest.MonkeyPatch) -> None:
    faults.setenv("JSGRADE_TEST_CRASH_MARKER", "FAULT")
    pool = WorkerPool(size=1)
    files = (SourceFile("a.js", "function f(x) { return x * 2; }"),)
    crash, wanted = CaseJob(files=files, call="f(1) /* FAULT */"), CaseJob(files=files, call="f(2)")
    try:
        assert pool.run(CaseJob(files=files, call="f(0)"), "0", [("1", crash), ("2", wanted)]).value == wire("0")
        assert pool.run(wanted, "2").value == wire("4")  # the worker dies on case 1 first
        assert pool.run(crash, "1").status == Status.SANDBOX_ERROR
    finally:
        pool.close()


def test_a_worker_that_died_with_cases_in_its_pipe_is_stopped_quietly() -> None:
    worker = Worker()
    worker._wait_booted()
    worker.proc.kill()
    worker.proc.wait()
    big = CaseJob(files=(SourceFile("a.js", "x" * 200_000),), call="1")
    for _ in range(3):
        worker.send(big)  # more than the pipe holds: the rest stays in the writer's buffer
    assert worker.receive().status == Status.SANDBOX_ERROR  # and kills the worker: closing that buffer
    worker.kill()  # must not raise BrokenPipeError, nor may a second kill


def test_results_read_early_wait_for_their_case() -> None:
    """Asking for a case queued behind others (as after -x or --lf) keeps the others' results for later."""
    pool = WorkerPool(size=1)
    files = (SourceFile("a.js", "function f(x) { return x * 2; }"),)
    jobs = [(str(i), CaseJob(files=files, call=f"f({i})", limits=Budget())) for i in range(4)]

    def run(i: int, upcoming: list[tuple[str, CaseJob]] | None = None) -> str | None:
        key, job = jobs[i]
        return pool.run(job, key, upcoming).value

    try:
        assert run(0, jobs[1:]) == wire("0")  # queues 1 and 2
        assert pool._worker is not None and pool._worker.queued == 2
        assert run(2) == wire("4")  # 1's result is read first and kept
        assert run(1) == wire("2")
        assert run(3) == wire("6")
    finally:
        pool.close()


@pytest.mark.parametrize("workers", ["1", "3"])
def test_worker_count_setting(jsgrade: Grader, workers: str) -> None:
    result = jsgrade("file: main.js\ncases:\n" + "".join(f"  - {{call: '{i}', expect: {i}}}\n" for i in range(6)), {"main.js": ""},
                     "-o", f"jsgrade_workers={workers}")
    result.assert_outcomes(passed=6)
    result.stdout.fnmatch_lines([f"jsgrade: engine quickjs-ng *, in {workers} sandbox worker process(es);*"])


def test_worker_count_setting_is_validated(jsgrade: Grader) -> None:
    result = jsgrade("file: main.js\ncases:\n  - {call: '1', expect: 1}\n", {"main.js": ""}, "-o", "jsgrade_workers=zero")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*jsgrade_workers must be auto or a number from 1 to 64, not 'zero'*"])
