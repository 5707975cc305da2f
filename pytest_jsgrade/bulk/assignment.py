"""The assignment a class is graded against: its specs, loaded once, and a fingerprint of
everything that decides a grade (the specs, their reference solutions, the grader and the engine
versions, the options), so that a re-run can tell which students need grading again.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..grading.generate import expand
from ..reports.records import SpecFailure
from ..sandbox.pool import WorkerPool
from ..source.walk import walk
from ..spec.build import build, estimate_points
from ..spec.discover import spec_files
from ..spec.errors import SpecError
from ..spec.loader import load_yaml
from ..spec.model import Case, Feedback, Spec, case_title, feedback_of, shown_name

MAX_FINGERPRINT_FILES = 5000  # a student's folder beyond this many files is fingerprinted by its first ones
SKIPPED_FOLDERS = (".git", "node_modules", "__MACOSX")


@dataclass(frozen=True)
class Assignment:
    specs: tuple[Spec, ...]
    keys: dict[Path, str]  # each spec's path → its key (as pytest's node id would name the file)
    broken: tuple[SpecFailure, ...]  # specs that could not be loaded: 0 of their estimated points for everyone
    fingerprint: str

    def key(self, spec: Spec) -> str:
        return self.keys[spec.path]

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(spec key, title) of every spec, loaded or not, in report order (by key)."""
        found = [(self.key(s), s.title) for s in self.specs] + [(b.spec_key, b.name) for b in self.broken]
        return sorted(found)

    def cases(self) -> list[tuple[str, Spec, Case]]:
        """(spec key, spec, case) of every case, in report order."""
        return [(self.key(s), s, c) for s in sorted(self.specs, key=self.key) for c in s.cases]

    def case_titles(self, hidden_feedback: Feedback = "outcome") -> list[str]:
        """The per-case columns' names: a hidden case without a name of its own is `hidden case N`,
        as in every report (its name would be its call), unless the instructor's view is asked for."""
        return [case_title(spec.title, shown_name(case, feedback_of(case, hidden_feedback))) for _, spec, case in self.cases()]

    @property
    def cases_per_student(self) -> int:
        return sum(len(s.cases) for s in self.specs)


def spec_key(path: Path, base: Path) -> str:
    """The spec's path relative to `base` (the folder `jsgrade grade` runs in, as pytest's rootdir
    would be), else as given."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_assignment(paths: Sequence[Path], pool: WorkerPool, base: Path, options: str = "") -> Assignment:
    """Every spec under `paths`; a broken one is kept as a failure (as pytest keeps an error item),
    so that everyone's total still counts its points."""
    found = spec_files(paths)
    if not found:
        raise SpecError(paths[0] if paths else base, None, "no spec files here (YAML files with `cases:`)")
    specs, broken, keys = [], [], {}
    digest = hashlib.sha256(f"jsgrade {__version__}\0quickjs-ng {_engine()}\0{options}\0".encode())
    for path in found:
        key = spec_key(path, base)
        digest.update(f"{key}\0".encode() + _bytes(path))
        try:
            spec = expand(build(path, load_yaml(path)), pool)
        except SpecError as exc:
            where = f"{key}:{exc.line}" if exc.line else key
            broken.append(SpecFailure(key, f"{where}: {exc.message}", estimate_points(path)))
            continue
        for reference in spec.reference:
            digest.update(b"\0reference\0" + _bytes(reference))
        keys[spec.path] = key
        specs.append(spec)
    return Assignment(tuple(specs), keys, tuple(broken), digest.hexdigest())


def _engine() -> str:
    try:
        return importlib.metadata.version("quickjs-ng")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        return f"unreadable: {exc.strerror}".encode()


def folder_fingerprint(folder: Path) -> str:
    """What a submission folder holds, by path and content (not by dates, which a copy or an unzip
    changes): equal fingerprints mean the same files. Links are recorded as links, never followed;
    named pipes and devices by name, never opened; the walk is bounded (source/walk.py)."""
    digest = hashlib.sha256()
    count = 0
    skipped = lambda name, kind: kind == "folder" and name in SKIPPED_FOLDERS  # noqa: E731
    for entry in walk(folder, skip=skipped):
        if entry.kind == "folder":
            continue
        count += 1
        if count > MAX_FINGERPRINT_FILES:
            break
        if entry.kind == "link":
            try:
                target = os.readlink(entry.path)
            except OSError as exc:
                target = f"unreadable {exc.errno}"
            digest.update(f"link\0{entry.relative}\0{target}\0".encode(errors="replace"))
        elif entry.kind == "special":
            digest.update(f"special\0{entry.relative}\0".encode(errors="replace"))
        else:
            digest.update(f"file\0{entry.relative}\0".encode(errors="replace"))
            content = hashlib.sha256()
            try:
                with open(entry.path, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        content.update(block)
            except OSError as exc:
                content.update(f"unreadable {exc.errno}".encode())
            digest.update(content.digest())
    return digest.hexdigest()
