"""The spec model: what an instructor wrote, validated and typed.

A Spec holds its Cases; each Case becomes one pytest item (and one line in every report).
Nothing here runs code: `!js` expressions stay text (`JsExpr`) until a sandbox evaluates them.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from .limits import Limits
from .points import ZERO, Points

Visibility = Literal["visible", "hidden", "after_due_date", "after_published"]
VISIBILITIES: tuple[Visibility, ...] = get_args(Visibility)
Feedback = Literal["full", "outcome", "none"]  # what a student sees of a case (reports/records.py)
FEEDBACKS: tuple[Feedback, ...] = get_args(Feedback)
TITLE_SEPARATOR = " › "
SPEC_SUFFIXES = (".yaml", ".yml")  # what a spec file is named


def case_title(spec_title: str, case_name: str) -> str:
    """A case's name for people, the same in every output: "<spec title> › <case name>"."""
    return f"{spec_title}{TITLE_SEPARATOR}{case_name}"


def node_name(case_name: str) -> str:
    """A case's name in its pytest node id. pytest reads `[...]` in a node id as parameters and
    `::` as a separator, so `-k`, `--lf`, `--deselect` and xdist would lose such cases: brackets
    become parentheses, `::` one colon, and whitespace one space. People still read the case's
    own name everywhere else."""
    name = " ".join(case_name.split()).replace("[", "(").replace("]", ")")
    while "::" in name:
        name = name.replace("::", ":")
    return name


def item_name(case: Case, feedback: Feedback) -> str:
    """A case's name in node ids and records: its own name, or `hidden case N` when students may
    not even see its name."""
    return node_name(case.name) if feedback != "none" else f"hidden case {case.index + 1}"


def feedback_of(case: Case, hidden: Feedback) -> Feedback:
    """What students see of a case: everything of a visible one; of any other, what the
    `jsgrade_hidden_feedback` setting says (name and pass or fail, by default)."""
    return "full" if case.visibility == "visible" else hidden


@dataclass(frozen=True)
class JsExpr:
    """A `!js` expression from a spec; evaluated in a clean sandbox at run time."""

    source: str
    line: int = 0


@dataclass(frozen=True)
class Throws:
    name: str | None = None
    message: str | None = None  # substring; "" or None matches any


@dataclass(frozen=True)
class Case:
    """One graded call; becomes one pytest item."""

    index: int
    name: str
    call: str
    line: int
    points: Points
    limits: Limits
    visibility: Visibility
    has_expect: bool = False
    expect: Any = None  # plain JS data (see build.from_yaml), a value model of grading/values.py, or a JsExpr
    throws: Throws | None = None
    output: str | None = None
    check: str | None = None
    unordered: bool = False
    tolerance: float | None = None
    from_reference: bool = False  # no expectation written: expect what the reference does
    group: str | None = None  # the `generate` group a generated case belongs to


@dataclass(frozen=True)
class GenerateGroup:
    """A `generate:` entry; expanded into cases at collection (see grading/generate.py)."""

    name: str
    count: int
    seed: int
    inputs: str
    call: str
    points: Points  # the whole group's, split among its cases
    visibility: Visibility
    limits: Limits
    line: int


@dataclass(frozen=True)
class Spec:
    path: Path
    title: str
    files: tuple[str, ...]
    points: Points
    limits: Limits
    visibility: Visibility
    setup: str | None
    cases: tuple[Case, ...] = field(default=())
    reference: tuple[Path, ...] = ()
    generate: tuple[GenerateGroup, ...] = ()
    duplicate_names: tuple[str, ...] = ()  # names written more than once (numbered apart here)

    @property
    def max_points(self) -> Points:
        return sum((case.points for case in self.cases), ZERO)

    def title_of(self, case: Case) -> str:
        return case_title(self.title, case.name)
