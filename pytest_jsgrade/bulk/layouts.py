"""Finding each student's submission in what an instructor downloads at a deadline.

| layout | what it looks like |
| --- | --- |
| gradescope | `submission_metadata.yml` and a `submission_<id>/` folder per submission |
| canvas | one flat folder (or zip) of files named `<name>_<user id>_<submission id>_<file>`, `_late_` after the name for late ones |
| moodle | a folder per participant, `<Full Name>_<participant id>_assignsubmission_file_/` |
| classroom | `gh classroom clone student-repos`: a repository folder per student, `<assignment>-<login>` |
| dirs | any folder with one subfolder per submission |

A zip is unpacked first, safely (no path leaves the folder, no links, sizes capped); a member
that cannot be read is noted on its student, and the others are still graded.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..source.walk import MAX_DEPTH, walk
from .options import LAYOUTS, Layout  # noqa: F401  (LAYOUTS: where readers of this module look for it)

MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_ZIP_BYTES = 4 * 1024 * 1024 * 1024
CANVAS = re.compile(r"^(?P<name>[^_]+)(?P<late>_late)?_(?P<user>\d+)_(?:(?P<submission>\d+)_)?(?P<file>.+)$", re.IGNORECASE)
CANVAS_REUPLOAD = re.compile(r"^(?P<stem>.+)-\d+(?P<suffix>\.[^.]+)$")  # two_sum-1.js: Canvas's name for a second upload
MOODLE = re.compile(r"^(?P<name>.*)_(?P<id>\d+)_assignsubmission_(?P<kind>[a-z]+)_?$")


class LayoutError(Exception):
    """The submissions cannot be found at all; str() says why."""


@dataclass
class StudentWork:
    """One submission: where its files are, who it is, and what the LMS knows of it."""

    id: str  # unique and stable: the gradebook's key, and the folder name of its results
    name: str  # for people
    folder: Path
    late: bool | None = None  # None where the layout does not say
    notes: list[str] = field(default_factory=list)  # problems found while reading it (shown in the gradebook)
    lms: dict[str, str] = field(default_factory=dict)  # canvas user id, moodle participant id, email...


def find_submissions(path: Path, layout: Layout, work: Path, warnings: list[str] | None = None) -> list[StudentWork]:
    """Every submission in `path` (a folder or a zip; a zip is unpacked into `work`), sorted by id.
    What went wrong with a zip member is noted on its student; what belongs to no student (a path
    outside the folder, say) goes to `warnings`, for the instructor."""
    notes: list[_Note] = []
    unzipped: Path | None = None
    if path.is_file() and zipfile.is_zipfile(path):
        path = unzipped = _unzip(path, work / "unzipped", notes)
    elif not path.is_dir():
        raise LayoutError(f"{path} is neither a folder nor a zip")
    root = _single_folder(path)
    chosen = detect(root) if layout == "auto" else layout
    found = {"gradescope": _gradescope, "canvas": _canvas, "moodle": _moodle, "classroom": _dirs, "dirs": _dirs}[chosen](root, work)
    if chosen == "classroom":
        _strip_common_prefix(found)
    prefix = root.relative_to(unzipped).parts if unzipped is not None else ()
    _attribute(notes, prefix, found, work if chosen == "canvas" else None, warnings if warnings is not None else [])
    if not found:
        raise LayoutError(f"no submissions in {path} (read as the {chosen} layout)")
    for student in found:
        _make_readable(student)
    ids = [s.id for s in found]
    if len(set(ids)) != len(ids):
        raise LayoutError(f"two submissions in {path} have the same id: give --layout, or rename the folders")
    return sorted(found, key=lambda s: s.id)


def _make_readable(student: StudentWork) -> None:
    """A name that is not UTF-8 (a folder made on another system) shown with U+FFFD where it is
    not, and, as an id, with a short hash of its bytes, so that two such ids stay apart."""
    if _has_surrogates(student.id):
        raw = _raw(student.id)
        student.id = raw.decode("utf-8", "replace") + "~" + hashlib.sha256(raw).hexdigest()[:6]
    if _has_surrogates(student.name):
        student.name = _raw(student.name).decode("utf-8", "replace")


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def _raw(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")  # the bytes of a file name
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")  # a lone surrogate from elsewhere (a YAML escape)


def detect(root: Path) -> Layout:
    entries = [p for p in root.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    folders = [p for p in entries if p.is_dir()]
    if (root / "submission_metadata.yml").is_file():
        return "gradescope"
    if folders and all(MOODLE.match(p.name) for p in folders):
        return "moodle"
    files = [p for p in entries if p.is_file()]
    if files and not folders and all(CANVAS.match(p.name) for p in files):
        return "canvas"
    if folders and all((p / ".git").exists() for p in folders):
        return "classroom"
    return "dirs"


def _single_folder(path: Path) -> Path:
    """A zip of one folder (as "Download all" often makes) is that folder."""
    entries = [p for p in path.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir() and not MOODLE.match(entries[0].name) and not (entries[0] / ".git").exists():
        inner = [p for p in entries[0].iterdir() if not p.name.startswith(".")]
        if inner and (any(p.is_dir() for p in inner) or (entries[0] / "submission_metadata.yml").exists()
                      or all(p.is_file() and CANVAS.match(p.name) for p in inner)):
            return entries[0]
    return path


def _dirs(root: Path, work: Path) -> list[StudentWork]:
    return [StudentWork(p.name, p.name, p) for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith((".", "__MACOSX"))]


def _strip_common_prefix(found: list[StudentWork]) -> None:
    """`lab1-ann`, `lab1-bob`: the students' logins are what follows the assignment's name."""
    if len(found) < 2:
        return
    prefix = os.path.commonprefix([s.id for s in found])
    prefix = prefix[: prefix.rfind("-") + 1] if "-" in prefix else ""
    for student in found:
        if prefix and len(student.id) > len(prefix):
            student.name = student.id[len(prefix):]
            student.lms["login"] = student.name


def _empty(work: Path, name: str) -> Path:
    folder = work / "empty" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _canvas(root: Path, work: Path) -> list[StudentWork]:
    students: dict[str, StudentWork] = {}
    for path in sorted(p for p in root.iterdir() if p.is_file() or p.is_symlink()):
        match = CANVAS.match(path.name)
        if match is None:
            continue
        user = match["user"]
        student = students.get(user)
        if student is None:
            folder = work / "canvas" / user
            folder.mkdir(parents=True, exist_ok=True)
            student = students[user] = StudentWork(user, match["name"], folder, late=False, lms={"canvas_id": user})
        if match["late"]:
            student.late = True
        name = match["file"]
        if path.is_symlink() or name in (".", ".."):
            student.notes.append(f"{path.name}: left out ({'a link' if path.is_symlink() else 'not a file name'})")
            continue
        again = CANVAS_REUPLOAD.match(name)
        try:
            shutil.copyfile(path, student.folder / name)
            if again and not (student.folder / (again["stem"] + again["suffix"])).exists():
                shutil.copyfile(path, student.folder / (again["stem"] + again["suffix"]))  # the name the spec expects
        except OSError as exc:
            student.notes.append(f"{path.name}: could not be copied ({exc.strerror or exc})")
    return list(students.values())


def _moodle(root: Path, work: Path) -> list[StudentWork]:
    students: dict[str, StudentWork] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        match = MOODLE.match(folder.name)
        if match is None:
            continue
        participant = match["id"]
        student = students.get(participant)
        if student is None:
            merged = work / "moodle" / participant
            merged.mkdir(parents=True, exist_ok=True)
            student = students[participant] = StudentWork(participant, match["name"].strip(), merged,
                                                          lms={"moodle_participant": participant})
        if match["kind"] == "file":
            _copy_folder(folder, student.folder, student.notes)
    return list(students.values())


def _copy_folder(source: Path, target: Path, notes: list[str]) -> None:
    """`source`'s content into `target`: links as links, named pipes, devices and sockets left
    out (never opened), the walk bounded (source/walk.py); each of these noted."""
    for entry in walk(source, notes):
        destination = target / entry.relative
        try:
            if entry.kind == "folder":
                destination.mkdir(exist_ok=True)
            elif entry.kind == "special":
                notes.append(f"{entry.relative}: left out (a named pipe, device or socket, not a file)")
            else:
                if os.path.lexists(destination) and not destination.is_dir():
                    destination.unlink()  # two folders of one participant: the later one's file
                if entry.kind == "link":
                    os.symlink(os.readlink(entry.path), destination)
                else:
                    shutil.copyfile(entry.path, destination, follow_symlinks=False)
        except OSError as exc:
            notes.append(f"{entry.relative}: could not be copied ({exc.strerror or exc})")


def _gradescope(root: Path, work: Path) -> list[StudentWork]:
    try:
        metadata = yaml.safe_load((root / "submission_metadata.yml").read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        raise LayoutError(f"cannot read {root / 'submission_metadata.yml'}: {exc}") from None
    found = []
    for key, info in sorted(metadata.items()) if isinstance(metadata, dict) else []:
        folder = root / str(key)
        submitters = info.get(":submitters", []) if isinstance(info, dict) else []
        first = submitters[0] if submitters and isinstance(submitters[0], dict) else {}
        name = ", ".join(str(s.get(":name", "")) for s in submitters if isinstance(s, dict)) or str(key)
        student = StudentWork(str(key), name, folder, lms={"email": str(first.get(":email", "")), "sid": str(first.get(":sid", ""))})
        if not folder.is_dir():
            student.notes.append(f"the export lists {key} but has no folder for it")
            student.folder = _empty(work, str(key))
        found.append(student)
    return found


# -- zips ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Note:
    member: str  # the member's name, as in the zip
    text: str
    inside: bool  # False: a path that leaves the folder (its owner may not be a student)


def _refused(info: zipfile.ZipInfo, parts: list[str]) -> str | None:
    """Why a member is not unpacked at all: a path that leaves the folder (absolute, `..`, a
    drive), a name that is no file's (`.`), too deep, or a link or a device."""
    if info.filename.replace("\\", "/").startswith("/") or ".." in parts or ":" in info.filename:
        return "a path outside the folder"
    if "." in parts or not parts:
        return "not a file name"
    if len(parts) > MAX_DEPTH + 1:
        return f"nested more than {MAX_DEPTH} folders deep"
    kind = (info.external_attr >> 16) & 0o170000
    if kind == stat.S_IFLNK:
        return "a link"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "a device or named pipe, not a file"
    return None


