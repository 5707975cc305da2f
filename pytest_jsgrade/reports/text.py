"""Text a person reads: a case's failure, its figures, the score table and the total.

Every output that shows a failure (the terminal, JUnit, Gradescope, GitHub, the playground)
builds it here from the same record, so the words are the same everywhere.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from ..grading.verdict import Section
from ..spec.points import human
from .ledger import Ledger, Totals
from .records import CaseRecord

LABEL_WIDTH = 9
LINE_WIDTH = 78


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


def figures(record: CaseRecord) -> str:
    """`cpu 0.4 ms · heap at end 4.6 KB · process peak +1.2 MB`, leaving out what says nothing: the
    peak where it was not measured or did not rise, and all of it for a case that never ran."""
    if not record.cpu_ms and not record.heap_bytes:
        return ""
    parts = [f"cpu {duration_ms(record.cpu_ms)}", f"heap at end {size(record.heap_bytes)}"]
    if record.peak_bytes:
        parts.append(f"process peak +{size(record.peak_bytes)}")
    return " · ".join(parts)


def score_text(record: CaseRecord) -> str:
    return f"{human(record.points)} / {human(record.max_points)} pt"


def sections_text(sections: list[Section], indent: str = "  ") -> list[str]:
    """Labelled rows, the text of each aligned after the longest label."""
    pad = max([LABEL_WIDTH] + [len(label) + 1 for label, _ in sections])
    lines = []
    for label, text in sections:
        body = text.splitlines() or [""]
        lines.append(f"{indent}{label.ljust(pad)} {body[0]}")
        lines.extend(f"{indent}{' ' * pad} {line}" for line in body[1:])
    return lines


def failure_body(record: CaseRecord) -> str:
    """What went wrong, without the title line: headline, sections, the hint, and the figures
    (which a case whose details are not shown does not have)."""
    rows = list(record.sections) + ([("hint", record.hint)] if record.hint and not record.passed else [])
    numbers = figures(record) if record.feedback == "full" else ""
    return "\n".join([f"  {record.headline}", *sections_text(rows), *([f"  {numbers}"] if numbers else [])])


def failure(record: CaseRecord, width: int = LINE_WIDTH) -> str:
    """The whole failure of one case: its title and score on the first line, then the body."""
    head, score = record.title, score_text(record)
    gap = max(2, width - len(head) - len(score))
    return head + " " * gap + score + "\n" + failure_body(record)


def totals_text(totals: Totals) -> str:
    """`12 / 15`, or `0 / ?` for a part whose worth cannot be told."""
    if totals.unknown_points and not totals.cases:
        return f"{human(totals.earned)} / ?"
    return f"{human(totals.earned)} / {human(totals.possible)}"


def score_table(ledger: Ledger) -> list[str]:
    """The table printed at the end of a run, one line per spec."""
    keys = ledger.spec_keys()
    if not keys:
        return []
    titles = {key: ledger.spec_title(key) for key in keys}
    title_width = max(len("spec"), *(len(t) for t in titles.values()))
    header = f"{'spec'.ljust(title_width)}  {'points':>13}  {'cases':>7}  {'cpu':>9}  {'max heap':>9}"
    lines = [header, "-" * len(header)]
    for key in keys:
        t = ledger.spec_totals(key)
        failure = ledger.failures.get(key)
        if failure is not None:
            lines.append(f"{titles[key].ljust(title_width)}  {totals_text(t):>13}  {'–':>7}  {'–':>9}  {'–':>9}  spec error: {failure.message}")
            continue
        lines.append(f"{titles[key].ljust(title_width)}  {totals_text(t):>13}  {f'{t.passed}/{t.cases}':>7}  "
                     f"{duration_ms(t.cpu_ms):>9}  {size(t.max_heap):>9}")
    return lines


def total_line(totals: Totals) -> str:
    note = f" ({totals.broken} spec{'s' if totals.broken > 1 else ''} could not be loaded)" if totals.broken else ""
    return f"jsgrade: {human(totals.earned)} / {human(totals.possible)} points{note}"
