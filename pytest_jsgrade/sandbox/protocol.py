"""What crosses the pipe between pytest's process and a sandbox worker, in both directions.

A job goes down (`CaseJob`, one JSON line), a result comes back (`RunResult`, one JSON line).
Everything here is plain data: nothing the worker sends can make the parent run code, even if
a submission took the worker over. This module is the only place that encodes or decodes
either direction, and it imports nothing beyond the standard library, so pytest's process can
speak the protocol without ever importing the JavaScript engine.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

READY = "ready"  # the worker's first line: it has booted (then JSON: how it runs cases, see worker.py)
STARTED = "started"  # the worker's line before each result: it has begun the next case
KB = 1 << 10
MB = 1 << 20


@dataclass(frozen=True)
class Budget:
    """The limits a sandbox enforces on one case. Specs write limits their own way (relative
    times, units); by the time a case is a job they are these four numbers."""

    time: float = 1.0  # CPU seconds for loading the files, the setup and the call
    memory: int = 64 * MB  # QuickJS heap bytes the submission may allocate
    stack: int = 8 * MB  # QuickJS stack bytes (about 600 JS frames per MB)
    output: int = 64 * KB  # console output characters


class Status(str, enum.Enum):
    """What happened in the sandbox. grading/judge.py turns a status into a verdict."""

    RETURNED = "returned"
    THREW = "threw"
    SYNTAX_ERROR = "syntax_error"
    LOAD_ERROR = "load_error"
    SETUP_ERROR = "setup_error"
    TIME_LIMIT = "time_limit"
    MEMORY_LIMIT = "memory_limit"
    STACK_OVERFLOW = "stack_overflow"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    UNSETTLED = "unsettled"
    SANDBOX_ERROR = "sandbox_error"

    @property
    def words(self) -> str:
        """The status as a person would say it: "time limit"."""
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class SourceFile:
    """A submission file as loaded: its display path (relative to the submission) and text."""

    path: str
    text: str
    is_module: bool = False
    linked: bool = False  # an ES module linked in Python (source/linking.py): `text` is its registration script
    columns: tuple[tuple[int, int, int, int], ...] = ()  # a linked file's longer lines (source/modules.py Shift)


@dataclass(frozen=True)
class StepJob:
    """One step of a scenario: statements run as a script, or a call whose outcome is reported."""

    code: str
    is_statement: bool = False
    may_throw: bool = False  # the step expects an exception: the steps after it still run
    expect_js: str | None = None
    check_js: str | None = None


@dataclass(frozen=True)
class CaseJob:
    """Everything one case needs; it holds no expected value of the spec."""

    files: tuple[SourceFile, ...]
    call: str
    library: tuple[SourceFile, ...] = ()  # other submission files, reachable with require()
    setup: str | None = None
    limits: Budget = Budget()
    expect_js: str | None = None  # a `!js` expected value, evaluated in a clean sandbox
    check_js: str | None = None  # an instructor predicate, run in a clean sandbox on a copy
    steps: tuple[StepJob, ...] = ()  # a scenario: these run in order instead of `call`

    @property
    def student_files(self) -> tuple[str, ...]:
        """The files a failure may point into: the entry files and the linked modules they import."""
        return tuple(f.path for f in self.files) + tuple(f.path for f in self.library if f.linked)


@dataclass(frozen=True)
class Frame:
    """One stack frame, mapped back to the file the student wrote (or `<call>`, `<setup>`)."""

    file: str
    line: int
    column: int
    function: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        named = self.function and self.function not in ("<eval>", "<anonymous>")
        return f"{self.function} ({where})" if named else where


@dataclass(frozen=True)
class ThrownError:
    """A thrown value as plain data. `name` is None when something other than an Error was thrown."""

    name: str | None
    message: str
    is_error: bool = True
    frames: tuple[Frame, ...] = ()

    @property
    def headline(self) -> str:
        if not self.is_error:
            return f"threw {self.message} (not an Error)"
        return f"{self.name}: {self.message}" if self.message else str(self.name)

    def location(self, files: tuple[str, ...]) -> Frame | None:
        """The innermost frame in one of the student's files."""
        return next((f for f in self.frames if f.file in files), None)


