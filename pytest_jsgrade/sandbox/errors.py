"""What the engine threw, as plain data mapped back to the files people wrote.

The binding names every chunk of code `<input>`, so each chunk (a student's file, the spec's
setup, the call) is given its own range of line numbers; a stack frame's line then tells
which chunk, and which line of it, the error came from. Frames in the grader's own code are
dropped: a student never sees the harness.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re
from typing import Any

from .harness import HARNESS_LINES
from .protocol import Frame, Status, ThrownError

_FRAME = re.compile(r"^\s*at (?:(.*?) \()?<input>:(\d+):(\d+)\)?\s*$")
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
GRADER = "<grader>"


class Regions:
    """Maps `<input>` line numbers back to files: every chunk of code gets its own line range.

    Each chunk is prefixed with newlines so that it starts after the previous one.
    """

    def __init__(self) -> None:
        self._spans: list[tuple[int, int, str, int]] = [(1, HARNESS_LINES, GRADER, 0)]
        self._columns: dict[str, dict[int, list[tuple[int, int, int]]]] = {}
        self._texts: dict[str, str] = {}  # the chunks that are not ASCII, to count their columns as people do
        self.next_line = HARNESS_LINES + 1

    def add(self, name: str, text: str, first_line_shift: int = 0, columns: tuple[tuple[int, int, int, int], ...] = ()) -> int:
        """Reserves lines for a chunk; returns how many newlines to put before it. `columns`: where
        the chunk's lines are longer than the file's (a linked module's, source/modules.py Shift)."""
        offset = self.next_line - 1
        last = self.next_line + text.count("\n")
        self._spans.append((self.next_line, last, name, first_line_shift))
        self.next_line = last + 2
        if not text.isascii():
            self._texts[name] = text
        if columns:
            lines = self._columns.setdefault(name, {})
            for line, start, end, delta in columns:
                lines.setdefault(line, []).append((start, end, delta))
        return offset

    def frame(self, function: str, line: int, column: int) -> Frame:
        for first, last, name, shift in reversed(self._spans):
            if first <= line <= last:
                local = line - first + 1
                column = column - shift if local == 1 and shift else column
                if name in self._texts:
                    column = _unit_column(self._texts[name], local, column)
                longer = self._columns.get(name, {}).get(local)
                return Frame(name, local, _unshifted(column, longer) if longer else column, function)
        return Frame(GRADER, line, column, function)


def _unit_column(text: str, line: int, column: int) -> int:
    """QuickJS counts a column in UTF-8 bytes; people, editors and V8 count UTF-16 units."""
    lines = text.split("\n")
    if not 0 < line <= len(lines) or column < 1:
        return column
    head = lines[line - 1].encode("utf-8", "surrogatepass")[: column - 1].decode("utf-8", "ignore")
    return len(head.encode("utf-16-le", "surrogatepass")) // 2 + 1


def _unshifted(column: int, longer: list[tuple[int, int, int]]) -> int:
    """A column of a line as run, in the line as written: what longer replacements before it added
    is taken off, and a column inside a replacement is where the replaced text starts."""
    moved = 0
    for start, end, delta in longer:
        if column >= end:
            moved += delta
        elif column > start:
            return start - moved
        else:
            break
    return column - moved


def parse_stack(stack: str, regions: Regions) -> tuple[Frame, ...]:
    frames = []
    for raw in stack.splitlines():
        match = _FRAME.match(raw)
        if match:
            frame = regions.frame(match.group(1) or "", int(match.group(2)), int(match.group(3)))
            if frame.file != GRADER:
                frames.append(frame)
    return tuple(frames)


def parse_exception(text: str, regions: Regions) -> ThrownError:
    """An uncaught exception as the binding reports it: `Name: message\\n    at ...`."""
    head, _, stack = text.partition("\n    at ")
    stack = "    at " + stack if stack else ""
    head = head.rstrip("\n")
    name, sep, message = head.partition(": ")
    if sep and _NAME.fullmatch(name):
        return ThrownError(name, message, True, parse_stack(stack, regions))
    return ThrownError(None, head, False, parse_stack(stack, regions))


def thrown_from_info(info: dict[str, Any], regions: Regions) -> ThrownError:
    """A thrown value as the harness describes it (js/lib/errors.js `thrownInfo`)."""
    name = info.get("name")
    return ThrownError(name if isinstance(name, str) else None, str(info.get("message", "")), bool(info.get("isError")),
                       parse_stack(str(info.get("stack", "")), regions))


def is_out_of_memory(text: str) -> bool:
    return text.strip() in ("null", "") or "out of memory" in text


def engine_limit(text: str) -> Status | None:
    """The limit an uncatchable engine error stands for (interrupt, out of memory, stack), if any."""
    if text.startswith("InternalError: interrupted"):
        return Status.TIME_LIMIT
    if is_out_of_memory(text):
        return Status.MEMORY_LIMIT
    if "call stack size exceeded" in text or "stack overflow" in text:
        return Status.STACK_OVERFLOW
    return None


def thrown_limit(error: ThrownError) -> Status | None:
    """The limit a *caught* engine error stands for, when a promise job turned it into a rejection."""
    if error.name == "RangeError" and "call stack size exceeded" in error.message:
        return Status.STACK_OVERFLOW
    if error.name == "InternalError" and error.message in ("out of memory", "string too long"):
        return Status.MEMORY_LIMIT
    if error.name == "InternalError" and error.message == "interrupted":
        return Status.TIME_LIMIT
    return None


def missing_import(error: ThrownError) -> ThrownError:
    """QuickJS's "could not load module" in the words a student can act on."""
    match = re.search(r"'([^']*)'", error.message)
    name = match.group(1) if match else "?"
    return ThrownError(
        "Error",
        f"Cannot find module '{name}': an ES module may not import other files or Node's modules in the grader "
        "(keep the code in one file, or use require() for other submission files)",
        True,
        error.frames,
    )


def first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else "time limit exceeded"
