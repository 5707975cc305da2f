"""The sandbox worker process: reads jobs as JSON lines on stdin, answers on stdout.

It lowers its own OS limits first (file size, core dumps, address space), then serves cases
one at a time on a thread with a large C stack (see runtime.py for why).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from typing import BinaryIO

from . import runtime
from .harness import harness_loader
from .meter import PEAK_METER
from .protocol import MB, READY, STARTED, CaseJob, JobDecoder, RunResult, encode_result
from .run import run_case
from .runtime import THREAD_STACK

ADDRESS_SPACE = 8192 * MB  # a memory bomb that slips past QuickJS's heap cap ends here, not in pytest


def limit_resources() -> None:
    """OS limits where the platform has them: no file may be written, no core dumped, and an
    address space that stops a runaway allocation before the machine does."""
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


def serve(stdin: BinaryIO, stdout: BinaryIO, run: Callable[[CaseJob], RunResult] = run_case) -> None:
    """Answers every job line with a result line, until stdin closes. Before each case it says
    that it started it: the parent's wall-clock deadline for the case counts from there."""
    loader = harness_loader()  # compiled now, while the parent is still collecting
    boot = {"bytecode": loader.uses_bytecode, "why": loader.fallback_reason or "", "engine_clock": runtime.engine_clock(),
            "peak_memory": PEAK_METER.enabled}
    stdout.write(f"{READY} {json.dumps(boot)}\n".encode("ascii"))
    stdout.flush()
    decoder = JobDecoder()
    for line in stdin:
        job = decoder.decode(line.decode("ascii"))
        stdout.write(STARTED.encode() + b"\n")
        stdout.flush()
        result = run(job)
        stdout.write(encode_result(result).encode("ascii") + b"\n")
        stdout.flush()


def main(run: Callable[[CaseJob], RunResult] = run_case) -> None:
    limit_resources()
    threading.stack_size(THREAD_STACK)
    thread = threading.Thread(target=serve, args=(sys.stdin.buffer, sys.stdout.buffer, run), name="jsgrade-sandbox")
    thread.start()
    thread.join()


if __name__ == "__main__":
    main()
