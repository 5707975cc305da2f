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
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import quickjs

from .errors import Regions
from .harness import ALL_EXTRAS, CJS_WRAPPER, harness_loader, libraries, names_extras, preloads
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
    """Source text the binding can take: no NUL bytes, no lone surrogates, line breaks as "\\n".

    Cached: every case of a spec loads the same files.
    """
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    if "\r" in text:  # a lone CR ends a line for the engine but not for the grader's line ranges; in JavaScript
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # a CR can only be a line break (a template reads it as LF)
    return text.encode("utf-8", "replace").decode("utf-8")


def extras_named(job: CaseJob) -> frozenset[str]:
    """The words naming Intl or another library of js/ext in the case's code (see harness.py)."""
    words: frozenset[str] = frozenset()
    for text in [job.call, job.setup or "", *(step.code for step in job.steps), *(source.text for source in job.files + job.library)]:
        words |= names_extras(text)
    return words


def needs_extras(job: CaseJob) -> bool:
    return bool(extras_named(job))


@dataclass
class Plan:
    """Where each chunk of a case's code goes in `<input>`'s lines: newlines before each entry
    file, the setup and the call (see errors.Regions), decided before the runtime starts so that
    the harness knows every chunk's source (js/lib/v8errors.js words errors from it)."""

    files: dict[str, int] = field(default_factory=dict)
    library: dict[str, int] = field(default_factory=dict)  # linked modules the entry files import (protocol.SourceFile.linked)
    linked: dict[str, str] = field(default_factory=dict)  # a linked file's JavaScript: its registration script's body
    setup: int = 0
    call: int = 0
    call_code: str = ""
    steps: list[tuple[int, str]] = field(default_factory=list)  # a scenario's steps: (offset, code as run)


def linked_body(script: str) -> str:
    """The lines of a registration script that are the file's own (source/linking.py): all but the
    first and the last, which are the grader's."""
    start = script.find("\n") + 1
    return script[start:-3] if script.endswith("\n})") and start > 0 else script


def call_code(call: str) -> str:
    return f'"use strict"; return (\n{sanitize(call)}\n);'


# JSGRADE_PLAIN_SANDBOX=1 leaves out what the harness installs for Node compatibility (the Intl and
# built-in stubs, the error hook): bench/bench.py measures what they cost a case that never uses them.
PLAIN = os.environ.get("JSGRADE_PLAIN_SANDBOX") == "1"


def harness_config(job: CaseJob, regions: Regions, token: str, words: frozenset[str] = frozenset(), plan: Plan | None = None,
                   error_hook: bool = True) -> str:
    """The harness's configuration as JSON text: the submission's files and where they start,
    each chunk of code by its first line, and where each library lies in the text the runtime is
    handed (the core, and the extras' groups that `words` name; see harness.py)."""
    files = {}
    chunks: list[list[Any]] = []
    for source in job.files + job.library:
        if source.linked:  # an ES module: never a CommonJS file that require() loads
            continue
        offset = regions.add(source.path, source.text, first_line_shift=len(CJS_WRAPPER))
        files[source.path] = {"text": sanitize(source.text), "offset": offset}
        chunks.append([offset + 1, source.path, None, len(CJS_WRAPPER)])
    if plan is not None:
        chunks += [[offset + 1, path, plan.linked.get(path), 0] for path, offset in {**plan.files, **plan.library}.items()]
        if job.setup:
            chunks.append([plan.setup + 1, "<setup>", sanitize(job.setup), 0])
        chunks.append([plan.call + 1, "<call>", plan.call_code, 0])
        chunks += [[offset + 1, f"<step {index + 1}>", code, 0] for index, (offset, code) in enumerate(plan.steps)]
    chunks.sort(key=lambda chunk: int(chunk[0]))
    config = {"token": token, "output": job.limits.output, "files": files, "wrapper": CJS_WRAPPER, "chunks": chunks,
              "lib": libraries(words)[1]}
    if words:
        config["stubs"] = True
    if PLAIN:
        config["plain"] = True
    elif not error_hook:
        config["noHook"] = True
    return json.dumps(config)


def plan_chunks(job: CaseJob, regions: Regions) -> Plan:
    plan = Plan()
    for source in job.library:
        if source.linked:
            plan.linked[source.path] = sanitize(linked_body(source.text))
            plan.library[source.path] = regions.add(source.path, plan.linked[source.path], columns=source.columns)
    for source in job.files:
        if source.linked:
            plan.linked[source.path] = sanitize(linked_body(source.text))
        plan.files[source.path] = regions.add(source.path, plan.linked.get(source.path) or sanitize(source.text), columns=source.columns)
    if job.setup:
        plan.setup = regions.add("<setup>", job.setup)
    plan.call_code = call_code(job.call)
    plan.call = regions.add("<call>", plan.call_code)
    for index, step in enumerate(job.steps):
        code = sanitize(step.code) if step.is_statement else call_code(step.code)
        plan.steps.append((regions.add(f"<step {index + 1}>", code), code))
    return plan


class Sandbox:
    """One runtime. Every call into it is armed with the CPU time the case has left."""

    def __init__(self, limits: Budget, config: str, words: frozenset[str] = frozenset()) -> None:
        self.ctx = quickjs.Context()
        self.limits = limits
        self.deadline = 0.0
        self.clock_started = 0.0
        self.ctx.set_max_stack_size(limits.stack)
        self.words = words
        loader = harness_loader()
        if words:
            loader.preload(self.ctx, preloads(words))
        self.dispatch = loader.load(self.ctx)(config, libraries(words)[0])
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

    def wanted_extras(self) -> bool:
        """Whether code reached a library of js/ext that this runtime was not handed."""
        if self.words == ALL_EXTRAS:
            return False
        try:
            self.deadline = max(self.deadline, time.process_time() + 0.2)
            return self.call("wanted") is True
        except Exception:  # a runtime stopped by a limit may refuse even this; then it ran without
            return False

    def heap_used(self) -> int:
        return max(0, int(self.ctx.memory()["malloc_size"]) - self.baseline)

    def _arm(self) -> None:
        remaining = self.deadline - time.process_time()
        if remaining <= _CLOCK_SLACK:
            raise TimeUp
        self.ctx.set_time_limit(remaining if engine_clock() == "cpu" else remaining * WALL_BACKSTOP + 0.05)
