"""GitHub Actions: step outputs (score, max-score, and Classroom's `result`, see classroom.py),
a job summary, and annotations on the student's lines. Students losing points is not a failed
step; only grading that could not run is (see plugin.py).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..spec.points import human, machine
from .classroom import Granularity, encoded_result
from .io import ReportError
from .ledger import Ledger
from .markdown import code, escape
from .text import duration_ms, failure_body, size, total_line, totals_text


def summary(ledger: Ledger) -> str:
    lines = [f"## {total_line(ledger.totals())}", ""]
    for key in ledger.spec_keys():
        broken = ledger.failures.get(key)
        title = ledger.spec_title(key)
        if broken is not None:
            lines += [f"### {escape(title)}", "", f"❗ could not be loaded: {code(broken.message)}", ""]
            continue
        lines += [f"### {escape(title)} — {totals_text(ledger.spec_totals(key))}", "", "| | case | points | CPU | memory | reason |",
                  "|---|---|---|---|---|---|"]
        for c in ledger.cases_of(key):
            mark = "✓" if c.passed else "✗"
            reason = "" if c.passed else _cell(c.headline)
            cpu, memory = (duration_ms(c.cpu_ms), size(c.heap_bytes)) if c.feedback == "full" else ("–", "–")
            lines.append(f"| {mark} | {_cell(c.name)} | {human(c.points)} / {human(c.max_points)} | {cpu} | {memory} | {reason} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return escape(text[:300])


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_lines(ledger: Ledger, submission: Path, workspace: Path) -> list[str]:
    """`::error file=…,line=…::` lines for failures that point into the student's files."""
    lines = []
    seen: set[tuple[str, str]] = set()  # one annotation per place and reason, not one per case
    for case in sorted(ledger.cases.values(), key=lambda c: (c.spec_key, c.case_index)):
        if case.passed or not case.location or (case.location, case.headline) in seen:
            continue
        seen.add((case.location, case.headline))
        file, line, column = (case.location.split(":") + ["", ""])[:3]
        path = (submission / file).resolve()
        try:
            shown = path.relative_to(workspace.resolve()).as_posix()
        except ValueError:
            shown = path.as_posix()
        body = "\n".join(line.strip() for line in failure_body(case).splitlines())
        lines.append(
            f"::error file={_escape_property(shown)},line={line},col={column or 1},title={_escape_property(case.title)}::"
            + _escape_data(body[:4000])
        )
    return lines


@dataclass
class GitHubWriter:
    """Step outputs and the job summary, in the files GitHub names in GITHUB_OUTPUT and GITHUB_STEP_SUMMARY."""

    per: Granularity = "case"  # Classroom's tests: one per case, or one per spec
    description: str = "GitHub step outputs and job summary"

    def write(self, ledger: Ledger, elapsed: float) -> None:
        write_outputs(ledger, self.per)


def write_outputs(ledger: Ledger, per: Granularity = "case") -> None:
    """Appends to the files GitHub names in GITHUB_OUTPUT and GITHUB_STEP_SUMMARY."""
    totals = ledger.totals()
    outputs = f"score={machine(totals.earned)}\nmax-score={machine(totals.possible)}\nresult={encoded_result(ledger, per)}\n"
    for variable, text in (("GITHUB_OUTPUT", outputs), ("GITHUB_STEP_SUMMARY", summary(ledger))):
        path = os.environ.get(variable)
        if not path:
            continue
        try:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise ReportError(f"cannot write {variable} ({path}): {exc.strerror or exc}") from None
