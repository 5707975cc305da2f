"""A fresh QuickJS runtime with the grader's harness loaded and a case's limits applied.

Time limits are CPU time, measured here with the process's CPU clock on every OS. The engine's
own interrupt is only the backstop that stops runaway code: it compares C `clock()`, which is
CPU time on Linux and macOS but wall time in Microsoft's C runtime. engine_clock() tells which
(by measuring, not by asking the platform), and where it counts wall time the backstop is set
further out, so that a busy machine cannot stop a case before it has used its CPU time; run.py
then judges the case by the CPU time measured here. Only one runtime may run per process at a
time, and its recursion limit is only safe on a thread whose C stack is larger than the JS stack
limit: worker.py runs every case on such a thread.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import quickjs

from .errors import Regions
from .harness import CJS_WRAPPER, LIBRARY_SPANS, LIBRARY_TEXT, harness_loader
from .protocol import MB, Budget, CaseJob

THREAD_STACK = 512 * MB  # virtual; only touched pages are used
SERIALIZE_STACK = 32 * MB  # room for the grader's serializer on deep values
_CLOCK_SLACK = 0.001  # seconds; an interrupt can fire a hair before the deadline by our clock
WALL_BACKSTOP = 3.0  # where the engine's clock counts wall time: its interrupt at 3 × the CPU time left (+ 50 ms)


@lru_cache(maxsize=1)
def engine_clock() -> str:
    """"cpu" when C clock() stands still while the process sleeps (it counts CPU time), else "wall"."""
    clock = _c_clock()
    if clock is None:
        return "wall"  # not measurable: assume the worst, which only moves the backstop out
    started = time.process_time()
    busy_start = clock()
    while time.process_time() - started < 0.005:
        pass
    busy = clock() - busy_start
    idle_start = clock()
    time.sleep(0.005)
    idle = clock() - idle_start
    return "cpu" if idle * 4 < busy else "wall"


def _c_clock() -> Callable[[], int] | None:
    import ctypes

    for name in ("libc.so.6", "libSystem.dylib", "ucrtbase", "msvcrt", "c"):  # the usual C runtimes, by their names
        try:
            function = ctypes.CDLL(name).clock
        except (OSError, AttributeError):
            continue
        function.restype = ctypes.c_long
        return lambda: int(function())
    return None


class TimeUp(Exception):
    """The case's CPU budget ran out between two calls into the engine."""


@lru_cache(maxsize=64)
def sanitize(text: str) -> str:
    """Source text the binding can take: no NUL bytes, no lone surrogates.

    Cached: every case of a spec loads the same files.
    """
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return text.encode("utf-8", "replace").decode("utf-8")


def harness_config(job: CaseJob, regions: Regions, token: str) -> str:
    """The harness's configuration as JSON text: the submission's files and where they start."""
    files = {}
    for source in job.files + job.library:
        offset = regions.add(source.path, source.text, first_line_shift=len(CJS_WRAPPER))
        files[source.path] = {"text": sanitize(source.text), "offset": offset}
    return json.dumps({"token": token, "output": job.limits.output, "files": files, "wrapper": CJS_WRAPPER,
                       "lib": LIBRARY_SPANS})


class Sandbox:
    """One runtime. Every call into it is armed with the CPU time the case has left."""

    def __init__(self, limits: Budget, config: str) -> None:
        self.ctx = quickjs.Context()
        self.limits = limits
        self.deadline = 0.0
        self.clock_started = 0.0
        self.ctx.set_max_stack_size(limits.stack)
        self.dispatch = harness_loader().load(self.ctx)(config, LIBRARY_TEXT)
        self.baseline = int(self.ctx.memory()["malloc_size"])
        self.ctx.set_memory_limit(self.baseline + limits.memory)

    def start_clock(self) -> None:
        self.clock_started = time.process_time()
        self.deadline = self.clock_started + self.limits.time

    def js(self, code: str) -> Any:
        """Evaluates grader or student code."""
        self._arm()
        return self.ctx.eval(code)

    def module(self, code: str) -> Any:
        """Evaluates an ES module; returns its evaluation promise."""
        self._arm()
        return self.ctx.module(code)

    def call(self, name: str, *args: Any) -> Any:
        """Calls a `__jsgrade` method through the dispatcher the harness handed out at start-up."""
        self._arm()
        return self.dispatch(name, *args)

    def run_jobs(self) -> None:
        while True:
            self._arm()
            if not self.ctx.execute_pending_job():
                return

    def heap_used(self) -> int:
        return max(0, int(self.ctx.memory()["malloc_size"]) - self.baseline)

    def _arm(self) -> None:
        remaining = self.deadline - time.process_time()
        if remaining <= _CLOCK_SLACK:
            raise TimeUp
        self.ctx.set_time_limit(remaining if engine_clock() == "cpu" else remaining * WALL_BACKSTOP + 0.05)
