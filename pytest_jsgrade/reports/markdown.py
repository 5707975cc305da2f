"""Markdown that student-controlled text cannot break out of.

Gradescope renders test output as Markdown (images included) and GitHub renders the job summary:
an error message a student wrote must never become a heading, a link or a remote image in a
TA's browser. Such text goes into a code block or a code span whose fence is longer than any
run of backticks inside it (CommonMark's rule), or is escaped where code would not read well.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re

_BACKTICKS = re.compile(r"`+")
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def _fence_for(text: str) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    return "`" * max(3, longest + 1)


def fence(text: str, limit: int = 8000) -> str:
    """A fenced code block holding `text` (cut at `limit` characters, saying so)."""
    if len(text) > limit:
        text = text[:limit] + f"\n… (cut: {len(text) - limit:,} more characters)"
    marks = _fence_for(text)
    return f"{marks}\n{text}\n{marks}"


def code(text: str) -> str:
    """An inline code span holding `text` on one line."""
    text = " ".join(text.split())
    marks = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{marks}{pad}{text}{pad}{marks}"


def escape(text: str) -> str:
    """Text with every Markdown character escaped, on one line (for table cells and headings)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))
