"""Text a person reads: a case's failure, its figures, and the score table.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from dataclasses import dataclass

from .grading import Verdict

LABEL_WIDTH = 9


def points(value: float) -> str:
    return f"{value:g}"


def duration_ms(ms: float) -> str:
    if ms < 1:
        return f"{ms * 1000:.0f} µs"
    if ms < 1000:
        return f"{ms:.1f} ms"
    return f"{ms / 1000:.2f} s"


def size(n: int | None) -> str:
    if n is None:
        return "–"
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}"
    return f"{n} B"


def figures(verdict: Verdict) -> str:
    """`cpu 0.4 ms · heap 4.6 KB · peak 1.2 MB`: peak only where it was measured."""
    parts = [f"cpu {duration_ms(verdict.cpu_ms)}", f"heap at end {size(verdict.heap_bytes)}"]
    if verdict.peak_bytes is not None:
        parts.append(f"process peak +{size(verdict.peak_bytes)}")
    return " · ".join(parts)


def failure(title: str, verdict: Verdict, width: int = 78) -> str:
    """The whole failure of one case, as shown by pytest and carried into every report."""
    score = f"{points(verdict.score)} / {points(verdict.max_score)} pt"
    head = f"{title}"
    gap = max(2, width - len(head) - len(score))
    lines = [head + " " * gap + score, f"  {verdict.headline}"]
    pad = max([LABEL_WIDTH] + [len(label) + 1 for label, _ in verdict.sections])
    for label, text in verdict.sections:
        lines.extend(_row(label, text, pad))
    lines.append(f"  {figures(verdict)}")
    return "\n".join(lines)


def _row(label: str, text: str, pad: int) -> list[str]:
    body = text.splitlines() or [""]
    out = [f"  {label.ljust(pad)} {body[0]}"]
    out.extend(f"  {' ' * pad} {line}" for line in body[1:])
    return out


@dataclass
class SpecRow:
    """One line of the score table, built from reports only (so it works under xdist)."""

    title: str
    order: int
    earned: float = 0.0
    possible: float = 0.0
    passed: int = 0
    cases: int = 0
    cpu_ms: float = 0.0
    memory: int = 0
    error: str | None = None


def score_table(rows: list[SpecRow]) -> list[str]:
    """The table printed at the end of a run, and the total line."""
    if not rows:
        return []
    title_width = max(len("spec"), *(len(r.title) for r in rows))
    header = f"{'spec'.ljust(title_width)}  {'points':>13}  {'cases':>7}  {'cpu':>9}  {'max heap':>9}"
    lines = [header, "-" * len(header)]
    for r in rows:
        if r.error is not None:
            lines.append(f"{r.title.ljust(title_width)}  {'0 / ?':>13}  {'–':>7}  {'–':>9}  {'–':>9}  spec error: {r.error}")
            continue
        pts = f"{points(r.earned)} / {points(r.possible)}"
        lines.append(
            f"{r.title.ljust(title_width)}  {pts:>13}  {f'{r.passed}/{r.cases}':>7}  {duration_ms(r.cpu_ms):>9}  {size(r.memory):>9}"
        )
    return lines


def total_line(rows: list[SpecRow]) -> str:
    earned = sum(r.earned for r in rows)
    possible = sum(r.possible for r in rows)
    broken = [r for r in rows if r.error is not None]
    note = f" ({len(broken)} spec{'s' if len(broken) > 1 else ''} could not be loaded)" if broken else ""
    return f"jsgrade: {points(round(earned, 4))} / {points(round(possible, 4))} points{note}"
