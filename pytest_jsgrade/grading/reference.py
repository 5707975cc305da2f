"""Reference solutions: the instructor's own code as the oracle.

- Cases with no written expectation expect what the reference returns or throws, and prints.
- `limits: {time: 5x}` resolves against the reference's CPU time for the same case (median of
  a few runs), so limits follow the grading machine instead of the instructor's laptop.
- `--jsgrade-check` grades the reference against its own spec and reports weak spots.

The reference always runs in a sandbox of its own, never in the student's.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from pathlib import Path

from ..sandbox.pool import WorkerPool
from ..sandbox.protocol import Budget, CaseJob, RunResult, SourceFile, Status
from ..source.submission import is_module
from ..source.typescript import TS_SUFFIXES, TypeScriptError, strip_types
from ..spec.limits import describe
from ..spec.model import Case, Spec, Throws
from .job import step_jobs
from .values import WireError, decode

_UNDEFINED_WIRE = '[["u"],[]]'  # undefined as the sandbox writes it
TIMING_RUNS = 3  # reference runs per case when a relative time limit needs its CPU time
REFERENCE_TIME = 2.0  # at least this (or 5× the case's own limit) before a reference counts as broken
def reference_sources(spec: Spec) -> tuple[SourceFile, ...]:
    """The reference files, named as the student's files so require() and messages line up."""
    sources = []
    for name, path in zip(spec.files, spec.reference, strict=True):
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        if path.name.endswith(TS_SUFFIXES):
            try:
                text = strip_types(text)
            except TypeScriptError:  # left as it is: the sandbox then reports the syntax error
                pass
        sources.append(SourceFile(name, text, is_module(path.name, text)))
    return tuple(sources)


# -- reference outcomes ---------------------------------------------------------------------


@dataclass
class ReferenceOutcome:
    result: RunResult
    cpu_seconds: float  # median over the timing runs


class References:
    """Reference outcomes, computed once per session and spec (for the cases that need them)."""

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool
        self._cache: dict[tuple[Path, str], ReferenceOutcome] = {}
        self._effective: dict[tuple[Path, int], Case | str] = {}

    def outcome(self, spec: Spec, case: Case, every_case: bool = False) -> ReferenceOutcome:
        key = (spec.path, case.name)
        if key not in self._cache:
            sources = reference_sources(spec)
            for other in spec.cases:
                if (every_case or needs_reference(other)) and (spec.path, other.name) not in self._cache:
                    self._cache[(spec.path, other.name)] = self._run(spec, other, sources)
            if key not in self._cache:
                self._cache[key] = self._run(spec, case, sources)
        return self._cache[key]

    def effective(self, spec: Spec, case: Case, every_case: bool = False) -> Case | str:
        """The case as graded: with the reference's expectation and resolved limits (or why it
        has none); worked out once per spec and case."""
        key = (spec.path, case.index)
        if key not in self._effective:
            self._effective[key] = effective_case(case, self.outcome(spec, case, every_case))
        return self._effective[key]

    def known(self, spec: Spec, case: Case) -> Case | str | None:
        """`effective` when the reference has already run for this case; None when it has not
        (so a case can be sent ahead without waiting for the reference)."""
        if (spec.path, case.index) in self._effective:
            return self._effective[(spec.path, case.index)]
        if (spec.path, case.name) in self._cache:
            return self.effective(spec, case)
        return None

    def _run(self, spec: Spec, case: Case, sources: tuple[SourceFile, ...]) -> ReferenceOutcome:
        allowed = 10.0 if case.limits.time_factor is not None else max(REFERENCE_TIME, 5 * case.limits.time)
        limits = case.limits
        job = CaseJob(files=sources, call=case.call if not case.steps else "", setup=spec.setup, steps=step_jobs(case),
                      limits=Budget(time=min(allowed, 60.0), memory=limits.memory, stack=limits.stack, output=limits.output))
        runs = [self.pool.run(job) for _ in range(TIMING_RUNS if case.limits.time_factor is not None else 1)]
        return ReferenceOutcome(runs[0], statistics.median(r.cpu_ms for r in runs) / 1000)


def needs_reference(case: Case) -> bool:
    return case.from_reference or case.limits.time_factor is not None


def effective_case(case: Case, outcome: ReferenceOutcome) -> Case | str:
    """The case with the reference's expectation and resolved time limit, or why there is none."""
    result = outcome.result
    if case.limits.time_factor is not None:
        case = replace(case, limits=case.limits.resolved(outcome.cpu_seconds))
    if not case.from_reference:
        return case
    # What the reference printed is part of its outcome too.
    output = result.console or None
    if result.status == Status.RETURNED and result.value is not None:
        try:
            return replace(case, has_expect=True, expect=decode(result.value), output=output)
        except WireError as exc:
            return f"the reference solution's value could not be read ({exc})"
    if result.status == Status.THREW and result.error is not None:
        error = result.error
        return replace(case, throws=Throws(name=error.name if error.is_error else None, message=error.message), output=output)
    reason = result.error.headline if result.error else _STATUS_WORDS.get(result.status, result.status.words)
    return f"the reference solution failed on this case ({reason}{': ' + result.detail if result.detail else ''})"


_STATUS_WORDS = {
    Status.TIME_LIMIT: "time limit exceeded",
    Status.MEMORY_LIMIT: "memory limit exceeded",
    Status.STACK_OVERFLOW: "stack overflow",
    Status.TOO_LARGE: "value too large to compare",
    Status.UNSETTLED: "its Promise never settled",
    Status.SANDBOX_ERROR: "sandbox error",
}


# -- checking a spec ------------------------------------------------------------------------


def check_findings(spec: Spec, references: References) -> list[str]:
    """What `--jsgrade-check` reports about a spec beyond its cases failing on the reference."""
    findings = [f"case name {name!r} is used more than once" for name in spec.duplicate_names]
    if not spec.reference:
        return findings + ["the spec has no reference solution to check against"]
    for case in spec.cases:
        outcome = references.outcome(spec, case, every_case=True)
        cpu = outcome.cpu_seconds
        if case.limits.time_factor is None and outcome.result.status in (Status.RETURNED, Status.THREW) and case.limits.time < 2 * cpu:
            findings.append(f"{case.name!r}: the time limit {describe('time', case.limits.time)} is less than twice "
                            f"what the reference needs ({cpu * 1000:.1f} ms)")
        if case.from_reference and outcome.result.status == Status.RETURNED and outcome.result.value is not None:
            if outcome.result.value == _UNDEFINED_WIRE and not outcome.result.console:
                findings.append(f"{case.name!r}: the reference returns undefined and prints nothing, "
                                "so any submission whose function returns nothing passes")
    return findings
