"""One case graded end to end, from a spec and a submission to a verdict: the one code path
that pytest items, the playground and bulk grading all use, so a case gets the same verdict
wherever it is graded.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from ..sandbox.pool import WorkerPool
from ..sandbox.protocol import Budget, CaseJob
from ..spec.limits import Limits
from ..spec.model import Case, JsExpr, Spec
from .judge import Comparator, bad_file, grade, missing_files, spec_error
from .reference import References, needs_reference
from .submission import Submission
from .verdict import Verdict


def budget(limits: Limits) -> Budget:
    """The limits a sandbox enforces, from a case's resolved limits."""
    return Budget(time=limits.time, memory=limits.memory, stack=limits.stack, output=limits.output)


def make_job(spec: Spec, case: Case, submission: Submission) -> CaseJob:
    """The sandbox job of a case whose expectation is known (reference already applied)."""
    expect = case.expect
    return CaseJob(
        files=submission.files,
        call=case.call,
        library=submission.library,
        setup=spec.setup,
        limits=budget(case.limits),
        expect_js=expect.source if case.has_expect and isinstance(expect, JsExpr) else None,
        check_js=case.check,
    )


def upcoming_job(spec: Spec, case: Case, submission: Submission, references: References | None = None) -> CaseJob | None:
    """The job of a case, to send ahead of its turn; None when it cannot be known yet (the
    submission is unusable, or the case waits on a reference solution that has not run yet)."""
    if submission.problem or submission.missing:
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
    if submission.problem:
        return bad_file(case, submission.problem)
    if submission.missing:
        return missing_files(case, submission.missing, looked_in)
    if needs_reference(case):
        effective = references.effective(spec, case, every_case=every_reference)
        if isinstance(effective, str):
            return spec_error(case, effective)
        case = effective
    result = pool.run(make_job(spec, case, submission), key, upcoming)
    return grade(case, result, submission.sources, comparator)
