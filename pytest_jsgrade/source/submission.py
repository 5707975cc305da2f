"""Reading a student's submission directory: the files a spec loads, safely and once.

Paths never leave the submission directory (no `..`, no absolute paths, no symlinks out),
files are size-capped, text is decoded leniently (a UTF-8 BOM and CRLF are fine, binary
garbage becomes a syntax error rather than a crash).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..sandbox.protocol import Frame, RunResult, SourceFile, Status, ThrownError
from .discovery import Found, find
from .resolve import Folder, LinkError
from .typescript import TS_SUFFIXES, TypeScriptError, strip_types
from .walk import walk

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_LIBRARY_FILES = 200
MAX_LIBRARY_BYTES = 8 * 1024 * 1024
MAX_LIBRARY_ENTRIES = 5000  # files and folders looked at for require()
LIBRARY_SUFFIXES = (".js", ".cjs", ".mjs", ".json")  # what require() may load (TypeScript only through ES imports)
_ESM = re.compile(r"^[ \t]*(?:import\s*[\w{*'\"]|import\s*\(|export\s+(?:default|const|let|var|function|class|async|\{|\*))", re.MULTILINE)
_REQUIRE = re.compile(r"\brequire\s*\(")


@dataclass
class Submission:
    """What the sandbox needs of a submission for one spec, or why it cannot run."""

    files: tuple[SourceFile, ...] = ()
    library: tuple[SourceFile, ...] = ()
    missing: list[str] = field(default_factory=list)
    problem: str | None = None  # why it cannot run at all (a missing file, with what there is; too large, outside, unreadable)
    notes: list[str] = field(default_factory=list)  # how files were found where the spec did not say (discovery.py)
    failed: RunResult | None = None  # known before it runs: a TypeScript syntax error, an import that cannot be resolved
    originals: dict[str, str] = field(default_factory=dict)  # a file's text as the student wrote it, where it was changed (TypeScript, linked modules)

    @property
    def sources(self) -> dict[str, str]:
        """Each file's text as the student wrote it (for the lines a failure shows)."""
        texts = {f.path: f.text for f in self.files + self.library}
        texts.update(self.originals)
        return texts


def is_module(path: str, text: str) -> bool:
    """ES module or script: by extension, else by an import/export statement at a line start."""
    if path.endswith(".mjs"):
        return True
    if path.endswith(".cjs"):
        return False
    return bool(_ESM.search(text))


def _inside(root: Path, candidate: Path) -> bool:
    """Whether `candidate`, its links followed, is inside `root` (a link loop is not: RuntimeError
    before Python 3.13, OSError after)."""
    try:
        candidate.resolve().relative_to(root.resolve())
        return True
    except (ValueError, RuntimeError, OSError):
        return False


def _read(root: Path, relative: str) -> str:
    """A file's text; a name that is not a regular file (a named pipe, a device) is refused from
    its lstat/stat, never opened, and the read stops at the size cap whatever the file says."""
    path = root / relative
    if not _inside(root, path):
        raise ValueError(f"{relative} points outside the submission directory")
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{relative} is not a regular file (a folder, a named pipe or a device)")
    if info.st_size > MAX_FILE_BYTES:
        raise ValueError(f"{relative} is {info.st_size // 1024} KB; submission files may be at most {MAX_FILE_BYTES // 1024} KB")
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):  # swapped since the stat
            raise ValueError(f"{relative} is not a regular file")
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"{relative} is over {MAX_FILE_BYTES // 1024} KB; submission files may be at most {MAX_FILE_BYTES // 1024} KB")
    return data.decode("utf-8-sig", errors="replace")


def load(root: Path, names: tuple[str, ...], typescript: bool = False, stand_in: str | None = None) -> Submission:
    """The spec's files from `root` (found forgivingly: discovery.py), plus the other submission
    files when the code uses require(). `stand_in`, a file the student named as their submission,
    is graded as the spec's only file when that file is not there by its own name."""
    result = Submission()
    files = []
    listing: list[str] | None = None
    for name in names:
        found = find(root, name, typescript or name.endswith(TS_SUFFIXES), listing)
        if found.path is None and found.missing and stand_in is not None and len(names) == 1:
            found = Found(stand_in, note=f"graded {stand_in} as {name}, the file the spec names")
        if found.path is None:
            if found.missing:
                result.missing.append(name)
            result.problem = result.problem or found.problem
            continue
        if found.note:
            result.notes.append(found.note)
        try:
            text = _read(root, found.path)
        except (OSError, ValueError) as exc:
            result.problem = str(exc) if isinstance(exc, ValueError) else f"cannot read {found.path}: {exc.strerror}"
            return result
        files.append(_source(found.path, text, result))
    result.files = tuple(files)
    if result.failed is None:
        _link(result, _folder(root))
    if result.failed is None and any(_REQUIRE.search(f.text) for f in files):
        linked = {f.path for f in result.files + result.library if f.linked}
        result.library += _library(root, {f.path for f in files} | linked, result.notes)
    return result


