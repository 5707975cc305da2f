"""Reference solutions: the instructor's own code as the oracle.

- Cases with no written expectation expect what the reference returns or throws, and prints.
- `limits: {time: 5x}` resolves against the reference's CPU time for the same case (median of
  a few runs), so limits follow the grading machine instead of the instructor's laptop.
- `generate:` groups get their inputs from a seeded generator in a clean sandbox.
- `--jsgrade-check` grades the reference against its own spec and reports weak spots.

The reference always runs in a sandbox of its own, never in the student's.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from pathlib import Path

from .jobs import CaseJob, RunResult, SourceFile, Status
from .limits import MB, Limits, describe
from .spec import Case, GenerateGroup, Spec, SpecError, Throws
from .submission import is_module
from .values import UNDEFINED, decode, js_literal
from .workers import WorkerPool

TIMING_RUNS = 3  # reference runs per case when a relative time limit needs its CPU time
REFERENCE_TIME = 2.0  # at least this (or 5× the case's own limit) before a reference counts as broken
GENERATOR_LIMITS = Limits(time=10.0, memory=256 * MB)

# A small, seeded generator (mulberry32); input i of a group uses seed (seed, i), so an input
# does not change when `count` does.
RNG_JS = """
function __jsgradeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    float: (lo = 0, hi = 1) => lo + next() * (hi - lo),
    bool: () => next() < 0.5,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    shuffle: (xs) => {
      const a = [...xs];
      for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
      return a;
    },
    string: (n, alphabet = "abcdefghijklmnopqrstuvwxyz") =>
      Array.from({length: n}, () => alphabet[Math.floor(next() * alphabet.length)]).join(""),
    array: (n, make) => Array.from({length: n}, (_, i) => make(i)),
  };
}
"""


def reference_sources(spec: Spec) -> tuple[SourceFile, ...]:
    """The reference files, named as the student's files so require() and messages line up."""
    sources = []
    for name, path in zip(spec.files, spec.reference, strict=True):
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        sources.append(SourceFile(name, text, is_module(path.name, text)))
    return tuple(sources)


# -- generated cases ------------------------------------------------------------------------


def expand(spec: Spec, pool: WorkerPool) -> Spec:
    """The spec with its `generate:` groups turned into cases (smallest inputs first)."""
    if not spec.generate:
        return spec
    cases = list(spec.cases)
    for group in spec.generate:
        cases.extend(_group_cases(spec, group, pool, start=len(cases)))
    return replace(spec, cases=tuple(cases))


def _group_cases(spec: Spec, group: GenerateGroup, pool: WorkerPool, start: int) -> list[Case]:
    call = (f"Array.from({{length: {group.count}}}, (_, i) => (\n{group.inputs}\n)"
            f"(__jsgradeRng(Math.imul({group.seed}, 1000003) + i)))")
    result = pool.run(CaseJob(files=(), call=call, setup=RNG_JS, limits=GENERATOR_LIMITS))
    where = f"generate {group.name!r}"
    if result.status != Status.RETURNED or result.value is None:
        reason = result.error.headline if result.error else (result.detail or result.status.replace("_", " "))
        raise SpecError(spec.path, group.line, f"{where}: the inputs function failed: {reason}")
    inputs = decode(result.value)
    if not isinstance(inputs, list) or not all(isinstance(args, list) for args in inputs):
        raise SpecError(spec.path, group.line, f"{where}: the inputs function must return an array of arguments, e.g. (rng) => [rng.int(1, 9)]")
    made = []
    for index, args in enumerate(inputs):
        try:
            text = f"{group.call}({', '.join(js_literal(a) for a in args)})"
        except ValueError as exc:
            raise SpecError(spec.path, group.line, f"{where}: input #{index + 1}: {exc}") from None
        made.append((len(text), index, text))
    made.sort()  # smallest inputs first: the first failure a student reads is the simplest one
    return [
        Case(index=start + order, name=f"{group.name} #{index + 1:03d}", call=text, line=group.line,
             points=group.points / group.count, limits=group.limits, visibility=group.visibility,
             from_reference=True, group=group.name)
        for order, (_, index, text) in enumerate(made)
    ]


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

    def _run(self, spec: Spec, case: Case, sources: tuple[SourceFile, ...]) -> ReferenceOutcome:
        allowed = 10.0 if case.limits.time_factor is not None else max(REFERENCE_TIME, 5 * case.limits.time)
        limits = replace(case.limits, time=min(allowed, 60.0), time_factor=None)
        job = CaseJob(files=sources, call=case.call, setup=spec.setup, limits=limits)
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
        return replace(case, has_expect=True, expect=decode(result.value), output=output)
    if result.status == Status.THREW and result.error is not None:
        error = result.error
        return replace(case, throws=Throws(name=error.name if error.is_error else None, message=error.message), output=output)
    reason = result.error.headline if result.error else _STATUS_WORDS.get(result.status, result.status.replace("_", " "))
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
            if decode(outcome.result.value) is UNDEFINED and not outcome.result.console:
                findings.append(f"{case.name!r}: the reference returns undefined and prints nothing, "
                                "so any submission whose function returns nothing passes")
    return findings
