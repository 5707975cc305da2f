"""A sandbox worker that measures its own coverage, for `coverage run -m pytest` (see
docs/contributing.md). Workers are stopped with a kill, which skips coverage's exit hook, so the
data is saved after every case instead; and so that it can be saved, this worker may write files
(the real one may not: see test_isolation.py, which starts the real one)."""

from __future__ import annotations

import os

import coverage

measure = coverage.Coverage(config_file=os.environ.get("COVERAGE_PROCESS_START", True), data_suffix=True)
measure.start()

from pytest_jsgrade.sandbox import worker  # noqa: E402  (imported while measured)
from pytest_jsgrade.sandbox.protocol import CaseJob, RunResult  # noqa: E402
from pytest_jsgrade.sandbox.run import run_case  # noqa: E402


def run_and_save(job: CaseJob) -> RunResult:
    result = run_case(job)
    measure.save()
    return result


def limits_but_files() -> None:
    import resource

    limit_resources()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))


limit_resources, worker.limit_resources = worker.limit_resources, limits_but_files


def main() -> None:
    worker.main(run_and_save)
