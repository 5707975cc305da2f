"""What bulk grading keeps of each student: a gradebook row, and (with `--results DIR`) a folder
per student with Gradescope's results.json, a feedback file the student can read, and the row
with the fingerprint it was graded under, which lets a re-run skip unchanged submissions.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..reports.gradescope import results
from ..reports.io import write_atomically, write_json
from ..reports.text import failure, score_table, total_line
from ..spec.points import machine
from .assignment import Assignment
from .grade import Graded
from .layouts import StudentWork

STATE_FILE = "jsgrade.json"
FORMAT = 1
_ILLEGAL = set('<>:"/\\|?*')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


@dataclass
class Row:
    """A student's line in the gradebook (points as exact decimal text)."""

    id: str
    name: str
    score: str
    max_score: str
    specs: dict[str, str]  # spec key → points
    cases: list[str]  # in the assignment's case order
    passed: int
    total: int
    late: bool | None = None
    problems: list[str] = field(default_factory=list)
    lms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, graded: Graded, assignment: Assignment) -> Row:
        ledger, student = graded.ledger, graded.student
        assert ledger is not None
        totals = ledger.totals()
        keys = [key for key, _ in assignment.columns]
        return cls(
            id=student.id, name=student.name, score=machine(totals.earned), max_score=machine(totals.possible),
            specs={key: machine(ledger.spec_totals(key).earned) for key in keys},
            cases=[machine(record.points) for key in keys for record in ledger.cases_of(key)],
            passed=totals.passed, total=totals.cases, late=student.late, problems=_unique(graded.problems), lms=dict(student.lms),
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def folder_name(student_id: str) -> str:
    """A folder name for a student's results on every OS: the id with its letters and digits in
    any script kept, and what no OS takes in a name (path separators, control characters, Windows'
    `<>:"/\\|?*`, a trailing dot or space, a reserved device name like CON) replaced."""
    name = "".join("_" if _unsafe(c) else c for c in student_id).strip(". ") or "_"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name[:120]


def _unsafe(character: str) -> bool:
    return character in _ILLEGAL or unicodedata.category(character) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def results_folders(students: list[StudentWork]) -> dict[str, str]:
    """Each student's results folder name, distinct on every OS (letter case and Unicode forms
    ignored, as Windows and macOS do): ids that would share one get a short hash of the id after
    their name (the same on every run and every shard), the one already named so keeps it."""
    groups: dict[str, list[str]] = {}
    for student in sorted(students, key=lambda s: s.id):
        groups.setdefault(folder_key(folder_name(student.id)), []).append(student.id)
    chosen: dict[str, str] = {}
    suffixed = []
    for ids in groups.values():
        plain = ids[0] if len(ids) == 1 else next((i for i in ids if folder_name(i) == i), None)
        for student_id in ids:
            chosen[student_id] = folder_name(student_id)
            if student_id != plain:
                chosen[student_id] = _suffixed(student_id, 8)
                suffixed.append(student_id)
    clashes = Counter(folder_key(name) for name in chosen.values())
    for student_id in suffixed:  # a suffixed name that is someone else's too: a longer hash
        if clashes[folder_key(chosen[student_id])] > 1:
            chosen[student_id] = _suffixed(student_id, 24)
    return chosen


def folder_key(name: str) -> str:
    """Folder names that Windows and macOS take for the same."""
    return unicodedata.normalize("NFC", name).casefold()


def _suffixed(student_id: str, digits: int) -> str:
    suffix = "-" + hashlib.sha256(student_id.encode(errors="surrogatepass")).hexdigest()[:digits]
    return folder_name(student_id)[: 120 - len(suffix)] + suffix


def feedback_text(graded: Graded) -> str:
    """The feedback a student reads: the total, the table per spec, each failed case as pytest
    prints it (cut down to what the case's feedback level allows), and problems with the files."""
    ledger, student = graded.ledger, graded.student
    assert ledger is not None
    lines = [f"Feedback for {student.name} ({student.id}), graded by pytest-jsgrade {__version__}", "",
             total_line(ledger.totals()), "", *score_table(ledger)]
    if graded.problems:
        lines += ["", "Problems with the submission:", *(f"  - {p}" for p in _unique(graded.problems))]
    failed = [record for key in ledger.spec_keys() for record in ledger.cases_of(key) if not record.passed]
    if failed:
        lines += ["", f"Cases that did not pass ({len(failed)}):"]
        for record in failed:
            lines += ["", failure(record)]
    return "\n".join(lines) + "\n"


def write_student(folder: Path, graded: Graded, row: Row, fingerprint: str) -> None:
    """The student's results folder; the state file last, so a folder with one is complete."""
    ledger = graded.ledger
    assert ledger is not None
    write_json(folder / "results.json", results(ledger, graded.elapsed))
    write_atomically(folder / "feedback.txt", feedback_text(graded))
    write_json(folder / STATE_FILE, {"format": FORMAT, "fingerprint": fingerprint, "row": asdict(row)})


def reusable(folder: Path, fingerprint: str) -> Row | None:
    """The row graded before, when the student's folder was graded under the same fingerprint."""
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("fingerprint") != fingerprint:
            return None
        if not (folder / "results.json").is_file():
            return None
        return Row.from_json(data["row"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
