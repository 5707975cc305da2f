"""One case in a fresh QuickJS runtime: `run_case(job) -> RunResult`, plain data in and out.

The boundary is deliberately a pure function of picklable data so it can run in a worker
process (see workers.py). Nothing here knows about pytest, specs or scoring: it loads the
submission, runs the call under the case's limits and reports what happened.

QuickJS's time limit uses process CPU time (clock()), so only one sandbox may run per
process at a time, and the recursion limit is only safe on a thread whose C stack is
larger than the JS stack limit: run_case must be called on a BigStackThread.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

import quickjs

from .bytecode import HarnessLoader
from .jobs import CaseJob, Frame, RunResult, SourceFile, Status, ThrownError
from .limits import MB, Limits

# Plain file reads (no importlib.resources, pathlib or secrets here): this module is most of a
# sandbox worker's start-up, which every worker and every restarted worker pays.
_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")


def _read(*parts: str) -> str:
    with open(os.path.join(_JS, *parts), encoding="utf-8") as handle:
        return handle.read()


HARNESS = _read("harness.js")
# Libraries the harness compiles only when a case needs them (see harness.js).
LIBRARIES = {name[:-3]: _read("lib", name) for name in sorted(os.listdir(os.path.join(_JS, "lib"))) if name.endswith(".js")}


def _spans(texts: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Where each text lies in their concatenation, as [start, end) by name."""
    spans, start = {}, 0
    for name, text in texts.items():
        spans[name] = (start, start + len(text))
        start += len(text)
    return spans


# One string holds every library; the harness slices out the one it needs ([start, end] by name).
# ASCII only: the binding hands an ASCII string to QuickJS several times faster.
_LIBRARY_TEXT = "".join(LIBRARIES.values())
_LIBRARY_SPANS = _spans(LIBRARIES)
# Grader code (the harness, and libraries compiled from line 1) owns the first lines of `<input>`.
HARNESS_LINES = max(text.count("\n") + 1 for text in [HARNESS, *LIBRARIES.values()])
CJS_WRAPPER = "(function (exports, require, module, __filename, __dirname) {"
THREAD_STACK = 512 * MB  # virtual; only touched pages are used
SERIALIZE_STACK = 32 * MB  # room for the grader's serializer on deep values
GRADER_CODE_LIMITS = Limits(time=5.0, memory=256 * MB, stack=16 * MB, output=64 * 1024)

_CLOCK_SLACK = 0.001  # seconds; an interrupt can fire a hair before the deadline by our clock
_FRAME = re.compile(r"^\s*at (?:(.*?) \()?<input>:(\d+):(\d+)\)?\s*$")


class PeakMeter:
    """Peak resident memory of this process during one case, where Linux can tell it.

    Raw os calls on /proc: this runs twice per case, and file objects with a regex cost
    ten times as much. No descriptor stays open between cases.
    """

    def __init__(self) -> None:
        self.enabled = os.path.exists("/proc/self/clear_refs")

    @staticmethod
    def _status(field: str) -> int:
        fd = os.open("/proc/self/status", os.O_RDONLY)
        try:
            text = os.read(fd, 16384)
        finally:
            os.close(fd)
        at = text.find(field.encode() + b":")
        if at < 0:
            return 0
        return int(text[at + len(field) + 1 : text.index(b"kB", at)]) * 1024

    def start(self) -> int:
        """Resets the high-water mark to the current RSS and returns that RSS."""
        if not self.enabled:
            return 0
        try:
            fd = os.open("/proc/self/clear_refs", os.O_WRONLY)
            try:
                os.write(fd, b"5")
            finally:
                os.close(fd)
            return self._status("VmRSS")
        except OSError:
            self.enabled = False
            return 0

    def peak_since(self, baseline: int) -> int | None:
        if not self.enabled:
            return None
        return max(0, self._status("VmHWM") - baseline)


PEAK_METER = PeakMeter()


class _TimeUp(Exception):
    pass


