"""A sandbox worker that injects faults, for the isolation tests: a call containing the text in
JSGRADE_TEST_CRASH_MARKER crashes the worker with a real invalid read (SIGSEGV, even where the
signal is blocked), one containing JSGRADE_TEST_HANG_MARKER hangs it. The `faults` fixture in
conftest.py makes the pool start this module instead of the real worker."""

from __future__ import annotations

import ctypes
import os
import time

from pytest_jsgrade.sandbox import worker
from pytest_jsgrade.sandbox.protocol import CaseJob, RunResult
from pytest_jsgrade.sandbox.run import run_case

CRASH_MARKER_ENV = "JSGRADE_TEST_CRASH_MARKER"
HANG_MARKER_ENV = "JSGRADE_TEST_HANG_MARKER"


def run_with_faults(job: CaseJob) -> RunResult:
    crash, hang = os.environ.get(CRASH_MARKER_ENV), os.environ.get(HANG_MARKER_ENV)
    if crash and crash in job.call:
        ctypes.string_at(0)
    if hang and hang in job.call:
        time.sleep(3600)
    return run_case(job)


def main() -> None:
    worker.main(run_with_faults)
