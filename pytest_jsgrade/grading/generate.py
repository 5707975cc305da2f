"""Generated cases: a `generate:` group's inputs come from a seeded generator that runs in a
clean sandbox at collection; each input becomes a case whose expectation is the reference's.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from dataclasses import replace

from ..sandbox.pool import WorkerPool
from ..sandbox.protocol import MB, Budget, CaseJob, Status
from ..spec.errors import SpecError
from ..spec.model import Case, GenerateGroup, Spec
from ..spec.points import split
from .show import js_literal
from .values import WireError, decode

GENERATOR_LIMITS = Budget(time=10.0, memory=256 * MB)

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
        reason = result.error.headline if result.error else (result.detail or result.status.words)
        raise SpecError(spec.path, group.line, f"{where}: the inputs function failed: {reason}")
    try:
        inputs = decode(result.value)
    except WireError as exc:
        raise SpecError(spec.path, group.line, f"{where}: the inputs could not be read: {exc}") from None
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
             points=share, limits=group.limits, visibility=group.visibility,
             from_reference=True, group=group.name)
        for order, ((_, index, text), share) in enumerate(zip(made, split(group.points, len(made)), strict=True))
    ]