class _Regions:
    """Maps `<input>` line numbers back to files: every chunk of code gets its own line range.

    The binding names every chunk `<input>`, so each chunk is prefixed with newlines to
    start after the previous one; a frame's line then tells which chunk it is in.
    """

    def __init__(self) -> None:
        self._spans: list[tuple[int, int, str, int]] = [(1, HARNESS_LINES, "<grader>", 0)]
        self.next_line = HARNESS_LINES + 1

    def add(self, name: str, text: str, first_line_shift: int = 0) -> int:
        offset = self.next_line - 1
        last = self.next_line + text.count("\n")
        self._spans.append((self.next_line, last, name, first_line_shift))
        self.next_line = last + 2
        return offset

    def frame(self, function: str, line: int, column: int) -> Frame:
        for first, last, name, shift in reversed(self._spans):
            if first <= line <= last:
                local = line - first + 1
                return Frame(name, local, column - shift if local == 1 and shift else column, function)
        return Frame("<grader>", line, column, function)


def _parse_stack(stack: str, regions: _Regions) -> tuple[Frame, ...]:
    frames = []
    for raw in stack.splitlines():
        match = _FRAME.match(raw)
        if match:
            frame = regions.frame(match.group(1) or "", int(match.group(2)), int(match.group(3)))
            if frame.file != "<grader>":
                frames.append(frame)
    return tuple(frames)


def _parse_exception(text: str, regions: _Regions) -> ThrownError:
    """An uncaught exception as the binding reports it: `Name: message\\n    at ...`."""
    head, _, stack = text.partition("\n    at ")
    stack = "    at " + stack if stack else ""
    head = head.rstrip("\n")
    name, sep, message = head.partition(": ")
    if sep and re.fullmatch(r"[A-Za-z_$][\w$]*", name):
        return ThrownError(name, message, True, _parse_stack(stack, regions))
    return ThrownError(None, head, False, _parse_stack(stack, regions))


@lru_cache(maxsize=64)
def _sanitize(text: str) -> str:
    """Source text the binding can take: no NUL bytes, no lone surrogates.

    Cached: every case of a spec loads the same files.
    """
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return text.encode("utf-8", "replace").decode("utf-8")


def _is_out_of_memory(text: str) -> bool:
    return text.strip() in ("null", "") or "out of memory" in text


def _engine_limit(text: str) -> str | None:
    """The limit an uncatchable engine error stands for (interrupt, out of memory, stack), if any."""
    if text.startswith("InternalError: interrupted"):
        return Status.TIME_LIMIT
    if _is_out_of_memory(text):
        return Status.MEMORY_LIMIT
    if "call stack size exceeded" in text or "stack overflow" in text:
        return Status.STACK_OVERFLOW
    return None


def _peak_says_out_of_memory(result: RunResult, limits: Limits) -> bool:
    """Whether the process's peak rose by about the heap limit: QuickJS ran out of memory."""
    return result.peak_bytes is not None and result.peak_bytes >= limits.memory // 2


@lru_cache(maxsize=1)
def harness_loader() -> HarnessLoader:
    """Compiles the harness once per process (see bytecode.py), on first use."""
    return HarnessLoader(HARNESS)


class _Sandbox:
    """A fresh runtime with the grader's harness loaded and the case's limits applied."""

    def __init__(self, limits: Limits, config: str) -> None:
        self.ctx = quickjs.Context()
        self.limits = limits
        self.deadline = 0.0
        self.clock_started = 0.0
        self.ctx.set_max_stack_size(limits.stack)
        self.dispatch = harness_loader().load(self.ctx)(config, _LIBRARY_TEXT)
        self.baseline = int(self.ctx.memory()["malloc_size"])
        self.ctx.set_memory_limit(self.baseline + limits.memory)

    def start_clock(self) -> None:
        self.clock_started = time.process_time()
        self.deadline = self.clock_started + self.limits.time

    def js(self, code: str) -> Any:
        """Evaluates grader or student code with whatever CPU time the case has left."""
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
            raise _TimeUp
        self.ctx.set_time_limit(remaining)


