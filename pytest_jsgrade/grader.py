"""Grading one case from a spec and a submission: the one code path that pytest items and the
playground both use, so a case gets the same verdict wherever it is graded.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from .grading import Comparator, Verdict, bad_file, grade, missing_files, spec_error
from .jobs import CaseJob
from .reference import References, effective_case, needs_reference
from .spec import Case, Spec
from .submission import Submission
from .values import JsExpr
from .workers import WorkerPool


def make_job(spec: Spec, case: Case, submission: Submission) -> CaseJob:
    """The sandbox job of a case whose expectation is known (reference already applied)."""
    expect = case.expect
    return CaseJob(
        files=submission.files,
        call=case.call,
        library=submission.library,
        setup=spec.setup,
        limits=case.limits,
        expect_js=expect.source if case.has_expect and isinstance(expect, JsExpr) else None,
        check_js=case.check,
    )


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
        effective = effective_case(case, references.outcome(spec, case, every_case=every_reference))
        if isinstance(effective, str):
            return spec_error(case, effective)
        case = effective
    result = pool.run(make_job(spec, case, submission), key, upcoming)
    return grade(case, result, submission.sources, comparator)
