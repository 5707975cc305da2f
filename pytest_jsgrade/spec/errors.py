"""Spec errors: every mistake in a spec is reported with its file and line, at collection.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from pathlib import Path


class SpecError(Exception):
    """A spec that cannot be used; str() is the whole message, with file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}")
