"""Every report tells the same story: generated assignments (points, groups, visibility, failures,
broken specs) are graded once, and the terminal, JUnit, Gradescope and GitHub Classroom all show
the totals the assignment says, computed here independently with exact fractions."""

from __future__ import annotations

import base64
import json
import os
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from junitparser import JUnitXml

from pytest_jsgrade.spec.points import as_float, exact, float_sum, human, machine, split

POINTS = st.sampled_from(["1", "2", "0.5", "0.25", "3", "0.3333333", "1.1", "10"])
VISIBILITY = st.sampled_from(["visible", "hidden", "after_due_date", "after_published"])


@dataclass
class Case:
    points: str | None
    visibility: str
    passes: bool


@dataclass
class Group:
    count: int
    points: str
    passes: bool


@dataclass
class SpecPlan:
    points: str | None
    cases: list[Case]
    groups: list[Group]
    broken: bool


specs = st.lists(st.builds(
    SpecPlan,
    points=st.one_of(st.none(), POINTS),
    cases=st.lists(st.builds(Case, points=st.one_of(st.none(), POINTS), visibility=VISIBILITY, passes=st.booleans()), max_size=4),
    groups=st.lists(st.builds(Group, count=st.integers(1, 7), points=POINTS, passes=st.booleans()), max_size=2),
    broken=st.booleans(),
), min_size=1, max_size=3)


def write(plan: list[SpecPlan], root: Path) -> tuple[Fraction, Fraction]:
    """Writes the specs; returns (earned, possible) as the assignment defines them."""
    earned = possible = Fraction(0)
    for number, spec in enumerate(plan):
        lines = [f"title: Spec {number}", "file: main.js", "reference: ref.js"]
        default = exact(spec.points) if spec.points else Fraction(1)
        if spec.points:
            lines.append(f"points: {spec.points}")
        lines.append("cases:")
        lines.append("  - {call: 'ok(0)', expect: 0, points: 0}")  # every spec has at least one case
        for case in spec.cases:
            worth = exact(case.points) if case.points else default
            extra = f", points: {case.points}" if case.points else ""
            lines.append(f"  - {{call: 'ok(1)', expect: {1 if case.passes else 2}, visibility: {case.visibility}{extra}}}")
            possible += worth
            earned += worth if case.passes else 0
        if spec.broken:
            lines.insert(0, "not_a_key: 1")  # a schema error; the document still reads, so its points can be told
        if spec.groups:
            lines.append("generate:")
        for index, group in enumerate(spec.groups):
            lines += [f"  - name: group {index}", f"    count: {group.count}", f"    points: {group.points}",
                      "    inputs: '(rng) => [rng.int(1, 5)]'", f"    call: {'ok' if group.passes else 'bad'}"]
            possible += exact(group.points)
            earned += exact(group.points) if group.passes else 0
            assert sum(split(exact(group.points), group.count)) == exact(group.points)
        (root / f"spec{number}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        if spec.broken:  # worth its cases' points (the estimate reads what it can), earned 0
            earned -= sum((exact(c.points) if c.points else default) for c in spec.cases if c.passes)
            earned -= sum(exact(g.points) for g in spec.groups if g.passes)
            possible -= sum(exact(g.points) for g in spec.groups)  # a broken spec's groups are not counted
    return earned, possible


@settings(max_examples=int(os.environ.get("JSGRADE_AGREEMENT_EXAMPLES", "20")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=specs)
def test_terminal_junit_gradescope_and_classroom_agree(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                                       plan: list[SpecPlan]) -> None:
    for old in pytester.path.glob("spec*.yaml"):
        old.unlink()
    earned, possible = write(plan, pytester.path)
    (pytester.path / "ref.js").write_text("function ok(x) { return x; }\nfunction bad(x) { return x; }\n")
    (pytester.path / "sub").mkdir(exist_ok=True)
    (pytester.path / "sub" / "main.js").write_text("function ok(x) { return x; }\nfunction bad(x) { return -x; }\n")
    outputs = pytester.path / "github_output"
    outputs.write_text("")
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = pytester.runpytest("--jsgrade", "--jsgrade-submission", "sub", "-p", "no:cacheprovider", "-p", "no:benchmark",
                                "--junitxml", "junit.xml", "--jsgrade-gradescope-json", "results.json", "--jsgrade-github")

    # the terminal
    total = re.search(r"jsgrade: (\S+) / (\S+) points", result.stdout.str())
    assert total and total.groups() == (human(earned), human(possible)), (total, earned, possible)
    # Gradescope: its top score, and what it would add up itself
    data = json.loads((pytester.path / "results.json").read_text())
    assert data["score"] == as_float(earned)
    assert float_sum([t["score"] for t in data["tests"]]) == as_float(earned)
    assert float_sum([t["max_score"] for t in data["tests"]]) == as_float(possible)
    # GitHub Classroom: the step outputs, and the reporter's sum of test scores
    lines = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert (lines["score"], lines["max-score"]) == (machine(earned), machine(possible))
    room = json.loads(base64.b64decode(lines["result"]))
    assert float_sum([t["score"] for t in room["tests"]]) == as_float(earned)
    assert room["max_score"] == (int(possible) if possible.denominator == 1 else as_float(possible))
    # JUnit: the suites' points, one suite per spec
    suites = list(JUnitXml.fromfile(str(pytester.path / "junit.xml")))
    points = {s.name: {p.name: p.value for p in s.properties()} for s in suites if s.name != "other tests"}
    assert sum(Fraction(p["points"]) for p in points.values()) == earned
    assert sum(Fraction(p["max_points"]) for p in points.values()) == possible
    assert len(points) == len(plan)
