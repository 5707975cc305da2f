"""The playground's HTTP API and static page (Starlette on uvicorn, nothing fetched at run time).

    POST /eval  {code, call}        → {result, console, time, memory} or {error: {kind, message, line}}
    POST /grade {code, spec}        → the spec's visible cases graded like pytest does, and the total
    GET  /specs                     → the specs and their visible cases
    POST /save  {code, spec}        → writes the code to the submission file (unless read-only)

Every request runs in the same worker-isolated sandbox as pytest. At most `workers` requests
run at once and `queue` more may wait; past that the answer is 503. Bodies are size-capped.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.staticfiles import StaticFiles

from ..grading.case import budget, grade_case
from ..grading.generate import expand
from ..grading.reference import References
from ..grading.show import show
from ..grading.submission import Submission, is_module
from ..grading.values import WireError, decode
from ..grading.verdict import Kind
from ..reports.ledger import Ledger
from ..reports.records import CaseRecord
from ..reports.text import failure
from ..sandbox.pool import WorkerPool
from ..sandbox.protocol import CaseJob, RunResult, SourceFile, Status
from ..spec.build import load_spec
from ..spec.errors import SpecError
from ..spec.limits import DEFAULT_LIMITS, Limits
from ..spec.model import Spec
from ..spec.points import as_float

STATIC = Path(__file__).parent / "static"
MAX_BODY = 1024 * 1024
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
    _waiting: int = 0

    def __post_init__(self) -> None:
        for _ in range(self.workers):
            self._pools.put(WorkerPool())
        self.references = References(WorkerPool())

    def close(self) -> None:
        while not self._pools.empty():
            self._pools.get().close()
        self.references.pool.close()

    def spec(self, name: str) -> Spec:
        for spec in self.specs:
            if name in (spec.path.name, spec.path.stem, spec.title):
                return spec
        raise ApiError(404, f"no spec named {name!r}; GET /specs lists them")

    async def sandboxed(self, work: Any, *args: Any) -> Any:
        """Runs blocking sandbox work on a free worker pool, or answers 503 when too many wait."""
        if self._waiting >= self.workers + self.queue_size:
            raise ApiError(503, "the playground is busy grading other requests; try again in a moment")
        self._waiting += 1
        try:
            pool = await asyncio.to_thread(self._pools.get)
            try:
                return await asyncio.to_thread(work, pool, *args)
            finally:
                self._pools.put(pool)
        finally:
            self._waiting -= 1

    # -- the operations ----------------------------------------------------------------------

    def evaluate(self, pool: WorkerPool, code: str, call: str, filename: str) -> dict[str, Any]:
        result = pool.run(CaseJob(files=(SourceFile(filename, code, is_module(filename, code)),), call=call, limits=budget(self.limits)))
        return describe_run(result, self.limits)

    def grade(self, pool: WorkerPool, spec: Spec, code: dict[str, str]) -> dict[str, Any]:
        files = tuple(SourceFile(name, code[name], is_module(name, code[name])) for name in spec.files if name in code)
        missing = [name for name in spec.files if name not in code]
        submission = Submission(files=files, missing=missing)
        cases, records = [], []
        for case in visible_cases(spec):
            verdict = grade_case(pool, spec, case, submission, self.references, looked_in="the editor")
            record = CaseRecord.collected(f"{spec.path.name}::{case.name}", spec, case).with_verdict(verdict)
            records.append(record)
            cases.append({
                "name": case.name, "call": case.call.strip(), "passed": verdict.passed, "kind": verdict.kind,
                "score": as_float(verdict.score), "max_score": as_float(verdict.max_score), "headline": verdict.headline,
                "message": "" if verdict.passed else failure(record),
                "time_ms": round(verdict.cpu_ms, 3), "memory_bytes": verdict.heap_bytes,
                "spec_error": verdict.kind == Kind.SPEC_ERROR,
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


# -- HTTP ------------------------------------------------------------------------------------


async def _body(request: Request, *required: str) -> dict[str, Any]:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise ApiError(413, f"the request body is larger than {MAX_BODY // 1024} KB")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise ApiError(413, f"the request body is larger than {MAX_BODY // 1024} KB")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApiError(400, "the request body is not JSON") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the request body must be a JSON object")
    for key in required:
        if not isinstance(data.get(key), (str, dict)) or data.get(key) == "":
            raise ApiError(422, f"missing field {key!r}")
    return data


def _code_for(spec: Spec, code: Any) -> dict[str, str]:
    if isinstance(code, str):
        return {spec.files[0]: code}
    if isinstance(code, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in code.items()):
        return code
    raise ApiError(422, "'code' must be a string or an object of file name → text")


def create_app(playground: Playground) -> Starlette:
    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html")

    async def specs(request: Request) -> Response:
        return JSONResponse({"specs": [
            {"name": spec.path.name, "title": spec.title, "files": list(spec.files),
             "cases": [{"name": c.name, "call": c.call.strip(), "points": as_float(c.points)} for c in visible_cases(spec)]}
            for spec in playground.specs
        ], "read_only": playground.read_only or playground.submission is None})

    async def source(request: Request) -> Response:
        spec = playground.spec(request.query_params.get("spec", ""))
        texts = {}
        for name in spec.files:
            path = (playground.submission / name) if playground.submission else None
            texts[name] = path.read_text(encoding="utf-8", errors="replace") if path and path.is_file() else ""
        return JSONResponse({"files": texts})

    async def evaluate(request: Request) -> Response:
        data = await _body(request, "code", "call")
        if not isinstance(data["code"], str) or not isinstance(data["call"], str):
            raise ApiError(422, "'code' and 'call' must be strings")
        filename = data.get("file") if isinstance(data.get("file"), str) else "main.js"
        return JSONResponse(await playground.sandboxed(playground.evaluate, data["code"], data["call"], filename))

    async def grade(request: Request) -> Response:
        data = await _body(request, "code", "spec")
        spec = playground.spec(str(data["spec"]))
        return JSONResponse(await playground.sandboxed(playground.grade, spec, _code_for(spec, data["code"])))

    async def save(request: Request) -> Response:
        if playground.read_only or playground.submission is None:
            raise ApiError(403, "saving is off: start the playground with --submission DIR and without --read-only")
        data = await _body(request, "code", "spec")
        spec = playground.spec(str(data["spec"]))
        written = []
        for name, text in _code_for(spec, data["code"]).items():
            if name not in spec.files:
                raise ApiError(422, f"{name!r} is not a file of this spec")
            target = playground.submission / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(name)
        return JSONResponse({"saved": written})

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return JSONResponse({"error": {"kind": "request", "message": exc.message}}, status_code=exc.status)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        playground.close()

    app = Starlette(
        routes=[
            Route("/", index), Route("/specs", specs), Route("/source", source),
            Route("/eval", evaluate, methods=["POST"]), Route("/grade", grade, methods=["POST"]),
            Route("/save", save, methods=["POST"]),
        ],
        exception_handlers={ApiError: api_error},
        lifespan=lifespan,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


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
