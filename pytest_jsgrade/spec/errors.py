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

    @classmethod
    def of_many(cls, path: Path | str, problems: list[tuple[int | None, str]], shown: int = 20) -> SpecError:
        """Every problem of a spec in one error: its line is the first problem's, and the message
        lists them all, each with its line."""
        if len(problems) == 1:
            return cls(path, problems[0][0], problems[0][1])
        lines = [f"  line {line}: {message}" if line else f"  {message}" for line, message in problems[:shown]]
        if len(problems) > shown:
            lines.append(f"  … and {len(problems) - shown} more")
        return cls(path, problems[0][0], f"{len(problems)} problems:\n" + "\n".join(lines))