@dataclass
class StepResult:
    """What one step of a scenario did (the steps' shared limits are the case's)."""

    status: Status
    value: str | None = None
    error: ThrownError | None = None
    detail: str = ""
    console: str = ""  # printed during this step
    expected: str | None = None
    expected_error: str | None = None
    check_score: float | None = None
    check_error: str | None = None


@dataclass
class RunResult:
    """What happened in one case, as plain data. `console` is what the call printed; what the
    files printed while loading (and the setup) is `load_console`. A scenario's steps each have a
    StepResult, in order, up to the one that stopped the case (which `status` then tells)."""

    status: Status
    value: str | None = None  # the returned value, in the wire format that grading/values.py decodes
    error: ThrownError | None = None
    detail: str = ""
    console: str = ""
    output_exceeded: bool = False
    cpu_ms: float = 0.0
    heap_bytes: int = 0
    peak_bytes: int | None = None  # process peak, where a worker could measure it
    expected: str | None = None  # the `!js` expected value, wire format
    expected_error: str | None = None
    check_score: float | None = None
    check_error: str | None = None
    files: tuple[str, ...] = field(default_factory=tuple)
    load_console: str = ""
    steps: tuple[StepResult, ...] = ()


# -- down the pipe: jobs ----------------------------------------------------------------------

Sources = tuple[tuple[SourceFile, ...], tuple[SourceFile, ...]]  # a job's files and library
_SOURCES_JSON: dict[tuple[int, int], tuple[Sources, str]] = {}


def _files_json(files: tuple[SourceFile, ...]) -> list[dict[str, Any]]:
    return [{"path": f.path, "text": f.text, "is_module": f.is_module, "linked": f.linked, "columns": f.columns} for f in files]


def _sources_json(files: tuple[SourceFile, ...], library: tuple[SourceFile, ...]) -> str:
    """A job's files as JSON, serialized once per pair of tuples (every case of a spec shares
    them), so that comparing it with the last one sent is an identity check."""
    key = (id(files), id(library))
    cached = _SOURCES_JSON.get(key)
    if cached is not None and cached[0][0] is files and cached[0][1] is library:
        return cached[1]
    text = json.dumps({"files": _files_json(files), "library": _files_json(library)}, ensure_ascii=True)
    if len(_SOURCES_JSON) > 256:
        _SOURCES_JSON.clear()
    _SOURCES_JSON[key] = ((files, library), text)
    return text


@lru_cache(maxsize=256)
def _budget_json(budget: Budget) -> str:
    return json.dumps({"time": budget.time, "memory": budget.memory, "stack": budget.stack, "output": budget.output})


def encode_job(job: CaseJob, sources_sent: str | None = None) -> tuple[str, str]:
    """The job as one JSON line, and its files' JSON. The files are replaced by "same" when they
    are `sources_sent`, the files of the job sent before (every case of a spec has the same)."""
    sources = _sources_json(job.files, job.library)
    rest = json.dumps({"call": job.call, "setup": job.setup, "expect_js": job.expect_js, "check_js": job.check_js,
                       "steps": [[s.code, s.is_statement, s.may_throw, s.expect_js, s.check_js] for s in job.steps]},
                      ensure_ascii=True)
    shown = '"same"' if sources is sources_sent or sources == sources_sent else sources
    return '{"sources": ' + shown + ', "limits": ' + _budget_json(job.limits) + ", " + rest[1:], sources


def _source_file(raw: dict[str, Any]) -> SourceFile:
    columns = tuple((int(a), int(b), int(c), int(d)) for a, b, c, d in raw.get("columns", ()))
    return SourceFile(str(raw["path"]), str(raw["text"]), bool(raw["is_module"]), bool(raw.get("linked", False)), columns)


