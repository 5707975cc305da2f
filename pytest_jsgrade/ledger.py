"""Every graded case and every broken spec of a session, gathered from test reports.

Reports are what reach the process that writes results (the xdist controller included),
so the score table, Gradescope's results.json and GitHub Classroom's result all read this
one ledger and agree with each other. Cases that were collected but never reported (an
interrupted session) are kept too, as "not run", so no report silently loses points.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .spec import SpecError, load_yaml

PROPERTY = "jsgrade"


def case_figures(user_properties: list[tuple[str, Any]]) -> dict[str, Any] | None:
    """What a graded case carries to reports: one user property, `jsgrade`, holding a dict (the
    spec, the case and, once it ran, its verdict and figures). One property, not one per figure:
    pytest's own JUnit writer formats every property of every case, only for junit.py to replace
    them, and that cost more than the rest of a trivial case's reporting."""
    for name, value in user_properties:
        if name == PROPERTY and isinstance(value, dict):
            return value
    return None


@dataclass
class CaseRecord:
    nodeid: str
    spec_key: str  # the spec file's node id
    spec_title: str
    spec_file: str
    case_index: int
    name: str
    call: str
    max_points: float
    visibility: str
    points: float = 0.0
    outcome: str = "not_run"
    headline: str = "not run: the grading session ended before this case ran"
    message: str = ""
    cpu_ms: float = 0.0
    memory_bytes: int = 0
    peak_memory_bytes: int | None = None
    location: str = ""

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"


@dataclass
class SpecFailure:
    """A spec that could not be collected: worth its points (when they can be told), earned 0."""

    spec_key: str
    message: str
    max_points: float


@dataclass
class Ledger:
    cases: dict[str, CaseRecord] = field(default_factory=dict)
    failures: dict[str, SpecFailure] = field(default_factory=dict)
    rootpath: Path = Path(".")

    def spec_keys(self) -> list[str]:
        """Spec order: by path, so numbering is the same in serial and xdist runs."""
        return sorted({c.spec_key for c in self.cases.values()} | set(self.failures))

    def cases_of(self, spec_key: str) -> list[CaseRecord]:
        return sorted((c for c in self.cases.values() if c.spec_key == spec_key), key=lambda c: c.case_index)

    @property
    def score(self) -> float:
        return round(sum(c.points for c in self.cases.values()), 6)

    @property
    def max_score(self) -> float:
        return round(sum(c.max_points for c in self.cases.values()) + sum(f.max_points for f in self.failures.values()), 6)

    # -- filling it -----------------------------------------------------------------------

    def _record(self, nodeid: str, props: dict[str, Any]) -> CaseRecord:
        record = self.cases.get(nodeid)
        if record is None:
            record = self.cases[nodeid] = CaseRecord(
                nodeid=nodeid,
                spec_key=nodeid.split("::", 1)[0],
                spec_title=str(props["jsgrade_spec"]),
                spec_file=str(props["jsgrade_spec_file"]),
                case_index=int(props["jsgrade_case_index"]),
                name=str(props["jsgrade_case"]),
                call=str(props["jsgrade_call"]),
                max_points=float(props["max_points"]),
                visibility=str(props["jsgrade_visibility"]),
            )
        return record

    def collected(self, item: pytest.Item) -> None:
        props = case_figures(item.user_properties)
        if props is not None:
            self._record(item.nodeid, props)

    def reported(self, report: pytest.TestReport) -> None:
        props = case_figures(report.user_properties)
        if props is None:
            return
        record = self._record(report.nodeid, props)
        if report.when != "teardown":
            return
        if "points" in props:
            record.points = float(props["points"])
            record.outcome = str(props["outcome"])
            record.headline = str(props["jsgrade_headline"])
            record.message = str(props["jsgrade_message"])
            record.cpu_ms = float(props["cpu_ms"])
            record.memory_bytes = int(props["memory_bytes"])
            peak = int(props["peak_memory_bytes"])
            record.peak_memory_bytes = peak if peak >= 0 else None
            record.location = str(props["jsgrade_location"])
        elif record.outcome == "not_run":
            record.outcome = "error"
            record.headline = "the case could not be graded"

    def collection_failed(self, report: pytest.CollectReport) -> None:
        if not report.nodeid.endswith((".yaml", ".yml")):
            return
        text = report.longreprtext.strip()
        message = text.splitlines()[-1] if text else "the spec could not be loaded"
        self.failures[report.nodeid] = SpecFailure(report.nodeid, message.removeprefix("jsgrade spec error: "),
                                                   estimate_points(self.rootpath / report.nodeid))


def estimate_points(path: Path) -> float:
    """What a broken spec would have been worth, read as leniently as possible (0 when unknowable)."""
    try:
        document = load_yaml(path)
    except SpecError:
        return 0.0
    if not isinstance(document, dict) or not isinstance(document.get("cases"), list):
        return 0.0
    default = document.get("points", 1)
    total = 0.0
    for case in document["cases"]:
        value = case.get("points", default) if isinstance(case, dict) else default
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1e6:
            total += float(value)
    return total
