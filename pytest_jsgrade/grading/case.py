"""One case graded end to end, from a spec and a submission to a verdict: the one code path
that pytest items, the playground and bulk grading all use, so a case gets the same verdict
wherever it is graded.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from ..sandbox.pool import WorkerPool
from ..sandbox.protocol import Budget, CaseJob
from ..source.submission import Submission
from ..spec.limits import Limits
from ..spec.model import Case, Feedback, Spec
from .expectations import Comparator
from .job import expect_js, step_jobs
from .judge import bad_file, grade, missing_files, spec_error
from .reference import References, needs_reference
from .verdict import Kind, Verdict


def budget(limits: Limits) -> Budget:
    """The limits a sandbox enforces, from a case's resolved limits."""
    return Budget(time=limits.time, memory=limits.memory, stack=limits.stack, output=limits.output)


def make_job(spec: Spec, case: Case, submission: Submission) -> CaseJob:
    """The sandbox job of a case whose expectation is known (reference already applied)."""
    steps = step_jobs(case)
    return CaseJob(
        files=submission.files,
        call=case.call if not steps else "",
        library=submission.library,
        setup=spec.setup,
        limits=budget(case.limits),
        expect_js=expect_js(case.expects),
        check_js=case.check,
        steps=steps,
    )


def upcoming_job(spec: Spec, case: Case, submission: Submission, references: References | None = None) -> CaseJob | None:
    """The job of a case, to send ahead of its turn; None when it cannot be known yet (the
    submission is unusable, or the case waits on a reference solution that has not run yet)."""
    if submission.problem or submission.missing or submission.failed is not None:
        return None
    if needs_reference(case):
        effective = references.known(spec, case) if references is not None else None
        if effective is None or isinstance(effective, str):
            return None
        case = effective
    return make_job(spec, case, submission)


def grade_case(
    pool: WorkerPool,
    spec: Spec,
    case: Case,
    submission: Submission,
    references: References,
    *,
    looked_in: str = "",
    comparator: Comparator | None = None,
    key: str = "",
    upcoming: list[tuple[str, CaseJob]] | None = None,
    every_reference: bool = False,
) -> Verdict:
    """Runs one case in the sandbox and grades it."""
    verdict = _graded(pool, spec, case, submission, references, looked_in, comparator, key, upcoming, every_reference)
    if submission.notes and not verdict.passed:
        verdict.sections.append(("note", "\n".join(submission.notes)))
    return verdict


def _graded(pool: WorkerPool, spec: Spec, case: Case, submission: Submission, references: References, looked_in: str,
            comparator: Comparator | None, key: str, upcoming: list[tuple[str, CaseJob]] | None, every_reference: bool) -> Verdict:
    if submission.problem:
        verdict = bad_file(case, submission.problem)
        if submission.missing and looked_in:
            verdict.sections.append(("looked in", looked_in))
        return verdict
    if submission.missing:
        return missing_files(case, submission.missing, looked_in)
    if submission.failed is not None:
        return grade(case, submission.failed, submission.sources, comparator)
    if needs_reference(case):
        effective = references.effective(spec, case, every_case=every_reference)
        if isinstance(effective, str):
            return spec_error(case, effective)
        case = effective
    result = pool.run(make_job(spec, case, submission), key, upcoming)
    return grade(case, result, submission.sources, comparator)


WHOLE_SUBMISSION = (Kind.SYNTAX_ERROR, Kind.MISSING_FILE)  # failures of a file, the same for every case of a spec


class Explanations:
    """A failure of the submission as a whole (a file with a syntax error, a file that throws while
    loading, a missing file) is the same in every case of a spec: it is explained in full in the
    first case a student can read in full, and the others refer to that one."""

    def __init__(self) -> None:
        self._first: dict[tuple[str, str, str], str] = {}

    def once(self, spec: Spec, case: Case, verdict: Verdict, feedback: Feedback = "full") -> Verdict:
        whole = verdict.kind in WHOLE_SUBMISSION or (verdict.kind is Kind.THREW and verdict.headline.endswith("threw while loading"))
        if not whole:
            return verdict
        key = (str(spec.path), verdict.kind.value, verdict.headline)
        first = self._first.get(key)
        if first is None:
            if feedback == "full":
                self._first[key] = spec.title_of(case)
            return verdict
        kept = [row for row in verdict.sections if row[0] in ("call", "steps")]
        verdict.sections = kept + [("see", f"{first}: the same error, explained there")]
        return verdict