def _config(job: CaseJob, regions: _Regions, token: str) -> str:
    """The harness's configuration as JSON text."""
    files = {}
    for source in job.files + job.library:
        offset = regions.add(source.path, source.text, first_line_shift=len(CJS_WRAPPER))
        files[source.path] = {"text": _sanitize(source.text), "offset": offset}
    return json.dumps({"token": token, "output": job.limits.output, "files": files, "wrapper": CJS_WRAPPER,
                       "lib": _LIBRARY_SPANS})


def run_case(job: CaseJob) -> RunResult:
    """Runs one case in a fresh runtime. Call it on a BigStackThread (see module docstring)."""
    try:
        return _run_case(job)
    except Exception as exc:  # a grader bug must fail one case, not the worker or the session
        return RunResult(Status.SANDBOX_ERROR, detail=f"internal grader error: {type(exc).__name__}: {exc}",
                         files=tuple(f.path for f in job.files))


def _run_case(job: CaseJob) -> RunResult:
    started = time.process_time()
    peak_baseline = PEAK_METER.start()
    regions = _Regions()
    token = os.urandom(8).hex()
    result = RunResult(Status.SANDBOX_ERROR, files=tuple(f.path for f in job.files))
    sandbox: _Sandbox | None = None
    try:
        sandbox = _Sandbox(job.limits, _config(job, regions, token))
        sandbox.start_clock()
        _load_and_call(sandbox, job, regions, token, result)
    except _TimeUp:
        result.status = Status.TIME_LIMIT
    except quickjs.StackOverflow:
        result.status = Status.STACK_OVERFLOW
    except quickjs.JSException as exc:
        _classify_engine_error(str(exc), result, regions)
    except MemoryError:
        result.status = Status.MEMORY_LIMIT
    finally:
        # The student's CPU time: from the first line of their code, not the grader's own set-up.
        clock_start = sandbox.clock_started if sandbox is not None and sandbox.clock_started else started
        result.cpu_ms = (time.process_time() - clock_start) * 1000
    if sandbox is not None:
        if result.status in (Status.TIME_LIMIT, Status.MEMORY_LIMIT, Status.STACK_OVERFLOW):
            _salvage_console(sandbox, result)
        try:
            result.heap_bytes = sandbox.heap_used()
        except Exception:  # a runtime that ran out of memory may refuse even this
            pass
        del sandbox
    result.peak_bytes = PEAK_METER.peak_since(peak_baseline)
    if result.status == Status.UNSETTLED:
        # A promise job turns the engine's interrupt or out-of-memory error into a rejection,
        # which can leave the case's promise pending: the budget or the peak tells which.
        if result.cpu_ms >= job.limits.time * 1000 * 0.95:
            result.status = Status.TIME_LIMIT
        elif _peak_says_out_of_memory(result, job.limits):
            result.status = Status.MEMORY_LIMIT
    if _oom_in_disguise(result, job.limits):
        result.status, result.error = Status.MEMORY_LIMIT, None
    if job.expect_js is not None:
        result.expected, result.expected_error = _evaluate_expected(job.expect_js)
    if job.check_js is not None and result.status == Status.RETURNED and result.value is not None:
        result.check_score, result.check_error = _run_check(job.check_js, result.value)
    return result


def _oom_in_disguise(result: RunResult, limits: Limits) -> bool:
    """QuickJS throws `null` when it cannot even allocate the out-of-memory error.

    A plain `throw null` looks the same from inside, so the process's peak memory decides:
    an out-of-memory case has pushed it up by about the heap limit.
    """
    error = result.error
    if result.status != Status.THREW or error is None or error.is_error or error.message != "null":
        return False
    return _peak_says_out_of_memory(result, limits)


