"""Walking a student's folder with bounds: never recursively (a chain of folders a thousand deep
is a loop, not a stack), never deeper than MAX_DEPTH folders, never more than MAX_ENTRIES entries,
links and special files (named pipes, devices, sockets) reported as what they are and never opened
or followed. What was left out is said in `notes`.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

MAX_DEPTH = 64  # folders inside folders; deeper ones are left out
MAX_ENTRIES = 20_000  # files and folders looked at in one walk

Kind = Literal["file", "folder", "link", "special"]


@dataclass(frozen=True)
class Entry:
    relative: str  # POSIX path relative to the root
    path: Path
    kind: Kind
    depth: int  # 1 for an entry of the root itself


def kind_of(entry: os.DirEntry[str]) -> Kind:
    """What an entry is, from lstat (links are not followed, nothing is opened)."""
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return "special"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "special"


def is_regular(path: Path) -> bool:
    """A regular file, or a link to one (checked without opening it)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def walk(root: Path, notes: list[str] | None = None, *, max_depth: int = MAX_DEPTH, max_entries: int = MAX_ENTRIES,
         skip: Callable[[str, Kind], bool] = lambda name, kind: False) -> Iterator[Entry]:
    """Every entry under `root`, depth first: a folder's files by name, then its subfolders, then
    the content of each subfolder in turn (the order of a sorted, top-down os.walk). `skip(name,
    kind)` leaves an entry out (a folder with all it holds)."""
    said: set[str] = set()

    def note(key: str, text: str) -> None:
        if notes is not None and key not in said:
            said.add(key)
            notes.append(text)

    stack: list[tuple[Path, str, int]] = [(root, "", 0)]
    seen = 0
    while stack:
        folder, prefix, depth = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(((entry.name, kind_of(entry)) for entry in listing), key=lambda item: item[0])
        except OSError as exc:
            note(f"unreadable {prefix}", f"the folder {prefix or '.'} could not be read ({exc.strerror or exc})")
            continue
        subfolders = []
        for name, kind in entries:
            if skip(name, kind):
                continue
            seen += 1
            if seen > max_entries:
                note("many", f"only the first {max_entries} files and folders were looked at")
                return
            relative = f"{prefix}/{name}" if prefix else name
            if kind != "folder":
                yield Entry(relative, folder / name, kind, depth + 1)
            elif depth + 1 > max_depth:
                note("deep", f"folders nested more than {max_depth} levels deep were left out ({relative[:80]}...)")
            else:
                subfolders.append((folder / name, relative))
        for path, relative in reversed(subfolders):
            stack.append((path, relative, depth + 1))  # the first subfolder on top: walked next
        for path, relative in subfolders:
            yield Entry(relative, path, "folder", depth + 1)
