"""A case's verdict: its kind, its score, and the explanation a student reads, as plain data.

Every output (terminal, JUnit, Gradescope, GitHub, the playground) shows the same words because
they all start from this record; nothing here depends on the sandbox, so reports can read
verdicts without importing it.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ..spec.points import ZERO, Points, exact


class Kind(str, enum.Enum):
    """What became of a case. Everything but PASSED fails its item; PASSED always earns every point."""

    PASSED = "passed"
    PARTIAL = "partial"
    WRONG_ANSWER = "wrong_answer"
    WRONG_OUTPUT = "wrong_output"
    THREW = "threw"
    SYNTAX_ERROR = "syntax_error"
    MISSING_FILE = "missing_file"
    TIME_LIMIT = "time_limit"
    MEMORY_LIMIT = "memory_limit"
    STACK_OVERFLOW = "stack_overflow"
    OUTPUT_LIMIT = "output_limit"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    UNSETTLED = "unsettled"
    SANDBOX_ERROR = "sandbox_error"
    SPEC_ERROR = "spec_error"  # the instructor's mistake: reported as a pytest error, not scored
    # Outcomes of cases that have no verdict, as the ledger records them:
    ERROR = "error"  # the case could not be graded (an error outside the verdict)
    NOT_RUN = "not_run"  # the session ended before the case ran
    HIDDEN = "failed"  # a failure whose kind is not shown to students (reports/records.py `shown`)

    @property
    def words(self) -> str:
        """The kind as people say it: "wrong answer", "partial credit"."""
        return "partial credit" if self is Kind.PARTIAL else self.value.replace("_", " ")

    @property
    def is_grading_error(self) -> bool:
        """Whether the grader, not the student, is to blame (a spec mistake, a case never graded)."""
        return self in (Kind.SPEC_ERROR, Kind.ERROR, Kind.NOT_RUN)


Section = tuple[str, str]  # ("expected", "[1, 2]"): a labelled part of the explanation


@dataclass
class Verdict:
    kind: Kind
    score: Points
    max_score: Points
    headline: str  # one line: "wrong answer", "time limit exceeded (1s of CPU time)"
    sections: list[Section] = field(default_factory=list)
    cpu_ms: float = 0.0
    heap_bytes: int = 0
    peak_bytes: int | None = None
    location: str | None = None  # "two_sum.js:12:5", where the student's code failed
    console: str = ""
    hint: str | None = None  # the spec's hint, on a failure

    @property
    def passed(self) -> bool:
        return self.kind is Kind.PASSED

    def settle(self) -> None:
        """Makes the score exact and the kind agree with it (after a hook may have changed either):
        a pass earns exactly every point, and a full score is a pass."""
        self.kind = Kind(self.kind)
        self.score = min(max(exact(self.score), ZERO), self.max_score)
        if self.kind is Kind.PASSED and self.score < self.max_score:
            self.kind = Kind.PARTIAL
        elif self.kind is Kind.PARTIAL and self.score == self.max_score:
            self.kind = Kind.PASSED