def _load_and_call(sandbox: _Sandbox, job: CaseJob, regions: _Regions, token: str, result: RunResult) -> None:
    stage = "load"
    try:
        for source in job.files:
            if not _load_file(sandbox, source, regions, result):
                return
        if job.setup:
            stage = "setup"
            offset = regions.add("<setup>", job.setup)
            sandbox.js("\n" * offset + _sanitize(job.setup))
        stage = "call"
        code = f'"use strict"; return (\n{_sanitize(job.call)}\n);'
        offset = regions.add("<call>", code)
        started = sandbox.js("\n" * offset + f"__jsgrade.start({json.dumps(token)}, function () {{ {code} }})")
        if started is not True:
            result.status, result.detail = Status.SANDBOX_ERROR, "the grader's harness was tampered with"
            return
        while True:
            sandbox.run_jobs()
            if sandbox.call("step") != 1:
                break
    except quickjs.JSException as exc:
        text = str(exc)
        if stage == "setup" and _engine_limit(text) not in (Status.TIME_LIMIT, Status.MEMORY_LIMIT):
            result.status, result.error = Status.SETUP_ERROR, _parse_exception(text, regions)
            return
        raise
    sandbox.ctx.set_max_stack_size(max(job.limits.stack, SERIALIZE_STACK))
    _read_outcome(json.loads(sandbox.call("finish")), result, regions)


def _load_file(sandbox: _Sandbox, source: SourceFile, regions: _Regions, result: RunResult) -> bool:
    """Loads one entry file and publishes its exports; False (with the reason in result) when it fails."""
    text = _sanitize(source.text)
    offset = regions.add(source.path, text)
    try:
        if source.is_module:
            sandbox.call("watchLoad", sandbox.module("\n" * offset + text), source.path)
            sandbox.run_jobs()
            loaded = sandbox.call("loadResult")
            if loaded == "pending":
                result.status, result.detail = Status.LOAD_ERROR, source.path
                result.error = ThrownError(None, "the module never finished loading (a top-level await that never settles)", False)
                return False
            outcome = json.loads(loaded)
            if not outcome["ok"]:
                result.status, result.error = Status.LOAD_ERROR, _thrown_from_info(outcome["error"], regions)
                result.detail = source.path
                return False
        else:
            sandbox.call("enter", source.path)
            sandbox.js("\n" * offset + text)
            sandbox.call("publish", source.path)
    except quickjs.JSException as exc:
        text_exc = str(exc)
        if text_exc.startswith("SyntaxError"):
            result.status, result.error, result.detail = Status.SYNTAX_ERROR, _parse_exception(text_exc, regions), source.path
            return False
        if _engine_limit(text_exc) is not None:
            raise
        error = _parse_exception(text_exc, regions)
        if "could not load module" in error.message:
            error = _missing_import(error)
        result.status, result.error, result.detail = Status.LOAD_ERROR, error, source.path
        return False
    return True


def _missing_import(error: ThrownError) -> ThrownError:
    match = re.search(r"'([^']*)'", error.message)
    name = match.group(1) if match else "?"
    return ThrownError(
        "Error",
        f"Cannot find module '{name}': an ES module may not import other files or Node's modules in the grader "
        "(keep the code in one file, or use require() for other submission files)",
        True,
        error.frames,
    )


def _thrown_from_info(info: dict[str, Any], regions: _Regions) -> ThrownError:
    return ThrownError(info.get("name"), info.get("message", ""), bool(info.get("isError")), _parse_stack(info.get("stack", ""), regions))


def _read_outcome(outcome: dict[str, Any], result: RunResult, regions: _Regions) -> None:
    result.console = outcome["console"]
    result.output_exceeded = outcome["outputExceeded"]
    if not outcome["settled"]:
        result.status = Status.UNSETTLED  # run_case turns this into TIME_LIMIT when the budget ran out
        return
    state = outcome["state"]
    if state == "returned":
        result.status, result.value = Status.RETURNED, outcome["value"]
    elif state == "threw":
        error = _thrown_from_info(outcome["error"], regions)
        result.error = error
        if error.name == "RangeError" and "call stack size exceeded" in error.message:
            result.status = Status.STACK_OVERFLOW
        elif error.name == "InternalError" and error.message in ("out of memory", "string too long"):
            result.status = Status.MEMORY_LIMIT
        elif error.name == "InternalError" and error.message == "interrupted":
            result.status = Status.TIME_LIMIT  # the interrupt, caught by a promise job and turned into a rejection
        else:
            result.status = Status.THREW
    else:
        result.status, result.detail = (Status.TOO_LARGE if state == "too_large" else Status.UNREADABLE), outcome.get("why", "")


