"""The ledger: every case and every broken spec of a session, and the one place totals are summed.

Reports are what reach the process that writes results (the xdist controller included), so the
ledger is filled from them, and the score table, JUnit, Gradescope's results.json and GitHub
Classroom's result all read their totals here and agree with each other. Cases that were
collected but never reported (an interrupted session) are kept too, as "not run", so no report
silently loses points.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest

from ..spec.model import Visibility
from ..spec.points import ZERO, Points
from .records import CaseRecord, SpecFailure, record_of, spec_error_of


@dataclass(frozen=True)
class Totals:
    """Points and counts of a set of cases, with the estimated points of broken specs in `possible`."""

    earned: Points = ZERO
    possible: Points = ZERO
    passed: int = 0
    cases: int = 0
    cpu_ms: float = 0.0
    max_heap: int = 0
    broken: int = 0  # specs that could not be loaded
    unknown_points: int = 0  # broken specs whose worth could not be told (counted as 0)

    @classmethod
    def of(cls, cases: Iterable[CaseRecord], failures: Iterable[SpecFailure] = ()) -> Totals:
        cases, failures = list(cases), list(failures)
        return cls(
            earned=sum((c.points for c in cases), ZERO),
            possible=sum((c.max_points for c in cases), ZERO) + sum((f.max_points for f in failures), ZERO),
            passed=sum(1 for c in cases if c.passed),
            cases=len(cases),
            cpu_ms=sum(c.cpu_ms for c in cases),
            max_heap=max((c.heap_bytes for c in cases), default=0),
            broken=len(failures),
            unknown_points=sum(1 for f in failures if not f.max_points),
        )


@dataclass
class Ledger:
    cases: dict[str, CaseRecord] = field(default_factory=dict)
    failures: dict[str, SpecFailure] = field(default_factory=dict)

    # -- reading it -----------------------------------------------------------------------

    def spec_keys(self) -> list[str]:
        """Spec order: by path, so numbering is the same in serial and xdist runs."""
        return sorted({c.spec_key for c in self.cases.values()} | set(self.failures))

    def cases_of(self, spec_key: str) -> list[CaseRecord]:
        return sorted((c for c in self.cases.values() if c.spec_key == spec_key), key=lambda c: c.case_index)

    def spec_title(self, spec_key: str) -> str:
        cases = self.cases_of(spec_key)
        return cases[0].spec_title if cases else spec_key.rsplit("/", 1)[-1]

    def spec_totals(self, spec_key: str) -> Totals:
        failure = self.failures.get(spec_key)
        return Totals.of(self.cases_of(spec_key), [failure] if failure else [])

    def totals(self, visibility: Visibility | None = None) -> Totals:
        """Every case's, with the estimated points of broken specs; or only the cases of one
        visibility (broken specs have none)."""
        if visibility is None:
            return Totals.of(self.cases.values(), self.failures.values())
        return Totals.of(c for c in self.cases.values() if c.visibility == visibility)

    # -- filling it -----------------------------------------------------------------------

    def collected(self, record: CaseRecord) -> None:
        self.cases.setdefault(record.nodeid, record)

    def deselected(self, nodeid: str) -> None:
        self.cases.pop(nodeid, None)

    def reported(self, report: pytest.TestReport) -> None:
        broken = spec_error_of(report.user_properties)
        if broken is not None:
            self.failures[broken.spec_key] = broken
            return
        if report.when != "teardown" and report.nodeid in self.cases:
            return  # only the teardown report's record changes what is known (decoding is most of a report's cost)
        record = record_of(report.user_properties)
        if record is None:
            return
        known = self.cases.setdefault(report.nodeid, record)
        if report.when != "teardown":
            return
        if record.graded:
            self.cases[report.nodeid] = record
        elif not known.graded:
            self.cases[report.nodeid] = record.ungraded("the case could not be graded")

    def collection_failed(self, spec_key: str, message: str, estimated_points: Points) -> None:
        self.failures[spec_key] = SpecFailure(spec_key, message, estimated_points)
