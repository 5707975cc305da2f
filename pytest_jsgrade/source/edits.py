"""Edits to a module's text that keep every line where the student wrote it (source/modules.py
plans them, source/linking.py makes them), and where they still make a line longer.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_LINE_BREAKS = "\r\n\u2028\u2029"


@dataclass
class Edit:
    start: int  # bytes
    end: int
    text: str | None  # None: spaces (line breaks kept)


Shift = tuple[int, int, int, int]  # (line, first column, column after it, how much longer) of a replacement, as run


def apply_edits(text: str, edits: list[Edit], replace: Callable[[Edit], str]) -> tuple[str, tuple[Shift, ...]]:
    """The text with `edits` made: None blanks (one space a character, line breaks kept), else
    `replace(edit)`. Edits that overlap an earlier one are left out (they cannot, from one parse).
    A replacement shorter than what it replaces is padded with spaces; one that is longer moves the
    rest of its line to the right, which the shifts record so that an error's column can be told
    in the student's text (sandbox/errors.py)."""
    source = text.encode("utf-8", "replace")
    parts: list[str] = []
    shifts: list[Shift] = []
    at, line, line_start, length = 0, 1, 0, 0  # line_start and length: characters of the new text

    def emit(piece: str) -> None:
        nonlocal line, line_start, length
        breaks = piece.count("\n")
        if breaks:
            line += breaks
            line_start = length + piece.rindex("\n") + 1
        length += len(piece)
        parts.append(piece)

    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < at:
            continue
        emit(source[at:edit.start].decode("utf-8", "replace"))
        old = source[edit.start:edit.end].decode("utf-8", "replace")
        if edit.text is None:
            new = "".join(c if c in _LINE_BREAKS else " " for c in old)
        else:
            new = replace(edit)
            new += " " * max(0, len(old) - len(new)) if "\n" not in old else ""
            if len(new) > len(old) and "\n" not in old:
                first = length - line_start + 1
                shifts.append((line, first, first + len(new), len(new) - len(old)))
        emit(new)
        at = edit.end
    emit(source[at:].decode("utf-8", "replace"))
    return "".join(parts), tuple(shifts)
