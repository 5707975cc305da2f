"""What crosses the boundary to a sandbox worker: a case to run and what happened, as plain data.

Kept apart from sandbox.py so that pytest's process, which only sends jobs and reads results,
never imports the JavaScript engine.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .limits import DEFAULT_LIMITS, Limits


class Status:
    """What happened in the sandbox. Scoring (grading.py) turns these into verdicts."""

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


@dataclass(frozen=True)
class SourceFile:
    """A submission file as loaded: its display path (relative to the submission) and text."""

    path: str
    text: str
    is_module: bool = False


@dataclass(frozen=True)
class CaseJob:
    """Everything one case needs; contains no expected values of the spec."""

    files: tuple[SourceFile, ...]
    call: str
    library: tuple[SourceFile, ...] = ()  # other submission files, reachable with require()
    setup: str | None = None
    limits: Limits = DEFAULT_LIMITS
    expect_js: str | None = None  # a `!js` expected value, evaluated in a clean sandbox
    check_js: str | None = None  # an instructor predicate, run in a clean sandbox on a copy


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
class RunResult:
    """What happened in one case, as plain data."""

    status: str
    value: str | None = None  # the returned value, in the wire format of values.py
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
