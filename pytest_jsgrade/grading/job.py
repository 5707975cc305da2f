"""The parts of a sandbox job a case's expectations decide: which `!js` value the sandbox
evaluates, and the steps of a scenario (used for the student's run and the reference's alike).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from ..sandbox.protocol import StepJob
from ..spec.model import Case, Expectations, JsExpr


def expect_js(expects: Expectations) -> str | None:
    """The `!js` expected value's source, which a clean sandbox evaluates."""
    return expects.expect.source if expects.has_expect and isinstance(expects.expect, JsExpr) else None


def step_jobs(case: Case) -> tuple[StepJob, ...]:
    return tuple(StepJob(step.code, step.is_statement, step.expects.throws is not None, expect_js(step.expects), step.expects.check)
                 for step in case.steps)