def _unzip(path: Path, target: Path, notes: list[_Note]) -> Path:
    """The zip unpacked into `target`, member by member: one that is refused or cannot be written
    or read becomes a note, and the others are still unpacked."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise LayoutError(f"cannot open the zip {path}: {exc}") from None
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    with archive:
        for info in archive.infolist():
            parts = [p for p in info.filename.replace("\\", "/").split("/") if p]
            problem = _refused(info, parts)
            if problem is None and not info.is_dir():
                total += info.file_size
                if info.file_size > MAX_MEMBER_BYTES or total > MAX_ZIP_BYTES:
                    problem = f"{info.file_size // 1024} KB is too large"
            if problem is None:
                problem = _extract(archive, info, target.joinpath(*parts))
            if problem is not None:
                inside = problem != "a path outside the folder"
                shown = info.filename if len(info.filename) <= 120 else f"{info.filename[:80]}...{info.filename[-30:]}"
                notes.append(_Note(info.filename, f"{shown}: {problem if problem.startswith('could') else f'left out ({problem})'}", inside))
                if inside and len(parts) > 1:  # its student is still in the class
                    with contextlib.suppress(OSError):
                        target.joinpath(*parts[: min(len(parts) - 1, MAX_DEPTH)]).mkdir(parents=True, exist_ok=True)
    return target


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, destination: Path) -> str | None:
    """One member written to `destination`; why not, when it cannot be."""
    try:
        if info.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            return None
        destination.parent.mkdir(parents=True, exist_ok=True)
        if destination.is_dir():
            return "a folder of that name is in the zip too"
    except OSError as exc:  # a file where a folder should be (`x`, then `x/y.js`), a name too long
        return f"could not be written ({exc.strerror or exc})"
    try:
        with archive.open(info) as source, open(destination, "wb") as sink:
            shutil.copyfileobj(source, sink)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError, zlib.error) as exc:
        # damaged, encrypted (RuntimeError), or compressed in a way Python cannot read
        with contextlib.suppress(OSError):
            destination.unlink(missing_ok=True)
        return f"could not be read from the zip ({exc})"
    return None


def _attribute(notes: list[_Note], prefix: tuple[str, ...], found: list[StudentWork], canvas_work: Path | None,
               warnings: list[str]) -> None:
    """Each note on the student its member belongs to; in a Canvas zip, a student whose every file
    was left out is still in the class; a note of no student's is a warning for the instructor."""
    owners: dict[str, StudentWork] = {}
    for work in sorted(found, key=lambda s: s.id):
        for key in (work.id, work.folder.name, *work.lms.values()):
            owners.setdefault(key, work)
    for note in notes:
        keys = _owners(note.member, prefix)
        student = next((owners[key] for key in keys if key in owners), None)
        canvas = CANVAS.match(note.member.replace("\\", "/").rsplit("/", 1)[-1])
        if student is None and canvas_work is not None and note.inside and canvas and canvas["user"] in keys:
            user = canvas["user"]
            owners[user] = StudentWork(user, canvas["name"], _empty(canvas_work, user), lms={"canvas_id": user})
            student = owners[user]
            found.append(student)
        if student is not None:
            student.notes.append(note.text)
        else:
            warnings.append(f"zip member {note.text}; it belongs to no submission")


def _owners(member: str, prefix: tuple[str, ...]) -> list[str]:
    """Whose member this may be, as keys find_submissions matches against a student's id, folder
    name and LMS ids: a Moodle participant id in its path, the user id in a Canvas file name, the
    first folder under the submissions' root. For a path that leaves the folder, only what comes
    before its first `..`."""
    parts = [p for p in member.replace("\\", "/").split("/") if p]
    safe = list(itertools.takewhile(lambda p: p != ".." and ":" not in p, parts))
    keys = [m["id"] for m in map(MOODLE.match, safe[:-1] if safe == parts else safe) if m]
    relative = safe[len(prefix):] if tuple(safe[: len(prefix)]) == prefix else []
    canvas = CANVAS.match(parts[-1]) if parts else None
    if canvas and len(relative) <= 1:
        keys.append(canvas["user"])
    if relative[:-1] or (relative and safe != parts):
        keys.append(relative[0])
    return keys
