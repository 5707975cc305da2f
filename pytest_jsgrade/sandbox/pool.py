"""The pool of sandbox worker processes: QuickJS never runs inside pytest's own process.

A worker is long-lived (its start-up is paid once) and runs one case at a time, each in a
fresh runtime. The parent gives every case a wall-clock deadline from the moment the worker
starts it; a worker that misses it is killed and replaced, and a worker that dies (signal,
abort, out of memory) fails only the case it was running. Messages are JSON lines both ways: nothing the worker sends can
make the parent execute code, even if a submission took over the worker.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from functools import lru_cache

from .protocol import READY, STARTED, CaseJob, RunResult, Status, decode_result, encode_job

DEADLINE_FACTOR = 2.0  # wall-clock deadline = factor × CPU limit + margin
DEADLINE_MARGIN = 5.0
START_TIMEOUT = 60.0
LAST_LOOK = 0.05  # seconds past a deadline to take a line the reader thread is handing over
# Isolated mode (-I) ignores PYTHONPATH and the user's site, and -S skips site-packages and its .pth
# files (about 50 ms of every worker's start): the directories the worker imports from are passed.
_BOOT = "import sys; sys.path[:0] = sys.argv[2:]; __import__(sys.argv[1], fromlist=['main']).main()"
# The module whose main() a worker runs, and directories to import it from: tests point these at a
# worker of their own that injects faults (tests/faulty_worker.py).
WORKER_MODULE = "pytest_jsgrade.sandbox.worker"
WORKER_PATHS: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _worker_path() -> tuple[str, ...]:
    """Where the worker finds this package and the QuickJS binding (it needs nothing else beyond
    the standard library). find_spec locates the binding without importing it into pytest."""
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    found = [here]
    for name in ("quickjs", "_quickjs"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            origin = os.path.dirname(spec.origin)
            found.append(os.path.dirname(origin) if spec.submodule_search_locations else origin)
    return tuple(dict.fromkeys(found))


def _signal_name(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        try:
            return signal.Signals(-returncode).name
        except ValueError:
            return f"signal {-returncode}"
    return f"exit status {returncode}"


class Worker:
    """One sandbox process, its two pipes, and a thread that reads its answers as they come.

    The reader thread stamps every line with the time it arrived, whatever pytest's own thread
    is busy with (a slow hook, a slow comparison, a loaded machine): a case's wall-clock deadline
    counts from the moment its worker said it started the case, and a result that has arrived is
    always taken, even when it is read after its deadline.
    """

    def __init__(self) -> None:
        env = dict(os.environ)
        env.setdefault("PYTHONHASHSEED", "0")
        env["TZ"] = "UTC"  # QuickJS's Date reads the host's zone; the sandbox's is UTC, as its Intl (docs/node-differences.md)
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _BOOT, WORKER_MODULE, *WORKER_PATHS, *_worker_path()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            env=env,
        )
        self._lines: queue.Queue[tuple[str | None, float]] = queue.Queue()
        self._eof = False
        threading.Thread(target=self._read_lines, name="jsgrade-worker-reader", daemon=True).start()
        self._pending: deque[tuple[CaseJob, float]] = deque()  # sent (with when), not answered; the first runs
        self._free_since = time.monotonic()  # when the worker last became free to start a case
        self._booted = False  # the worker boots while pytest goes on; the first send waits for it
        self.boot: dict[str, object] = {}  # what the worker said of itself when it booted
        self._sources_sent: str | None = None  # the files of the last job sent (see protocol.encode_job)

    def _read_lines(self) -> None:
        stdout = self.proc.stdout
        assert stdout is not None
        try:
            for raw in stdout:
                self._lines.put((raw.decode("ascii", "replace").rstrip("\n"), time.monotonic()))
        except (OSError, ValueError):  # the pipe was closed under the thread: the worker is gone
            pass
        self._lines.put((None, time.monotonic()))

    def _line(self, deadline: float) -> tuple[str | None, float]:
        """The next line and when it arrived; (None, now) at the end of the output or the deadline.
        A line that has already arrived is returned whatever the deadline."""
        if self._eof:
            return None, time.monotonic()
        try:
            found = self._lines.get_nowait()
        except queue.Empty:
            try:
                found = self._lines.get(timeout=max(deadline - time.monotonic(), 0) + LAST_LOOK)
            except queue.Empty:
                return None, time.monotonic()
        if found[0] is None:
            self._eof = True
        return found

    def _wait_booted(self) -> None:
        if self._booted:
            return
        ready, at = self._line(time.monotonic() + START_TIMEOUT)
        if ready is None or not ready.startswith(READY):
            self.kill()
            raise RuntimeError(f"the sandbox worker did not start ({_signal_name(self.proc.poll())})")
        self._booted, self._free_since = True, at
        try:
            self.boot = dict(json.loads(ready[len(READY):] or "{}"))
        except ValueError:
            self.boot = {}

    def send(self, job: CaseJob) -> None:
        """Queues a case; the worker runs its cases in order."""
        self._wait_booted()
        self._pending.append((job, time.monotonic()))
        assert self.proc.stdin is not None
        try:
            line, self._sources_sent = encode_job(job, self._sources_sent)
            self.proc.stdin.write(line.encode("ascii") + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # receive() will find the worker dead

    @property
    def queued(self) -> int:
        return len(self._pending)

    def receive(self) -> RunResult:
        """The result of the first pending case, or why there is none. After a failure the worker
        is dead, and the cases queued behind that one never ran."""
        job, sent = self._pending.popleft()
        # The worker starts a case as soon as it is free and has it: it must say so in a moment.
        started, at = self._line(max(self._free_since, sent) + DEADLINE_MARGIN)
        if started != STARTED:
            return self._failed(job, timed_out=started is None and not self._eof)
        deadline = at + DEADLINE_FACTOR * job.limits.time + DEADLINE_MARGIN
        line, at = self._line(deadline)
        if line is None:
            return self._failed(job, timed_out=not self._eof)
        self._free_since = at
        try:
            return decode_result(line)
        except (ValueError, TypeError, KeyError, IndexError) as exc:  # not what a worker writes
            self.kill()
            return RunResult(Status.SANDBOX_ERROR, detail=f"the sandbox answered with something that is not a result ({exc})",
                             files=job.student_files)

    def _failed(self, job: CaseJob, timed_out: bool) -> RunResult:
        files = job.student_files
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

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:  # a case queued on a worker that had died is still in the buffer
                    pass


class WorkerPool:
    """The sandboxes of one pytest process: `size` workers, each restarted when it dies.

    `run` can be told which cases come next. They are queued on the workers, up to DEPTH per
    worker, so a worker always has its next case at hand: it runs them while pytest reports the
    current case, and never waits for a round trip between two cases.
    """

    DEPTH = 2

    def __init__(self, size: int = 1) -> None:
        self.size = max(1, size)
        self._workers: list[Worker | None] = [None] * self.size
        self._keys: list[deque[str]] = [deque() for _ in range(self.size)]  # per worker, its queued cases
        self._where: dict[str, int] = {}  # key of a queued case → its worker
        self._done: dict[str, RunResult] = {}  # results read while waiting for another case
        self._anonymous = itertools.count()

    @property
    def capacity(self) -> int:
        """How many cases the pool can hold at once: what is worth telling `run` in `upcoming`."""
        return self.size * self.DEPTH

    @property
    def _worker(self) -> Worker | None:  # the first worker (tests and the benchmark look at it)
        return self._workers[0]

    def _ready(self, index: int) -> Worker:
        worker = self._workers[index]
        if worker is not None and not worker.alive and not worker.queued:
            worker.kill()  # reaps it and closes its pipes
            worker = None
        if worker is None:
            worker = self._workers[index] = Worker()
        return worker

    def warm_up(self) -> None:
        """Starts the workers now, so they boot while pytest collects."""
        for index in range(self.size):
            self._ready(index)

    def boot_info(self) -> dict[str, object]:
        """What the first worker said of itself when it booted (waiting for it to boot)."""
        worker = self._ready(0)
        worker._wait_booted()
        return worker.boot

    def holds(self, key: str) -> bool:
        """Whether the case `key` is queued on a worker or its result is waiting to be asked for."""
        return key in self._where or key in self._done

    def _send(self, index: int, key: str, job: CaseJob) -> None:
        self._ready(index).send(job)
        self._keys[index].append(key)
        self._where[key] = index

    def _shortest(self) -> int:
        return min(range(self.size), key=lambda i: len(self._keys[i]))

    def _collect(self, index: int, key: str) -> RunResult | None:
        """Reads the worker's results in order up to `key`'s, keeping the others for later; None
        when the worker died on an earlier case, so that `key` never ran."""
        while True:
            worker, head = self._ready(index), self._keys[index].popleft()
            del self._where[head]
            result = worker.receive()
            if not worker.alive:  # crashed, or killed at its deadline: the cases queued behind never ran,
                for lost in self._keys[index]:  # and are sent again when they are asked for
                    del self._where[lost]
                self._keys[index].clear()
                worker.kill()
                self._workers[index] = None
            if head == key:
                return result
            self._done[head] = result
            if key not in self._where:
                return None

    def run(self, job: CaseJob, key: str = "", upcoming: list[tuple[str, CaseJob]] | None = None) -> RunResult:
        key = key or f"\0{next(self._anonymous)}"
        result = self._done.pop(key, None)
        while result is None:
            index = self._where.get(key)
            if index is None:
                index = self._shortest()
                self._send(index, key, job)
            result = self._collect(index, key)
        for next_key, next_job in upcoming or []:
            if next_key in self._where or next_key in self._done:
                continue
            index = self._shortest()
            if len(self._keys[index]) >= self.DEPTH:
                break
            self._send(index, next_key, next_job)
        return result

    def close(self) -> None:
        """Stops every worker at once: a worker holds nothing worth a graceful exit, and waiting
        for one that is still booting would add its start-up to the session's end."""
        for index, worker in enumerate(self._workers):
            if worker is not None:
                worker.kill()
                self._workers[index] = None
        for keys in self._keys:
            keys.clear()
        self._where.clear()
        self._done.clear()
