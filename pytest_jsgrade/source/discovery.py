"""Finding the file a spec names in what a student actually handed in.

Students upload a folder (`my-lab/two_sum.js`), type `Two_Sum.js`, or write TypeScript where the
spec allows it. The expected file is used when it is where the spec says; otherwise, and only when
exactly one file fits, it is taken from a single subfolder or under another letter case (or, where
the spec allows TypeScript, `x.ts` for `x.js`), with a note that says so. A name that is a folder,
a named pipe or a broken link is reported as what it is, and never opened. When nothing fits, one
message lists the JavaScript and TypeScript files the submission has, with the closest name.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .walk import walk

CODE_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")
SKIPPED = ("node_modules", "__MACOSX")
MAX_LISTED = 2000  # files looked at when searching a submission
MAX_DEPTH = 4
MAX_WALKED = 20_000  # files and folders looked at


@dataclass(frozen=True)
class Found:
    """Where a spec's file is: `path` relative to the submission (None when it is not usable), a
    note for the student when it was not exactly where the spec says, or why it cannot be used."""

    path: str | None
    note: str = ""
    problem: str = ""
    missing: bool = False


def _kind_of(path: Path) -> str | None:
    """What a path that is not a regular file is, in words; None for a regular file (or a link to one)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "a link to a file that does not exist" if os.path.islink(path) else None
    except OSError as exc:
        return f"unreadable ({exc.strerror})"
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISDIR(info.st_mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(info.st_mode):
        return "a named pipe (FIFO), not a file"
    return "a device or socket, not a file"


def code_files(root: Path) -> list[str]:
    """The submission's JavaScript and TypeScript files (relative, in order), hidden folders and
    node_modules left out, links not followed, the walk bounded (walk.py)."""
    skipped = lambda name, kind: name.startswith(".") or (kind == "folder" and name in SKIPPED)  # noqa: E731
    found: list[str] = []
    for entry in walk(root, max_depth=MAX_DEPTH, max_entries=MAX_WALKED, skip=skipped):
        if entry.kind != "folder" and entry.relative.endswith(CODE_SUFFIXES):
            found.append(entry.relative)
            if len(found) >= MAX_LISTED:
                break
    return found


def find(root: Path, name: str, typescript: bool = False, listing: list[str] | None = None) -> Found:
    """Where the spec's file `name` is in the submission at `root`."""
    exact = root / name
    if os.path.lexists(exact):
        what = _kind_of(exact)
        if what is None:
            return Found(name)
        return Found(None, problem=f"{name} is {what}")
    files = code_files(root) if listing is None else listing
    wanted = PurePosixPath(name)
    alternatives = {wanted.name.casefold()}
    if typescript and wanted.suffix in (".js", ".mjs", ".cjs"):
        alternatives.add(wanted.with_suffix({".js": ".ts", ".mjs": ".mts", ".cjs": ".cts"}[wanted.suffix]).name.casefold())
    candidates = [f for f in files if PurePosixPath(f).name.casefold() in alternatives and len(PurePosixPath(f).parts) <= 1 + len(wanted.parts)]
    if len(candidates) == 1:
        what = _kind_of(root / candidates[0])  # from its stat: a named pipe is never opened
        if what is not None:
            return Found(None, problem=f"{candidates[0]} is {what} (the spec names {name})")
        return Found(candidates[0], note=_note(name, candidates[0]))
    if len(candidates) > 1:
        return Found(None, missing=True, problem=f"missing submission file: {name} (the submission has {', '.join(candidates)}: "
                                                  f"keep one, named {name})")
    return Found(None, missing=True, problem=_missing(name, files))


def _note(name: str, found: str) -> str:
    where, expected = PurePosixPath(found), PurePosixPath(name)
    if where.name != expected.name and where.suffix != expected.suffix:
        return f"graded {found} as {name} (TypeScript, which the spec allows)"
    if where.parent != expected.parent:
        return f"graded {found}: the spec names {name}, and this is the only file of that name in the submission"
    return f"graded {found} as {name} (the spec's name, in other letter case)"


def _missing(name: str, files: list[str]) -> str:
    """`missing submission file: two_sum.js; the submission has solution.js, utils.js (did you mean solution.js?)`"""
    if not files:
        return f"missing submission file: {name}; the submission has no JavaScript or TypeScript files"
    shown = ", ".join(files[:8]) + (f" and {len(files) - 8} more" if len(files) > 8 else "")
    stems = {PurePosixPath(f).stem.casefold(): f for f in reversed(files)}
    close = difflib.get_close_matches(PurePosixPath(name).stem.casefold(), list(stems), n=1, cutoff=0.7)
    hint = f" (did you mean {stems[close[0]]}? rename it {name})" if close else ""
    return f"missing submission file: {name}; the submission has {shown}{hint}"