class JobDecoder:
    """The worker's side of encode_job: it remembers the files of the last job for "same"."""

    def __init__(self) -> None:
        self.files: tuple[SourceFile, ...] = ()
        self.library: tuple[SourceFile, ...] = ()

    def decode(self, text: str) -> CaseJob:
        raw = json.loads(text)
        sources = raw["sources"]
        if sources != "same":
            self.files = tuple(_source_file(f) for f in sources["files"])
            self.library = tuple(_source_file(f) for f in sources["library"])
        limits = raw["limits"]
        steps = tuple(StepJob(str(code), bool(statement), bool(may_throw), expect_js, check_js)
                      for code, statement, may_throw, expect_js, check_js in raw["steps"])
        return CaseJob(files=self.files, call=str(raw["call"]), library=self.library, setup=raw["setup"],
                       limits=Budget(float(limits["time"]), int(limits["memory"]), int(limits["stack"]), int(limits["output"])),
                       expect_js=raw["expect_js"], check_js=raw["check_js"], steps=steps)


# -- up the pipe: results ---------------------------------------------------------------------

_SCALARS = ("value", "detail", "console", "output_exceeded", "cpu_ms", "heap_bytes", "peak_bytes", "expected",
            "expected_error", "check_score", "check_error", "load_console")
_STEP_SCALARS = ("value", "detail", "console", "expected", "expected_error", "check_score", "check_error")


def _error_json(error: ThrownError | None) -> Any:
    return None if error is None else {
        "name": error.name, "message": error.message, "is_error": error.is_error,
        "frames": [[f.file, f.line, f.column, f.function] for f in error.frames],
    }


def _error_of(error: Any) -> ThrownError | None:
    if error is None:
        return None
    frames = tuple(Frame(str(f[0]), int(f[1]), int(f[2]), str(f[3])) for f in error["frames"])
    return ThrownError(_optional(error["name"], str), str(error["message"]), bool(error["is_error"]), frames)


def encode_result(result: RunResult) -> str:
    """A result as one JSON line (ASCII, so it survives any pipe encoding)."""
    raw: dict[str, Any] = {"status": result.status.value}
    for name in _SCALARS:
        raw[name] = getattr(result, name)
    raw["error"] = _error_json(result.error)
    raw["files"] = list(result.files)
    raw["steps"] = [{"status": step.status.value, "error": _error_json(step.error), **{name: getattr(step, name) for name in _STEP_SCALARS}}
                    for step in result.steps]
    return json.dumps(raw, ensure_ascii=True)


def _optional(value: Any, kind: type) -> Any:
    return None if value is None else kind(value)


def decode_result(text: str) -> RunResult:
    """The parent's side of encode_result. Every field is checked for its type: a worker that
    a submission took over can send anything, and it must come out as data or not at all."""
    raw = json.loads(text)
    if not isinstance(raw, dict):
        raise ValueError("a result must be a JSON object")
    steps = tuple(
        StepResult(status=Status(step["status"]), value=_optional(step["value"], str), error=_error_of(step["error"]),
                   detail=str(step["detail"]), console=str(step["console"]), expected=_optional(step["expected"], str),
                   expected_error=_optional(step["expected_error"], str), check_score=_optional(step["check_score"], float),
                   check_error=_optional(step["check_error"], str))
        for step in raw["steps"]
    )
    return RunResult(
        status=Status(raw["status"]),
        value=_optional(raw["value"], str),
        error=_error_of(raw.get("error")),
        detail=str(raw["detail"]),
        console=str(raw["console"]),
        output_exceeded=bool(raw["output_exceeded"]),
        cpu_ms=float(raw["cpu_ms"]),
        heap_bytes=int(raw["heap_bytes"]),
        peak_bytes=_optional(raw["peak_bytes"], int),
        expected=_optional(raw["expected"], str),
        expected_error=_optional(raw["expected_error"], str),
        check_score=_optional(raw["check_score"], float),
        check_error=_optional(raw["check_error"], str),
        files=tuple(str(f) for f in raw["files"]),
        load_console=str(raw["load_console"]),
        steps=steps,
    )
