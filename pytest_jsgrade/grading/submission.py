"""Reading a student's submission directory: the files a spec loads, safely and once.

Paths never leave the submission directory (no `..`, no absolute paths, no symlinks out),
files are size-capped, text is decoded leniently (a UTF-8 BOM and CRLF are fine, binary
garbage becomes a syntax error rather than a crash).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..sandbox.protocol import SourceFile

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_LIBRARY_FILES = 200
MAX_LIBRARY_BYTES = 8 * 1024 * 1024
LIBRARY_SUFFIXES = (".js", ".cjs", ".mjs", ".json")
_ESM = re.compile(r"^[ \t]*(?:import\s*[\w{*'\"]|import\s*\(|export\s+(?:default|const|let|var|function|class|async|\{|\*))", re.MULTILINE)
_REQUIRE = re.compile(r"\brequire\s*\(")


@dataclass
class Submission:
    """What the sandbox needs of a submission for one spec, or why it cannot run."""

    files: tuple[SourceFile, ...] = ()
    library: tuple[SourceFile, ...] = ()
    missing: list[str] = field(default_factory=list)
    problem: str | None = None  # a file that exists but cannot be used (too large, outside, unreadable)

    @property
    def sources(self) -> dict[str, str]:
        return {f.path: f.text for f in self.files + self.library}


def is_module(path: str, text: str) -> bool:
    """ES module or script: by extension, else by an import/export statement at a line start."""
    if path.endswith(".mjs"):
        return True
    if path.endswith(".cjs"):
        return False
    return bool(_ESM.search(text))


def _inside(root: Path, candidate: Path) -> bool:
    try:
        candidate.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _read(root: Path, relative: str) -> str:
    path = root / relative
    if not _inside(root, path):
        raise ValueError(f"{relative} points outside the submission directory")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(f"{relative} is {size // 1024} KB; submission files may be at most {MAX_FILE_BYTES // 1024} KB")
    return path.read_bytes().decode("utf-8-sig", errors="replace")


def load(root: Path, names: tuple[str, ...]) -> Submission:
    """The spec's files from `root`, plus the other submission files when the code uses require()."""
    result = Submission()
    files = []
    for name in names:
        path = root / name
        if not path.is_file():
            result.missing.append(name)
            continue
        try:
            text = _read(root, name)
        except (OSError, ValueError) as exc:
            result.problem = str(exc) if isinstance(exc, ValueError) else f"cannot read {name}: {exc.strerror}"
            return result
        files.append(SourceFile(name, text, is_module(name, text)))
    result.files = tuple(files)
    if any(_REQUIRE.search(f.text) for f in files):
        result.library = _library(root, set(names))
    return result


def _library(root: Path, exclude: set[str]) -> tuple[SourceFile, ...]:
    found: list[SourceFile] = []
    total = 0
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if any(part.startswith(".") or part == "node_modules" for part in path.relative_to(root).parts):
            continue
        if relative in exclude or path.suffix not in LIBRARY_SUFFIXES or not path.is_file():
            continue
        try:
            text = _read(root, relative)
        except (OSError, ValueError):
            continue
        total += len(text)
        if len(found) >= MAX_LIBRARY_FILES or total > MAX_LIBRARY_BYTES:
            break
        found.append(SourceFile(relative, text, False))
    return tuple(found)
