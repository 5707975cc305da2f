"""Sandbox worker processes: QuickJS never runs inside pytest's own process.

A worker is long-lived (its start-up is paid once) and runs one case at a time, each in a
fresh runtime. The parent gives every case a wall-clock deadline; a worker that misses it
is killed and replaced, and a worker that dies (signal, abort, out of memory) fails only
the case it was running. Messages are JSON lines both ways: nothing the worker sends can
make the parent execute code, even if a submission took over the worker.
"""

from __future__ import annotations

import dataclasses
import json
import os
import select
import signal
import subprocess
import sys
import time
from functools import lru_cache
from typing import Any

from .jobs import CaseJob, Frame, RunResult, SourceFile, Status, ThrownError
from .limits import Limits

DEADLINE_FACTOR = 2.0  # wall-clock deadline = factor × CPU limit + margin
DEADLINE_MARGIN = 5.0
START_TIMEOUT = 60.0
# Isolated mode (-I) ignores PYTHONPATH and the user's site; the package directory is passed explicitly.
_BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from pytest_jsgrade.worker_main import main; main()"


_FILES_JSON: dict[int, tuple[tuple[SourceFile, ...], str]] = {}


def _files_json(files: tuple[SourceFile, ...]) -> str:
    """The files of a job as JSON, serialized once per tuple (every case of a spec shares it)."""
    cached = _FILES_JSON.get(id(files))
    if cached is not None and cached[0] is files:
        return cached[1]
    text = json.dumps([{"path": f.path, "text": f.text, "is_module": f.is_module} for f in files], ensure_ascii=True)
    if len(_FILES_JSON) > 256:
        _FILES_JSON.clear()
    _FILES_JSON[id(files)] = (files, text)
    return text


@lru_cache(maxsize=256)
def _limits_json(limits: Limits) -> str:
    return json.dumps(dataclasses.asdict(limits))


def job_to_json(job: CaseJob) -> str:
    rest = json.dumps({"call": job.call, "setup": job.setup, "expect_js": job.expect_js, "check_js": job.check_js},
                      ensure_ascii=True)
    return ('{"files": ' + _files_json(job.files) + ', "library": ' + _files_json(job.library)
            + ', "limits": ' + _limits_json(job.limits) + ", " + rest[1:])


def job_from_json(text: str) -> CaseJob:
    raw = json.loads(text)
    return CaseJob(
        files=tuple(SourceFile(**f) for f in raw["files"]),
        call=raw["call"],
        library=tuple(SourceFile(**f) for f in raw["library"]),
        setup=raw["setup"],
        limits=Limits(**raw["limits"]),
        expect_js=raw["expect_js"],
        check_js=raw["check_js"],
    )


def result_to_json(result: RunResult) -> str:
    return json.dumps(dataclasses.asdict(result), ensure_ascii=True)


def result_from_json(text: str) -> RunResult:
    raw: dict[str, Any] = json.loads(text)
    error = raw.pop("error")
    if error is not None:
        error["frames"] = tuple(Frame(**f) for f in error["frames"])
        raw["error"] = ThrownError(**error)
    raw["files"] = tuple(raw["files"])
    return RunResult(**raw)