def _classify_engine_error(text: str, result: RunResult, regions: _Regions) -> None:
    """Uncatchable engine errors: interrupted (time), out of memory, stack overflow."""
    limit = _engine_limit(text)
    if limit is not None:
        result.status = limit
    else:
        result.status, result.error = Status.SANDBOX_ERROR, _parse_exception(text, regions)
        result.detail = text.splitlines()[0] if text else "the engine failed"


def _salvage_console(sandbox: _Sandbox, result: RunResult) -> None:
    """Console output written before a limit stopped the case, so students see how far it got."""
    try:
        sandbox.deadline = time.process_time() + 0.2
        sandbox.ctx.set_memory_limit(sandbox.baseline + sandbox.limits.memory + 8 * MB)
        outcome = json.loads(sandbox.call("finish"))
        result.console, result.output_exceeded = outcome["console"], outcome["outputExceeded"]
    except Exception:  # the runtime may be unusable after the limit; then there is nothing to show
        pass


def _grader_sandbox() -> _Sandbox:
    sandbox = _Sandbox(GRADER_CODE_LIMITS, _config(CaseJob(files=(), call=""), _Regions(), ""))
    sandbox.start_clock()
    return sandbox


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else "time limit exceeded"


def _evaluate_expected(expression: str) -> tuple[str | None, str | None]:
    """A `!js` expected value, evaluated and encoded in a clean sandbox of its own."""
    try:
        sandbox = _grader_sandbox()
        encoded = json.loads(sandbox.js(f"__jsgrade.encodeValue((function () {{ return (\n{_sanitize(expression)}\n); }})())"))
    except (quickjs.JSException, _TimeUp) as exc:
        return None, f"the !js expected value `{expression}` failed: {_first_line(exc)}"
    if encoded["state"] != "returned":
        return None, f"the !js expected value `{expression}` cannot be compared: {encoded.get('why', '')}"
    return encoded["value"], None


def _run_check(predicate: str, value: str) -> tuple[float | None, str | None]:
    """Runs an instructor's `check` predicate on a copy of the result, in a clean sandbox.

    Returns (score from 0 to 1, None), (0, why) when the result made the predicate throw,
    or (None, why) when the predicate itself is broken (a spec error).
    """
    try:
        sandbox = _grader_sandbox()
        predicate_fn = sandbox.js(f"(\n{_sanitize(predicate)}\n)")
        if not isinstance(predicate_fn, quickjs.Object):
            return None, "the check is not a function; write it as (result) => ..."
    except (quickjs.JSException, _TimeUp) as exc:
        return None, f"the check predicate does not compile: {_first_line(exc)}"
    apply_check = (
        "(function (f) { if (typeof f !== 'function') return 'not a function';"
        " const r = f(__jsgrade.decodeValue(" + json.dumps(value) + "));"
        " return typeof r === 'number' ? r : !!r; })"
    )
    try:
        outcome = sandbox.js(apply_check)(predicate_fn)
    except _TimeUp:
        return 0.0, "the check did not finish in time on this result"
    except quickjs.JSException as exc:
        if str(exc).startswith("InternalError: interrupted"):
            return 0.0, "the check did not finish in time on this result"
        return 0.0, f"the check threw on this result: {_first_line(exc)}"
    if outcome == "not a function":
        return None, "the check is not a function; write it as (result) => ..."
    if isinstance(outcome, bool):
        return (1.0 if outcome else 0.0), None
    if isinstance(outcome, (int, float)) and 0 <= outcome <= 1:
        return float(outcome), None
    return None, f"the check predicate returned {outcome!r}; it must return a boolean or a number from 0 to 1"


T = TypeVar("T")


class BigStackThread:
    """A single thread with a large C stack, on which all QuickJS work of a process runs."""

    def __init__(self) -> None:
        previous = threading.stack_size()
        try:
            threading.stack_size(THREAD_STACK)
            from concurrent.futures import ThreadPoolExecutor  # not needed by sandbox workers

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jsgrade-sandbox")
            self._pool.submit(lambda: None).result()
        finally:
            threading.stack_size(previous)

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        return self._pool.submit(fn, *args).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
