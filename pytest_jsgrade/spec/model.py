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
Match = Literal["exact", "trim", "ignore_case", "contains", "regex"]  # how text is compared (grading/matching.py)
MATCHES: tuple[Match, ...] = get_args(Match)
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
    not even see its name, or when its name is its call (no `name:`) and they may not see that."""
    return node_name(shown_name(case, feedback))


def shown_name(case: Case, feedback: Feedback) -> str:
    if feedback == "none" or (feedback != "full" and not case.named):
        return f"hidden case {case.index + 1}"
    return case.name


def feedback_of(case: Case, hidden: Feedback) -> Feedback:
    """What students see of a case: its own `feedback:` (or its spec's), else everything of a
    visible case and, of any other, what the `jsgrade_hidden_feedback` setting says (name and pass
    or fail, by default). The setting `full` is the instructor's view: everything of every case."""
    if hidden == "full":
        return "full"
    if case.feedback is not None:
        return case.feedback
    return "full" if case.visibility == "visible" else hidden


@dataclass(frozen=True)
class JsExpr:
    """A `!js` expression from a spec; evaluated in a clean sandbox at run time."""

    source: str
    line: int = 0


@dataclass(frozen=True)
class Throws:
    name: str | None = None
    message: str | None = None  # "" or None matches any
    match: Match = "contains"  # how the message is compared


@dataclass(frozen=True)
class Expectations:
    """What a call must do: the part of a case (or of one of its steps) that judge.py checks."""

    has_expect: bool = False
    expect: Any = None  # plain JS data (see build.from_yaml), a value model of grading/values.py, or a JsExpr
    throws: Throws | None = None
    output: str | None = None
    output_match: Match = "exact"
    check: str | None = None
    match: Match = "exact"  # for a string result and a string expect
    unordered: bool = False
    tolerance: float | None = None


@dataclass(frozen=True)
class Step:
    """One step of a `steps:` case: statements (`do:`) or a call, and what it must do."""

    index: int
    name: str
    code: str
    is_statement: bool  # `do:` statements, run as a script in the global scope
    line: int
    expects: Expectations = Expectations()
    hint: str | None = None

    @property
    def checked(self) -> bool:
        e = self.expects
        return e.has_expect or e.throws is not None or e.output is not None or e.check is not None


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
    output_match: Match = "exact"
    match: Match = "exact"  # for a string result and a string expect
    hint: str | None = None
    feedback: Feedback | None = None  # its own (or its spec's) `feedback:`; see feedback_of
    steps: tuple[Step, ...] = ()  # a scenario instead of one call (`call` is then the steps' code, for display)
    named: bool = True  # the spec gave it a name; otherwise its name is its call, which a hidden case must not show

    @property
    def expects(self) -> Expectations:
        return Expectations(self.has_expect, self.expect, self.throws, self.output, self.output_match, self.check, self.match,
                            self.unordered, self.tolerance)


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
    typescript: bool = False  # a student's x.ts may stand in for a file named x.js

    @property
    def max_points(self) -> Points:
        return sum((case.points for case in self.cases), ZERO)

    def title_of(self, case: Case) -> str:
        return case_title(self.title, case.name)
