"""Grading a class in one process: every case of every student through `grade_case`, the one
grading path pytest's items and the playground use, so a student gets the same verdicts and the
same points as `pytest --jsgrade` would give them.

The class is graded on `jobs` lanes, each a thread with a sandbox worker of its own, taking the
next student when it is done with one. A lane keeps its worker's next cases queued while it judges
the current one (the look-ahead pytest's items use), so a worker never waits for Python, and a
slow case on one lane never holds the others up. Reference solutions run once, before any lane
starts. A student's cases land in a Ledger of their own, as in a pytest session, so results.json
and the feedback are written by the same report code; only the small gradebook row of each student
is kept, so memory stays flat however large the class.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import queue
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..grading.case import Explanations, grade_case, upcoming_job
from ..grading.reference import References, needs_reference
from ..reports.ledger import Ledger
from ..reports.records import CaseRecord
from ..sandbox.pool import WorkerPool
from ..sandbox.protocol import CaseJob
from ..source.submission import Submission, load
from ..spec.model import Case, Feedback, Spec, feedback_of, item_name
from .assignment import Assignment
from .layouts import StudentWork


@dataclass
class Graded:
    """One student's outcome: the ledger of their cases, or (for an unchanged submission graded
    by an earlier run) what that run recorded; and what was wrong with the submission as a whole."""

    student: StudentWork
    ledger: Ledger | None
    problems: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    earlier: Any = None  # the earlier run's gradebook row, when reused
    cases: int = 0  # cases graded in this run
    internal_error: bool = False  # an error of the grader's cost a case or the reading: not to be reused


@dataclass
class _Task:
    graded: Graded
    key: str  # the worker pool's key for this case
    nodeid: str
    spec: Spec
    case: Case
    submission: Submission
    feedback: Feedback
    job: CaseJob | None
    explanations: Explanations


@dataclass
class _Finished:
    graded: Graded
    started: float


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class ClassGrader:
    """Grades students against one assignment on `jobs` lanes."""

    def __init__(self, assignment: Assignment, jobs: int = 1, hidden_feedback: Feedback = "outcome",
                 on_error: Callable[[str], None] | None = None) -> None:
        self.assignment = assignment
        self.jobs = max(1, jobs)
        self.references = References(WorkerPool())
        self.hidden_feedback = hidden_feedback
        self.on_error = on_error or (lambda message: None)
        self._pools: list[WorkerPool] = []
        self._stop = threading.Event()

    def close(self) -> None:
        self._stop.set()
        for pool in [*self._pools, self.references.pool]:
            pool.close()

    def grade(self, students: Iterable[StudentWork], reuse: Callable[[StudentWork], Any] = lambda s: None) -> Iterator[Graded]:
        """Each student's outcome as it is ready (not in the order given). `reuse` may answer for a
        student without grading: an earlier run's row for an unchanged submission."""
        self._pools = [WorkerPool() for _ in range(self.jobs)]
        for pool in self._pools:
            pool.warm_up()
        self._run_references()
        source = iter(students)
        taking = threading.Lock()

        def next_student() -> StudentWork | None:
            with taking:
                return None if self._stop.is_set() else next(source, None)

        done: queue.Queue[Graded | _Failed | None] = queue.Queue(maxsize=4 * self.jobs)
        for pool in self._pools:
            threading.Thread(target=self._lane, args=(pool, next_student, reuse, done), name="jsgrade-lane", daemon=True).start()
        running = len(self._pools)
        while running:
            item = done.get()
            if item is None:
                running -= 1
            elif isinstance(item, _Failed):
                self._stop.set()
                raise item.error
            else:
                yield item

    def _run_references(self) -> None:
        """Every reference solution's outcome, once, before the lanes start (they only read them)."""
        for spec in self.assignment.specs:
            for case in spec.cases:
                if needs_reference(case):
                    self.references.effective(spec, case)

    def _lane(self, pool: WorkerPool, next_student: Callable[[], StudentWork | None], reuse: Callable[[StudentWork], Any],
              done: queue.Queue[Graded | _Failed | None]) -> None:
        try:
            for graded in self._graded(pool, self._stream(next_student, reuse)):
                done.put(graded)
        except BaseException as exc:  # reaches the caller of grade(), which stops every lane
            done.put(_Failed(exc))
        finally:
            done.put(None)

    def _graded(self, pool: WorkerPool, stream: Iterator[_Task | _Finished]) -> Iterator[Graded]:
        """Grades the tasks of a stream in order, keeping the next ones queued on the worker."""
        window: deque[_Task | _Finished] = deque()
        ahead = pool.capacity + 2
        exhausted = False
        while not self._stop.is_set():
            while not exhausted and len(window) < ahead:
                step = next(stream, None)
                if step is None:
                    exhausted = True
                else:
                    window.append(step)
            if not window:
                return
            step = window.popleft()
            if isinstance(step, _Finished):
                step.graded.elapsed = time.perf_counter() - step.started
                yield step.graded
                continue
            upcoming = [(t.key, t.job) for t in window if isinstance(t, _Task) and t.job is not None][: pool.capacity]
            self._grade(pool, step, upcoming)

    def _stream(self, next_student: Callable[[], StudentWork | None], reuse: Callable[[StudentWork], Any]) -> Iterator[_Task | _Finished]:
        """The tasks of each student the lane takes, each student closed by a _Finished marker."""
        number = 0
        while (student := next_student()) is not None:
            number += 1
            started = time.perf_counter()
            ledger = Ledger(failures={b.spec_key: b for b in self.assignment.broken})
            graded = Graded(student, ledger, problems=list(student.notes))
            try:
                earlier = reuse(student)
            except Exception as exc:  # the folder could not be fingerprinted: graded again, never the class stopped
                earlier = None
                graded.problems.append(self._unreadable(graded, exc, " to tell whether it changed (graded again)"))
            if earlier is not None:
                yield _Finished(Graded(student, None, earlier=earlier), started)
                continue
            read: dict[tuple[str, ...], Submission] = {}
            explanations = Explanations()
            for spec_key, spec, case in self.assignment.cases():
                submission = self._submission(graded, spec, read)
                feedback = feedback_of(case, self.hidden_feedback)
                nodeid = f"{spec_key}::{item_name(case, feedback)}"
                try:
                    job = upcoming_job(spec, case, submission, self.references)
                except Exception:  # not queued ahead: grading the case says what is wrong, on this student only
                    job = None
                yield _Task(graded, f"{number}\0{nodeid}\0{case.index}", nodeid, spec, case, submission, feedback, job, explanations)
            yield _Finished(graded, started)

    def _unreadable(self, graded: Graded, exc: Exception, why: str = "") -> str:
        """A student's problem for an error of reading their folder (the run goes on, and exits 1)."""
        graded.internal_error = True
        self.on_error(f"{graded.student.id} (reading the submission):\n{traceback.format_exc()}")
        return f"could not be read{why}: {type(exc).__name__}: {str(exc)[:200]}"

    def _submission(self, graded: Graded, spec: Spec, read: dict[tuple[str, ...], Submission]) -> Submission:
        """The spec's files from the student's folder, read once per student and spec; what is
        missing or unusable becomes one of the student's problems."""
        found = read.get(spec.files)
        if found is None:
            try:
                found = load(graded.student.folder, spec.files, typescript=spec.typescript)
            except Exception as exc:  # a bug of the reader's, or a folder it cannot cope with: this student only
                found = Submission(problem=self._unreadable(graded, exc))
            read[spec.files] = found
            if found.missing:
                graded.problems.append(f"missing {', '.join(found.missing)}")
            elif found.problem:
                graded.problems.append(found.problem)
            graded.problems += [f"note: {note}" for note in found.notes]
        return found

    def _grade(self, pool: WorkerPool, task: _Task, upcoming: list[tuple[str, CaseJob]]) -> None:
        ledger = task.graded.ledger
        assert ledger is not None
        record = CaseRecord.collected(task.nodeid, task.spec, task.case, feedback=task.feedback)
        try:
            verdict = grade_case(pool, task.spec, task.case, task.submission, self.references,
                                 looked_in=f"the submission of {task.graded.student.id}", key=task.key, upcoming=upcoming)
            verdict.settle()
            record = record.with_verdict(task.explanations.once(task.spec, task.case, verdict, task.feedback))
        except Exception as exc:  # a bug of the grader's: this case is lost, never the class
            record = record.ungraded(f"the case could not be graded ({type(exc).__name__}: {exc})")
            task.graded.problems.append("a case could not be graded (an error of the grader's; see its log)")
            task.graded.internal_error = True
            self.on_error(f"{task.graded.student.id} {task.nodeid}:\n{traceback.format_exc()}")
        ledger.cases[task.nodeid] = record
        task.graded.cases += 1