def from_texts(names: tuple[str, ...], texts: dict[str, str]) -> Submission:
    """A submission of files given as text (the playground's editor), read as load() reads files."""
    result = Submission(missing=[name for name in names if name not in texts])
    result.files = tuple(_source(name, texts[name], result) for name in names if name in texts)
    if result.failed is None:
        _link(result, _editor_folder(texts))
    return result


def _editor_folder(texts: dict[str, str]) -> Folder:
    """The editor's files as the linker sees a folder: every path's folders exist."""
    folders: dict[str, set[str]] = {}
    for path in texts:
        child, parent = path, posixpath.dirname(path)
        while True:
            folders.setdefault(parent, set()).add(posixpath.basename(child))
            if not parent:
                break
            child, parent = parent, posixpath.dirname(parent)

    def kind(path: str) -> str | None:
        return "file" if path in texts else "dir" if path in folders else None

    return Folder(kind, lambda path: texts[path], lambda folder: sorted(folders.get(folder, ())))


def _folder(root: Path) -> Folder:
    """The submission folder as the linker reads it: names exactly as they are (letter case too, on
    every OS). A name that leads outside the folder (a symbolic link) is there, and read() refuses it."""
    listings: dict[str, list[str]] = {}

    def names(parent: str) -> list[str]:
        if parent not in listings:
            try:
                listings[parent] = sorted(os.listdir(root / parent)) if _inside(root, root / parent) else []
            except OSError:
                listings[parent] = []
        return listings[parent]

    def kind(relative: str) -> str | None:
        parent, name = posixpath.split(relative)
        if name not in names(parent):
            return None
        path = root / relative
        return "dir" if path.is_dir() and _inside(root, path) else "file" if path.exists() else None

    return Folder(kind, lambda relative: _read(root, relative), names)


def _link(result: Submission, folder: Folder) -> None:
    """Links the entry files' ES modules (source/esm.py); an import that cannot be linked is the
    failure every case of the spec shows."""
    if not any(f.is_module and ("import" in f.text or "from" in f.text) for f in result.files):
        return  # nothing to link: the linker (and tree-sitter's grammar) is not even loaded
    try:
        from .esm import link

        linked = link(result.files, result.originals, folder)
    except LinkError as exc:
        error = ThrownError(exc.name, exc.message, True, (Frame(exc.path, exc.line, exc.column),))
        paths = tuple(dict.fromkeys([*(f.path for f in result.files), exc.path]))
        status = Status.SYNTAX_ERROR if exc.syntax else Status.LOAD_ERROR
        result.failed = RunResult(status, error=error, detail=exc.path, files=paths)
        if exc.path not in result.originals and exc.path not in {f.path for f in result.files}:
            result.originals[exc.path] = _original(folder, exc.path)
        return
    if linked is not None:
        result.files, result.library = linked.files, linked.library
        result.originals.update(linked.originals)


def _original(folder: Folder, path: str) -> str:
    try:
        return folder.read(path)
    except (OSError, ValueError, KeyError):
        return ""


def _source(path: str, text: str, result: Submission) -> SourceFile:
    """A file as the sandbox runs it: TypeScript without its types (lines and columns kept)."""
    if not path.endswith(TS_SUFFIXES):
        return SourceFile(path, text, is_module(path, text))
    try:
        stripped = strip_types(text)
    except TypeScriptError as exc:
        error = ThrownError("SyntaxError", exc.message, True, (Frame(path, exc.line, exc.column),))
        result.failed = result.failed or RunResult(Status.SYNTAX_ERROR, error=error, detail=path, files=(path,))
        stripped = text
    result.originals[path] = text
    return SourceFile(path, stripped, path.endswith((".mts",)) or is_module(path, stripped))


def _library(root: Path, exclude: set[str], notes: list[str]) -> tuple[SourceFile, ...]:
    """The other files require() may load: hidden folders and node_modules left out, the walk
    bounded (walk.py); what it left out becomes a note."""
    found: list[SourceFile] = []
    total = 0
    skipped = lambda name, kind: name.startswith(".") or (kind == "folder" and name == "node_modules")  # noqa: E731
    walked = [e for e in walk(root, notes, max_entries=MAX_LIBRARY_ENTRIES, skip=skipped) if e.kind in ("file", "link")]
    for entry in sorted(walked, key=lambda e: e.relative.split("/")):  # as sorted(rglob) ordered them
        if entry.relative in exclude or not entry.relative.endswith(LIBRARY_SUFFIXES):
            continue
        try:
            text = _read(root, entry.relative)
        except (OSError, ValueError):
            continue
        total += len(text)
        if len(found) >= MAX_LIBRARY_FILES or total > MAX_LIBRARY_BYTES:
            break
        found.append(SourceFile(entry.relative, text, False))
    return tuple(found)
