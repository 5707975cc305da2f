"""Progress of a bulk run: a bar that redraws itself on a terminal, and a plain line every few
seconds otherwise (CI logs, Slurm output files), with students done, cases per second and the
time left.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 24
TERMINAL_EVERY = 0.2  # seconds between redraws on a terminal
LOG_EVERY = 5.0  # seconds between lines in a log


def clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    def __init__(self, stream: TextIO, students: int, cases_per_student: int, quiet: bool = False) -> None:
        self.stream = stream
        self.students = students
        self.cases_total = students * cases_per_student
        self.quiet = quiet
        self.terminal = stream.isatty()
        self.started = self.last = time.monotonic()
        self.done = self.cases = self.reused = 0
        self.cases_left = self.cases_total

    def student(self, graded_cases: int, reused: bool, per_student: int) -> None:
        self.done += 1
        self.cases += graded_cases
        self.reused += reused
        self.cases_left -= per_student
        now = time.monotonic()
        if not self.quiet and now - self.last >= (TERMINAL_EVERY if self.terminal else LOG_EVERY):
            self.last = now
            self._show(now)

    def line(self, now: float | None = None) -> str:
        elapsed = (now or time.monotonic()) - self.started
        rate = self.cases / elapsed if elapsed > 0 else 0.0
        left = f"{clock(self.cases_left / rate)} left" if rate and self.cases_left else "–"
        reused = f" ({self.reused} unchanged)" if self.reused else ""
        return f"{self.done}/{self.students} students{reused} · {rate:,.0f} cases/s · {left}"

    def _show(self, now: float) -> None:
        if self.terminal:
            filled = BAR_WIDTH * self.done // max(1, self.students)
            self.stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.line(now)}\x1b[K")
        else:
            self.stream.write(f"jsgrade: {self.line(now)}\n")
        self.stream.flush()

    def finish(self) -> float:
        """Ends the bar; returns the seconds the run took."""
        elapsed = time.monotonic() - self.started
        if self.terminal and not self.quiet and self.done:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        return elapsed
