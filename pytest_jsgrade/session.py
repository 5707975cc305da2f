"""What one pytest session of grading holds: its settings, its sandbox workers, the references
and submissions read so far, and the order of its items (to send cases ahead).

Kept in `config.stash[STATE]`, one per pytest process (each xdist worker has its own).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .grading.case import Explanations
from .grading.reference import References, reference_sources
from .sandbox.pool import WorkerPool
from .settings import Settings
from .source.submission import Submission, load
from .spec.model import Spec


def submission_root(path: Path) -> tuple[Path, str | None]:
    """The submission folder, and the file given as the submission when a file was given (it may
    stand in for a spec's file of another name)."""
    return (path.parent, path.name) if path.is_file() else (path, None)


class SessionState:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = WorkerPool(size=settings.workers)
        self.references = References(self.pool)
        self.documents: dict[Path, Any] = {}  # spec documents read while deciding what to collect
        self.submissions: dict[tuple[str, ...], Submission] = {}
        self.explanations = Explanations()  # a file's failure explained once per spec
        self._order: dict[str, int] | None = None
        self.nextitem: pytest.Item | None = None  # as pytest (or xdist's worker loop) announced it

    def next_item(self, session: pytest.Session, item: pytest.Item) -> pytest.Item | None:
        if self._order is None or len(self._order) != len(session.items):
            self._order = {it.nodeid: i for i, it in enumerate(session.items)}
        index = self._order.get(item.nodeid)
        return session.items[index + 1] if index is not None and index + 1 < len(session.items) else None

    def submission_for(self, spec: Spec) -> Submission:
        """The spec's files (or, with --jsgrade-check, its reference files), read once per session."""
        key = (str(spec.path),) if self.settings.check else spec.files
        found = self.submissions.get(key)
        if found is None:
            found = self.submissions[key] = self._read(spec)
        return found

    def _read(self, spec: Spec) -> Submission:
        if not self.settings.check:
            root, stand_in = submission_root(self.settings.submission)
            try:
                return load(root, spec.files, typescript=spec.typescript, stand_in=stand_in)
            except Exception as exc:  # a folder the reader cannot cope with: the spec's cases fail, with no traceback
                return Submission(problem=f"the submission could not be read: {type(exc).__name__}: {str(exc)[:200]}")
        # --jsgrade-check: the reference is the submission
        if not spec.reference:
            return Submission(problem="the spec has no reference solution to check against")
        return Submission(files=reference_sources(spec))

    def close(self) -> None:
        self.pool.close()


STATE = pytest.StashKey[SessionState]()
