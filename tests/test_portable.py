"""Proof that the grader runs where students are: the demo and the hostile corpus give the same
verdicts with workers on a simulated platform without /proc, `resource`, `select` on pipes and a
CPU clock for the engine (tests/portable_worker.py), as with the real ones."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO, case_records
from test_hostile import CORPUS, VERDICTS, _spec

from pytest_jsgrade.sandbox import pool

WALL_CLOCK = " (stopped by the grader at the wall-clock deadline)"
NUMBERS = re.compile(r"\d+(\.\d+)?(ms|µs|s|B|KB|MB)?\b")


def verdicts(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, portable: bool, *args: str) -> dict[str, tuple[str, str]]:
    with monkeypatch.context() as patch:
        if portable:
            patch.setattr(pool, "WORKER_MODULE", "portable_worker")
            patch.setattr(pool, "WORKER_PATHS", (str(Path(__file__).parent),))
            patch.setitem(sys.modules, "resource", None)  # pytest's own process has no `resource` either
        result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:benchmark", "--jsgrade-hidden-feedback=full", *args)
    records = case_records(result)
    assert records, result.stdout.str()
    # Relative time limits and figures are measured, so numbers may differ; words may not.
    # Which clock stopped a time limit (the CPU interrupt, or the wall-clock backstop on a loaded
    # machine) is a detail of this run, not of the platform: the verdict and its limit are compared.
    return {name: (record.kind.value, NUMBERS.sub("N", record.headline.replace(WALL_CLOCK, "")))
            for name, record in records.items()}


def test_the_simulation_takes_away_what_other_platforms_lack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "WORKER_MODULE", "portable_worker")
    monkeypatch.setattr(pool, "WORKER_PATHS", (str(Path(__file__).parent),))
    workers = pool.WorkerPool()
    try:
        boot = workers.boot_info()
    finally:
        workers.close()
    assert boot["engine_clock"] == "wall" and boot["peak_memory"] is False and boot["bytecode"] is True


@pytest.mark.parametrize("submission", ["correct", "buggy"])
def test_the_demo_grades_the_same(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, submission: str) -> None:
    args = ("--jsgrade", str(REPO / "specs"), "--jsgrade-submission", str(REPO / "examples" / "submissions" / submission),
            "--rootdir", str(REPO))
    assert verdicts(pytester, monkeypatch, True, *args) == verdicts(pytester, monkeypatch, False, *args)


def test_the_hostile_corpus_grades_the_same(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(CORPUS.glob("*.js")):
        name = path.stem
        folder = pytester.path / name
        folder.mkdir()
        shutil.copy(path, folder / "attack.js")
        (pytester.path / f"{name}.yaml").write_text(_spec(path.name, VERDICTS[path.name][2]).replace("  - call: attack()",
                                                     f"  - name: {name}\n    call: attack()"))
    results = {}
    for portable in (False, True):
        found: dict[str, tuple[str, str]] = {}
        for path in sorted(CORPUS.glob("*.js")):  # each attack with its own submission folder
            args = ("--jsgrade", f"{path.stem}.yaml", "--jsgrade-submission", path.stem)
            found.update(verdicts(pytester, monkeypatch, portable, *args))
        results[portable] = found
    assert results[True] == results[False]
    assert {kind for kind, _ in results[True].values()} >= {"time_limit", "memory_limit", "stack_overflow", "threw", "too_large"}


def test_where_the_engine_counts_wall_time_the_cpu_time_measured_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    """A case that finishes after using more CPU time than its limit fails as a time limit, as it
    would have been stopped where the engine's interrupt counts CPU time."""
    from pytest_jsgrade.sandbox.protocol import Budget, CaseJob, SourceFile, Status

    monkeypatch.setattr(pool, "WORKER_MODULE", "portable_worker")
    monkeypatch.setattr(pool, "WORKER_PATHS", (str(Path(__file__).parent),))
    work = "function work(n) { let x = 0; for (let i = 0; i < n; i++) x += i; return x >= 0; }"  # CPU, not wall time: a busy machine cannot shrink it
    workers = pool.WorkerPool()
    try:
        quick = workers.run(CaseJob(files=(SourceFile("w.js", work),), call="work(1000)", limits=Budget(time=0.1)))
        slow = workers.run(CaseJob(files=(SourceFile("w.js", work),), call="work(3e7)", limits=Budget(time=0.1)))
    finally:
        workers.close()
    assert quick.status == Status.RETURNED
    assert slow.status == Status.TIME_LIMIT and slow.cpu_ms >= 99  # stopped within the clock's slack (1 ms) of the limit
