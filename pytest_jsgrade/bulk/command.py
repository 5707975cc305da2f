"""`jsgrade grade` and `jsgrade gradebook merge`: what the commands of bulk grading do (their
options are in options.py).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

from ..reports.io import ReportError
from ..sandbox.pool import WorkerPool
from ..spec.errors import SpecError
from .assignment import folder_fingerprint, load_assignment
from .grade import ClassGrader
from .gradebook import Gradebook, merge
from .layouts import LayoutError, StudentWork, find_submissions
from .progress import Progress
from .results import Row, results_folders, reusable, write_student


def run(args: argparse.Namespace) -> int:
    if args.command == "gradebook":
        try:
            count = merge(args.parts, args.output)
        except ReportError as exc:
            return _fail(str(exc))
        print(f"jsgrade: {args.output}: {count} submissions from {len(args.parts)} gradebooks")
        return 0
    return grade(args)


def _fail(message: str) -> int:
    print(f"jsgrade: {message}", file=sys.stderr)
    return 1


def _mine(students: list[StudentWork], shard: tuple[int, int] | None) -> list[StudentWork]:
    """This shard's students: every N-th in id order, starting at the K-th (the same slice on
    every machine, and slices of equal size)."""
    if shard is None:
        return students
    k, n = shard
    return [s for index, s in enumerate(students) if index % n == k - 1]


def _warn_about_hooks(specs: list[Path]) -> None:
    """pytest hooks (a conftest.py's pytest_jsgrade_compare, say) are not part of `jsgrade grade`."""
    seen = set()
    for spec in specs:
        for folder in [spec.resolve().parent, *spec.resolve().parents]:
            conftest = folder / "conftest.py"
            if conftest in seen or not conftest.is_file():
                continue
            seen.add(conftest)
            try:
                if "pytest_jsgrade_" in conftest.read_text(encoding="utf-8", errors="replace"):
                    print(f"jsgrade: WARNING: {conftest} implements pytest-jsgrade hooks; `jsgrade grade` does not run pytest "
                          "hooks, so its grades may differ from pytest's. Grade with pytest per student to apply them.", file=sys.stderr)
            except OSError:
                pass


def grade(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        return _fail("--jobs must be at least 1")
    _warn_about_hooks(args.specs)
    with tempfile.TemporaryDirectory(prefix="jsgrade-", ignore_cleanup_errors=True) as work:
        warnings: list[str] = []
        try:
            everyone = find_submissions(args.submissions, args.layout, Path(work), warnings)
        except (LayoutError, ReportError) as exc:
            return _fail(str(exc))
        for warning in warnings[:20]:  # what belongs to no student: said once, for the instructor
            print(f"jsgrade: WARNING: {warning}", file=sys.stderr)
        if len(warnings) > 20:
            print(f"jsgrade: WARNING: and {len(warnings) - 20} more like these", file=sys.stderr)
        folders = results_folders(everyone)  # of the whole class, so that every shard names them alike
        try:
            return _grade(args, _mine(everyone, args.shard), folders)
        except (SpecError, ReportError) as exc:
            return _fail(str(exc))
        except KeyboardInterrupt:
            done = " (the students graded so far are kept in --results; run again to go on)" if args.results else ""
            return _fail(f"interrupted; no gradebook written{done}")


def _grade(args: argparse.Namespace, students: list[StudentWork], folders: dict[str, str]) -> int:
    generator = WorkerPool()  # for `generate:` groups
    try:
        assignment = load_assignment(args.specs, generator, Path.cwd(), options=f"hidden-feedback={args.hidden_feedback}")
    finally:
        generator.close()
    for broken in assignment.broken:
        print(f"jsgrade: WARNING: spec error: {broken.message}; every submission gets 0 of its points", file=sys.stderr)
    book = Gradebook(assignment, args.lms or "plain", per_case=args.per_case, lms_column=args.lms_column,
                     hidden_feedback=args.hidden_feedback)
    fingerprints: dict[str, str] = {}

    def fingerprint(student: StudentWork) -> str:
        """May raise (on a lane, which makes it the student's problem, graded again next time)."""
        if student.id not in fingerprints:
            extra = f"{student.late}\0{sorted(student.notes)}\0{sorted(student.lms.items())}\0{student.name}"
            fingerprints[student.id] = f"{assignment.fingerprint}:{folder_fingerprint(student.folder)}:{hash_text(extra)}"
        return fingerprints[student.id]

    def reuse(student: StudentWork) -> Row | None:
        if args.results is None:
            return None
        return reusable(args.results / folders[student.id], fingerprint(student))

    errors: list[str] = []
    grader = ClassGrader(assignment, args.jobs, hidden_feedback=args.hidden_feedback, on_error=errors.append)
    progress = Progress(sys.stderr, len(students), assignment.cases_per_student, quiet=args.quiet)
    try:
        for graded in grader.grade(students, reuse):
            if graded.earlier is not None:
                book.add(graded.earlier)
            else:
                row = Row.of(graded, assignment)
                book.add(row)
                if args.results is not None:
                    fingerprinted = "" if graded.internal_error else fingerprints.get(graded.student.id, "")  # "": graded again next time
                    write_student(args.results / folders[graded.student.id], graded, row, fingerprinted)
            progress.student(graded.cases, graded.earlier is not None, assignment.cases_per_student)
    finally:
        grader.close()
    elapsed = progress.finish()
    problems = sum(1 for row in book.rows if any(not p.startswith("note: ") for p in row.problems))
    book.write(args.gradebook)
    for error in errors[:5]:
        print(f"jsgrade: internal error while grading {error}", file=sys.stderr)
    rate = f", {progress.cases / elapsed:,.0f} cases/s" if elapsed > 0 and progress.cases else ""
    unchanged = f" ({progress.reused} unchanged since the last run, not graded again)" if progress.reused else ""
    print(f"jsgrade: graded {len(students)} submissions{unchanged} in {elapsed:.1f} s on {args.jobs} worker(s){rate}")
    if problems:
        print(f"jsgrade: {problems} submission(s) have problems (missing or unreadable files): see the gradebook's problems column")
    unmatched = book.unmatched()
    if unmatched:
        print(f"jsgrade: WARNING: {unmatched} row(s) have no {args.lms.title()} id, so the import cannot match them "
              f"(the {args.lms} layout gives the ids)", file=sys.stderr)
    print(f"jsgrade: wrote {args.gradebook}" + (f" and a folder per student in {args.results}" if args.results else ""))
    return 1 if errors else 0


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode(errors="replace")).hexdigest()[:16]
