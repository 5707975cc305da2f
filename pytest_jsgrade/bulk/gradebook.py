"""The gradebook: one CSV row per submission, in the plain flavour or in the columns an LMS's
grade import expects.

- plain: `submission, name, score, max_score`, one column per spec (its title), with
  `--per-case` one per case, then `passed, cases, late, problems`;
- canvas: the gradebook import's `Student, ID, SIS User ID, SIS Login ID, Section` and one
  assignment column (name it as in your Canvas export, `Lab 1 (12345)`), matched on ID;
- moodle: the assignment's offline grading worksheet, matched on `Identifier` (`Participant N`),
  with `Grade`, `Maximum Grade`, `Last modified (grade)` (which the import requires) and
  `Feedback comments`.

Cells are text a spreadsheet must not run: one that starts like a formula (=, +, -, @) gets a
leading apostrophe. `merge` joins the gradebooks of shards into one.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from ..reports.io import ReportError, write_atomically
from ..spec.model import Feedback
from .assignment import Assignment
from .options import Flavour
from .results import Row

KEY_COLUMNS = ("submission", "ID", "Identifier")  # what identifies a row, per flavour
CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["Identifier", "Full name", "Email address", "Grade", "Maximum Grade", "Last modified (grade)", "Feedback comments"]
FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and their full-width forms


def cell(text: str) -> str:
    """Text for a cell that a spreadsheet shows and never evaluates: one that starts like a
    formula, after any spaces, tabs or line breaks (which spreadsheets skip), or with a tab or a
    line break at all, gets a leading apostrophe."""
    starts = text.lstrip().startswith(FORMULA_START) or text.startswith(("\t", "\r", "\n"))
    return "'" + text if starts else text


def _distinct(titles: list[str]) -> list[str]:
    """Column titles made distinct (`Two Sum`, `Two Sum (2)`)."""
    seen: dict[str, int] = {}
    out = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        out.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return out


class Gradebook:
    """Collects rows and writes them in one flavour."""

    def __init__(self, assignment: Assignment, flavour: Flavour = "plain", per_case: bool = False, lms_column: str = "jsgrade",
                 hidden_feedback: Feedback = "outcome") -> None:
        self.assignment = assignment
        self.flavour = flavour
        self.per_case = per_case
        self.hidden_feedback = hidden_feedback
        self.lms_column = lms_column
        self.rows: list[Row] = []
        self.graded_at = datetime.now(timezone.utc).replace(microsecond=0)

    def add(self, row: Row) -> None:
        self.rows.append(row)

    def header(self) -> list[str]:
        if self.flavour == "canvas":
            return [*CANVAS_FIXED, self.lms_column]
        if self.flavour == "moodle":
            return list(MOODLE_COLUMNS)
        specs = [title for _, title in self.assignment.columns]
        cases = self.assignment.case_titles(self.hidden_feedback) if self.per_case else []
        return ["submission", "name", "score", "max_score", *_distinct(specs + cases), "passed", "cases", "late", "problems"]

    def line(self, row: Row) -> list[str]:
        if self.flavour == "canvas":
            return [cell(row.name), row.lms.get("canvas_id", ""), cell(row.lms.get("sid", "")), cell(row.lms.get("login", "")), "",
                    row.score]
        if self.flavour == "moodle":
            participant = row.lms.get("moodle_participant", "")
            return [f"Participant {participant}" if participant else "", cell(row.name), cell(row.lms.get("email", "")),
                    row.score, row.max_score, self.graded_at.isoformat(), cell(self.comment(row))]
        specs = [row.specs.get(key, "0") for key, _ in self.assignment.columns]
        cases = row.cases if self.per_case else []
        late = "" if row.late is None else ("late" if row.late else "")
        return [cell(row.id), cell(row.name), row.score, row.max_score, *specs, *cases, str(row.passed), str(row.total), late,
                cell("; ".join(row.problems))]

    def comment(self, row: Row) -> str:
        """A short summary for an LMS's feedback comment: points per spec, and problems."""
        parts = [f"{title}: {row.specs.get(key, '0')}" for key, title in self.assignment.columns]
        text = f"jsgrade: {row.score} / {row.max_score} points ({'; '.join(parts)})"
        return text + (f". Problems: {'; '.join(row.problems)}" if row.problems else "")

    def unmatched(self) -> int:
        """Rows the LMS cannot match to a student (no Canvas user id, or no Moodle participant)."""
        field = {"canvas": "canvas_id", "moodle": "moodle_participant"}.get(self.flavour)
        return 0 if field is None else sum(1 for row in self.rows if not row.lms.get(field))

    def text(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.header())
        for row in sorted(self.rows, key=lambda r: r.id):
            writer.writerow(self.line(row))
        return buffer.getvalue()

    def write(self, path: Path) -> None:
        write_atomically(path, self.text(), newline="")


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"cannot read the gradebook {path}: {getattr(exc, 'strerror', None) or exc}") from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise ReportError(f"{path} is empty: not a gradebook")
    return rows[0], rows[1:]


def merge(parts: Sequence[Path], output: Path) -> int:
    """Joins the gradebooks of shards (same columns) into one, sorted by submission; a submission
    in two parts must have the same row in both. Returns the number of rows."""
    header: list[str] | None = None
    merged: dict[str, list[str]] = {}
    for part in parts:
        columns, rows = read_csv(part)
        if header is None:
            header = columns
        elif columns != header:
            raise ReportError(f"{part} has other columns than {parts[0]}: were they graded with the same specs and options?")
        key = next((header.index(name) for name in KEY_COLUMNS if name in header), None)
        if key is None:
            raise ReportError(f"{part} has none of the columns {', '.join(KEY_COLUMNS)}: not a jsgrade gradebook")
        for row in rows:
            if not row:
                continue
            earlier = merged.setdefault(row[key] or "\0" + "\0".join(row), row)  # a row no LMS can match keeps its own key
            if earlier != row and not _same_but_time(earlier, row, header):
                raise ReportError(f"the submission {row[key]!r} is in two parts with different grades")
    assert header is not None
    key = next(header.index(name) for name in KEY_COLUMNS if name in header)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for _, row in sorted(merged.items(), key=lambda item: item[0]):
        writer.writerow(row)
    write_atomically(output, buffer.getvalue(), newline="")
    return len(merged)


def _same_but_time(a: list[str], b: list[str], header: list[str]) -> bool:
    """Moodle rows differ in their grading time only."""
    if "Last modified (grade)" not in header:
        return False
    at = header.index("Last modified (grade)")
    return a[:at] + a[at + 1:] == b[:at] + b[at + 1:]