def _signal_name(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        try:
            return signal.Signals(-returncode).name
        except ValueError:
            return f"signal {-returncode}"
    return f"exit status {returncode}"


class Worker:
    """One sandbox process and its two pipes."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env.setdefault("PYTHONHASHSEED", "0")
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-c", _BOOT, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            env=env,
        )
        self._buffer = b""
        self._pending: tuple[CaseJob, float] | None = None
        self._started = False  # the worker boots while pytest goes on; the first send waits for it

    def _wait_started(self) -> None:
        if self._started:
            return
        ready = self._read_line(time.monotonic() + START_TIMEOUT)
        if ready != "ready":
            self.kill()
            raise RuntimeError(f"the sandbox worker did not start ({_signal_name(self.proc.poll())})")
        self._started = True

    def send(self, job: CaseJob) -> None:
        """Hands the worker its next case; its wall-clock deadline starts now."""
        self._wait_started()
        self._pending = (job, time.monotonic() + DEADLINE_FACTOR * job.limits.time + DEADLINE_MARGIN)
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(job_to_json(job).encode("ascii") + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # receive() will find the worker dead

    def receive(self) -> RunResult:
        """The result of the case last sent, or why there is none."""
        assert self._pending is not None
        job, deadline = self._pending
        self._pending = None
        try:
            line = self._read_line(deadline)
        except OSError:
            line = None
        if line is None:
            return self._failed(job, timed_out=time.monotonic() >= deadline)
        return result_from_json(line)

    def _failed(self, job: CaseJob, timed_out: bool) -> RunResult:
        files = tuple(f.path for f in job.files)
        if timed_out:
            self.kill()
            return RunResult(Status.TIME_LIMIT, detail="stopped by the grader at the wall-clock deadline", files=files)
        try:
            self.proc.wait(timeout=5)  # the pipe closes a moment before the process is gone
        except subprocess.TimeoutExpired:
            pass
        self.kill()
        return RunResult(
            Status.SANDBOX_ERROR,
            detail=f"the sandbox crashed ({_signal_name(self.proc.returncode)}) while running this case",
            files=files,
        )

    def _read_line(self, deadline: float) -> str | None:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            readable, _, _ = select.select([fd], [], [], remaining)
            if not readable:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode("ascii")

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


class WorkerPool:
    """The sandboxes of one pytest process: `size` workers, each restarted when it dies.

    `run` can be told which cases come next; they are sent to idle workers as soon as the
    current result is in, so workers run them while pytest reports the current case.
    """

    def __init__(self, size: int = 1) -> None:
        self.size = max(1, size)
        self._workers: list[Worker | None] = [None] * self.size
        self._ahead: dict[str, int] = {}  # key of a case sent ahead → the worker running it

    @property
    def _worker(self) -> Worker | None:  # the first worker (tests and the benchmark look at it)
        return self._workers[0]

    def _ready(self, index: int) -> Worker:
        worker = self._workers[index]
        if worker is not None and not worker.alive and worker._pending is None:
            worker.kill()  # reaps it and closes its pipes
            worker = None
        if worker is None:
            worker = self._workers[index] = Worker()
        return worker

    def _idle(self) -> int | None:
        busy = set(self._ahead.values())
        return next((i for i in range(self.size) if i not in busy), None)

    def warm_up(self) -> None:
        """Starts the workers now, so they boot while pytest collects."""
        for index in range(self.size):
            self._ready(index)

    def run(self, job: CaseJob, key: str = "", upcoming: list[tuple[str, CaseJob]] | None = None) -> RunResult:
        index = self._ahead.pop(key, None) if key else None
        if index is None:
            if self._idle() is None:  # every worker holds a case sent ahead that is not wanted now (-x, --lf)
                for unwanted, held in list(self._ahead.items()):
                    self._ready(held).receive()
                    del self._ahead[unwanted]
            index = self._idle()
            assert index is not None
            self._ready(index).send(job)
        worker = self._ready(index)
        result = worker.receive()
        if not worker.alive:
            worker.kill()
            self._workers[index] = None
        for next_key, next_job in upcoming or []:
            idle = self._idle()
            if idle is None:
                break
            if next_key not in self._ahead:
                self._ready(idle).send(next_job)
                self._ahead[next_key] = idle
        return result

    def close(self) -> None:
        """Stops every worker at once: a worker holds nothing worth a graceful exit, and waiting
        for one that is still booting would add its start-up to the session's end."""
        for index, worker in enumerate(self._workers):
            if worker is not None:
                worker.kill()
                self._workers[index] = None
        self._ahead.clear()
