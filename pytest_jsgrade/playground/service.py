"""The playground's work: running code and grading a spec on the same sandbox and verdicts as
pytest, on a bounded pool of its own.

At most `workers` requests run at once, each on a worker process of its own, and at most
`queue_size` more wait; past that the answer is "busy, try again" (503). The work runs on this
module's own threads, never on asyncio's default executor, so a burst of requests can never
starve the server of the threads it needs to answer.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..grading.case import Explanations, budget, grade_case
from ..grading.generate import expand
from ..grading.reference import References
from ..grading.show import show
from ..grading.values import WireError, decode
from ..grading.verdict import Kind
from ..reports.ledger import Ledger
from ..reports.records import CaseRecord
from ..reports.text import failure
from ..sandbox.pool import WorkerPool
from ..sandbox.protocol import CaseJob, RunResult, Status
from ..source.submission import from_texts
from ..spec.build import load_spec
from ..spec.errors import SpecError
from ..spec.limits import DEFAULT_LIMITS, Limits
from ..spec.model import Spec
from ..spec.points import as_float

T = TypeVar("T")
ERROR_KINDS = {
    Status.THREW: "threw", Status.SYNTAX_ERROR: "syntax_error", Status.LOAD_ERROR: "threw", Status.SETUP_ERROR: "threw",
    Status.TIME_LIMIT: "time_limit", Status.MEMORY_LIMIT: "memory_limit", Status.STACK_OVERFLOW: "stack_overflow",
    Status.TOO_LARGE: "too_large", Status.UNREADABLE: "unreadable", Status.UNSETTLED: "unsettled",
    Status.SANDBOX_ERROR: "sandbox_error",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class Playground:
    specs: list[Spec]
    submission: Path | None = None
    read_only: bool = False
    limits: Limits = DEFAULT_LIMITS
    workers: int = 2
    queue_size: int = 8
    _pools: queue.Queue[WorkerPool] = field(default_factory=queue.Queue)

    def __post_init__(self) -> None:
        for _ in range(self.workers):
            self._pools.put(WorkerPool())
        self.references = References(WorkerPool())
        self._slots = threading.BoundedSemaphore(self.workers + self.queue_size)
        self._threads = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="jsgrade-playground")
        self._closed = False

    def close(self) -> None:
        """Stops at once: queued work is cancelled, and the workers are stopped, which ends the
        work still running (its request gets a sandbox error, if anyone still waits for it)."""
        self._closed = True
        self._threads.shutdown(wait=False, cancel_futures=True)
        while not self._pools.empty():
            self._pools.get().close()
        self.references.pool.close()

    def spec(self, name: str) -> Spec:
        for spec in self.specs:
            if name in (spec.path.name, spec.path.stem, spec.title):
                return spec
        raise ApiError(404, f"no spec named {name!r}; GET /specs lists them")

    async def sandboxed(self, work: Callable[..., T], *args: Any) -> T:
        """Runs blocking sandbox work on this playground's own threads, or answers 503 at once
        when `workers` requests run and `queue_size` more already wait."""
        if self._closed or not self._slots.acquire(blocking=False):
            raise ApiError(503, "the playground is busy grading other requests; try again in a moment")
        try:
            return await asyncio.get_running_loop().run_in_executor(self._threads, self._with_pool, work, args)
        finally:
            self._slots.release()

    def _with_pool(self, work: Callable[..., T], args: tuple[Any, ...]) -> T:
        # One pool per thread that runs: there are as many pools as threads, so one is always free.
        pool = self._pools.get()
        try:
            return work(pool, *args)
        finally:
            self._pools.put(pool)

    # -- the operations ----------------------------------------------------------------------

    def evaluate(self, pool: WorkerPool, code: str, call: str, filename: str) -> dict[str, Any]:
        submission = from_texts((filename,), {filename: code})
        if submission.failed is not None:  # TypeScript that does not parse
            return describe_run(submission.failed, self.limits)
        result = pool.run(CaseJob(files=submission.files, call=call, limits=budget(self.limits)))
        return describe_run(result, self.limits)

    def grade(self, pool: WorkerPool, spec: Spec, code: dict[str, str]) -> dict[str, Any]:
        submission = from_texts(spec.files, code)
        cases, records = [], []
        explanations = Explanations()
        for case in visible_cases(spec):
            verdict = grade_case(pool, spec, case, submission, self.references, looked_in="the editor")
            verdict = explanations.once(spec, case, verdict)
            record = CaseRecord.collected(f"{spec.path.name}::{case.name}", spec, case).with_verdict(verdict)
            records.append(record)
            cases.append({
                "name": case.name, "call": case.call.strip(), "passed": verdict.passed, "kind": verdict.kind,
                "score": as_float(verdict.score), "max_score": as_float(verdict.max_score), "headline": verdict.headline,
                "message": "" if verdict.passed else failure(record),
                "time_ms": round(verdict.cpu_ms, 3), "memory_bytes": verdict.heap_bytes,
                "spec_error": verdict.kind == Kind.SPEC_ERROR, "hint": record.hint or None,
            })
        ledger = Ledger({record.nodeid: record for record in records})
        totals = ledger.totals()
        return {"spec": spec.title, "cases": cases, "score": as_float(totals.earned), "max_score": as_float(totals.possible)}


def visible_cases(spec: Spec) -> list[Any]:
    """Only cases students may always see: never hidden, after_due_date or after_published ones."""
    return [case for case in spec.cases if case.visibility == "visible"]


def describe_run(result: RunResult, limits: Limits) -> dict[str, Any]:
    """A run as the original evaluator answered: the value, or the error with kind and line."""
    answer: dict[str, Any] = {"console": result.console, "time": round(result.cpu_ms, 3), "memory": result.heap_bytes}
    if result.output_exceeded:
        answer["error"] = {"kind": "output_limit", "message": "output limit exceeded", "line": None}
    elif result.status == Status.RETURNED and result.value is not None:
        try:
            answer["result"] = show(decode(result.value))
        except WireError as exc:
            answer["error"] = {"kind": "unreadable", "message": f"the returned value could not be read: {exc}", "line": None}
    else:
        error = result.error
        frame = (error.frames[0] if result.status == Status.SYNTAX_ERROR else error.location(result.files)) if error and error.frames else None
        messages: dict[Status, str] = {Status.TIME_LIMIT: f"time limit exceeded ({limits.time_text()} of CPU time)",
                    Status.MEMORY_LIMIT: "memory limit exceeded", Status.STACK_OVERFLOW: "stack overflow",
                    Status.UNSETTLED: "the returned Promise never settled"}
        message = messages.get(result.status) or (error.headline if error else result.detail or result.status.words)
        answer["error"] = {"kind": ERROR_KINDS.get(result.status, result.status.value), "message": message,
                           "line": frame.line if frame else None}
    return answer


def load_specs(paths: list[str], pool: WorkerPool) -> list[Spec]:
    found: list[Spec] = []
    for raw in paths:
        path = Path(raw)
        files = sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")]) if path.is_dir() else [path]
        for file in files:
            try:
                found.append(expand(load_spec(file), pool))
            except SpecError as exc:
                raise SystemExit(f"jsgrade: {exc}") from None
    return found
