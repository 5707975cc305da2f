"""The sandbox worker process: reads jobs as JSON lines on stdin, answers on stdout.

It lowers its own OS limits first (file size, core dumps, address space), then serves
cases one at a time on a thread with a large C stack.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
import time

from .limits import MB
from .sandbox import THREAD_STACK, run_case
from .workers import JobReader, result_to_json

ADDRESS_SPACE = 8192 * MB  # a memory bomb that slips past QuickJS's heap cap ends here, not in pytest
# Test-only fault injection: a call containing the marker crashes (SIGSEGV) or hangs the worker.
CRASH_MARKER_ENV = "JSGRADE_TEST_CRASH_MARKER"
HANG_MARKER_ENV = "JSGRADE_TEST_HANG_MARKER"


def _limit_resources() -> None:
    try:
        import resource
    except ImportError:  # not on this platform
        return
    for name, value in (("RLIMIT_FSIZE", 0), ("RLIMIT_CORE", 0), ("RLIMIT_AS", ADDRESS_SPACE)):
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        try:
            soft, hard = resource.getrlimit(limit)
            cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(limit, (cap, hard))
        except (OSError, ValueError):
            pass


def serve() -> None:
    crash = os.environ.get(CRASH_MARKER_ENV)
    hang = os.environ.get(HANG_MARKER_ENV)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    stdout.write(b"ready\n")
    stdout.flush()
    reader = JobReader()
    for line in stdin:
        job = reader.read(line.decode("ascii"))
        if crash and crash in job.call:
            ctypes.string_at(0)  # a real invalid read: SIGSEGV even where the signal is blocked
        if hang and hang in job.call:
            time.sleep(3600)
        result = run_case(job)
        stdout.write(result_to_json(result).encode("ascii") + b"\n")
        stdout.flush()


def main() -> None:
    _limit_resources()
    threading.stack_size(THREAD_STACK)
    thread = threading.Thread(target=serve, name="jsgrade-sandbox")
    thread.start()
    thread.join()


if __name__ == "__main__":
    main()
