"""The pytest side of a spec: a SpecFile collector that yields one CaseItem per case.

The case runs in `setup` (so an error in the spec itself is a pytest *error*, not a failure;
never under --setup-only or --setup-plan),
`runtest` raises when the verdict is not a pass, and `repr_failure` renders the verdict.
Everything a report needs travels on `item.user_properties` as one record (reports/records.py),
so it reaches the xdist controller unchanged.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .grading.case import grade_case, upcoming_job
from .grading.compare import Mismatch
from .grading.generate import expand
from .grading.judge import default_comparator
from .grading.reference import check_findings
from .grading.verdict import Kind, Verdict
from .reports.records import PROPERTY, SPEC_ERROR_PROPERTY, CaseRecord, encode_spec_error
from .reports.text import failure
from .sandbox.protocol import CaseJob
from .session import STATE, SessionState
from .spec.build import build, estimate_points
from .spec.errors import SpecError
from .spec.loader import load_yaml
from .spec.model import Case, Feedback, Spec, feedback_of, item_name
from .spec.points import Points


class SpecFile(pytest.File):
    """A spec file; yields one CaseItem per case. A bad spec yields one SpecErrorItem instead: a pytest
    *error* that names the file and line, and that the other specs' grading goes on after (a
    collection error would stop the whole run, unless the user's own setting said otherwise)."""

    def collect(self) -> Any:
        state = self.config.stash[STATE]
        try:
            document = state.documents.pop(self.path, None)
            spec = build(self.path, document if document is not None else load_yaml(self.path))
            spec = expand(spec, state.pool)
        except SpecError as exc:
            where = f"{self.nodeid}:{exc.line}" if exc.line else self.nodeid
            yield SpecErrorItem.from_parent(self, name="spec error", message=f"{where}: {exc.message}",
                                            points=estimate_points(self.path))
            return
        for case in spec.cases:
            feedback = feedback_of(case, state.settings.hidden_feedback)
            yield CaseItem.from_parent(self, name=item_name(case, feedback), spec=spec, case=case, feedback=feedback)
        if state.settings.check:
            yield CheckItem.from_parent(self, name="spec check", spec=spec)


class SpecErrorItem(pytest.Item):
    """A spec that could not be loaded: an error in setup, worth the spec's points (as far as they
    can be told), which the ledger counts (reports/records.py, SPEC_ERROR_PROPERTY)."""

    def __init__(self, *, message: str, points: Points, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = message
        self.user_properties.append((SPEC_ERROR_PROPERTY, encode_spec_error(self.nodeid.split("::", 1)[0], message, points)))

    def setup(self) -> None:
        pytest.fail(f"jsgrade spec error: {self.message}", pytrace=False)

    def runtest(self) -> None:  # never reached: setup fails
        pass

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.path.name} could not be loaded"


class CaseFailed(Exception):
    """The case ran and did not earn full points."""


class CaseItem(pytest.Item):
    def __init__(self, *, spec: Spec, case: Case, feedback: Feedback = "full", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.case = case
        self.verdict: Verdict | None = None
        # What reports need even if the case never runs; setup adds the verdict.
        self.record = CaseRecord.collected(self.nodeid, spec, case, feedback=feedback)
        self.user_properties.append((PROPERTY, self.record.encode()))

    def _set_record(self, record: CaseRecord) -> None:
        self.record = record
        self.user_properties[:] = [(name, value) for name, value in self.user_properties if name != PROPERTY]
        self.user_properties.append((PROPERTY, record.encode()))

    def setup(self) -> None:
        """Grades the case here, so that a mistake in the spec is a pytest *error*. Runs that only
        show or set up (--setup-only, --setup-plan) never run the student's code."""
        option = self.config.option
        if getattr(option, "setuponly", False) or getattr(option, "setupplan", False):
            return
        state = self.config.stash[STATE]
        verdict = self._grade(state)
        self.config.hook.pytest_jsgrade_adjust_verdict(item=self, case=self.case, verdict=verdict)
        verdict.settle()  # a hook may have set the kind as text, or a score that is not exact
        self.verdict = verdict
        self._set_record(self.record.with_verdict(verdict))
        if verdict.kind is Kind.SPEC_ERROR:
            # An error in setup is a pytest *error*; pytrace=False prints just our message.
            pytest.fail(failure(self.record), pytrace=False)

    def job(self, state: SessionState) -> CaseJob | None:
        """The sandbox job of this case, to send ahead; None when it cannot be known yet (the
        submission is unusable, or the case waits on its reference solution)."""
        return upcoming_job(self.spec, self.case, state.submission_for(self.spec), state.references)

    def _grade(self, state: SessionState) -> Verdict:
        verdict = grade_case(
            state.pool, self.spec, self.case, state.submission_for(self.spec), state.references,
            looked_in=str(state.settings.submission), comparator=self._compare, key=self.nodeid,
            upcoming=self._upcoming(state), every_reference=state.settings.check,
        )
        return state.explanations.once(self.spec, self.case, verdict, self.record.feedback)

    def _upcoming(self, state: SessionState) -> list[tuple[str, CaseJob]]:
        """The next cases of this session not yet sent, to run while pytest reports this one. An
        xdist worker knows only the item after this one (its scheduler hands out the rest later)."""
        under_xdist = hasattr(self.config, "workerinput")
        found: list[tuple[str, CaseJob]] = []
        item: pytest.Item = self
        for _ in range(1 if under_xdist else state.pool.capacity):
            following = state.nextitem if under_xdist else state.next_item(self.session, item)
            if not isinstance(following, CaseItem):
                break
            item = following
            if state.pool.holds(item.nodeid):
                continue
            job = item.job(state)
            if job is None:
                break
            found.append((item.nodeid, job))
        return found

    def _compare(self, case: Case, expected: Any, actual: Any) -> Mismatch | None:
        answer = self.config.hook.pytest_jsgrade_compare(case=case, expected=expected, actual=actual)
        if answer is None:
            return default_comparator(case, expected, actual)
        if answer is True:
            return None
        if isinstance(answer, Mismatch):
            return answer
        return Mismatch("", answer if isinstance(answer, str) else "the custom comparison rejected the value")

    def runtest(self) -> None:
        assert self.verdict is not None
        if not self.verdict.passed:
            raise CaseFailed(self.verdict.headline)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return failure(self.record)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, self.record.title


class CheckFailed(Exception):
    def __init__(self, findings: list[str]) -> None:
        super().__init__("; ".join(findings))
        self.findings = findings


class CheckItem(pytest.Item):
    """--jsgrade-check: what is wrong with a spec beyond its cases failing on the reference."""

    def __init__(self, *, spec: Spec, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec

    def runtest(self) -> None:
        findings = check_findings(self.spec, self.config.stash[STATE].references)
        if findings:
            raise CheckFailed(findings)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CheckFailed):
            return f"{self.spec.title}: the spec check found\n" + "\n".join(f"  - {f}" for f in excinfo.value.findings)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.spec.title} › spec check"
