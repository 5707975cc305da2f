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

import os
import re
import shutil
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

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


def find_submissions(path: Path, layout: Layout, work: Path) -> list[StudentWork]:
    """Every submission in `path` (a folder or a zip; a zip is unpacked into `work`), sorted by id."""
    notes: dict[str, list[str]] = {}
    if path.is_file() and zipfile.is_zipfile(path):
        path = _unzip(path, work / "unzipped", notes)
    elif not path.is_dir():
        raise LayoutError(f"{path} is neither a folder nor a zip")
    root = _single_folder(path)
    chosen = detect(root) if layout == "auto" else layout
    found = {"gradescope": _gradescope, "canvas": _canvas, "moodle": _moodle, "classroom": _dirs, "dirs": _dirs}[chosen](root, work)
    if chosen == "canvas":  # a student whose every file was left out of the zip is still in the class
        known = {s.id for s in found}
        for user in sorted(u for u in notes if u.isdigit() and u not in known):
            match = CANVAS.match(PurePosixPath(notes[user][0].split(": ", 1)[0]).name)
            found.append(StudentWork(user, match["name"] if match else user, _empty(work, user), lms={"canvas_id": user}))
    if chosen == "classroom":
        _strip_common_prefix(found)
    if not found:
        raise LayoutError(f"no submissions in {path} (read as the {chosen} layout)")
    for student in found:
        keys = {student.id, student.folder.name, *student.lms.values()}
        student.notes += [note for key in sorted(keys) for note in notes.get(key, [])]
    ids = [s.id for s in found]
    if len(set(ids)) != len(ids):
        raise LayoutError(f"two submissions in {path} have the same id: give --layout, or rename the folders")
    return sorted(found, key=lambda s: s.id)


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
    for path in sorted(p for p in root.iterdir() if p.is_file()):
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
        shutil.copyfile(path, student.folder / name)
        again = CANVAS_REUPLOAD.match(name)
        if again and not (student.folder / (again["stem"] + again["suffix"])).exists():
            shutil.copyfile(path, student.folder / (again["stem"] + again["suffix"]))  # the name the spec expects
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
            shutil.copytree(folder, student.folder, dirs_exist_ok=True, symlinks=True)
    return list(students.values())


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


def _members(archive: zipfile.ZipFile) -> Iterator[tuple[zipfile.ZipInfo, PurePosixPath | None, bool]]:
    """Each member, where it may go (None: a path that leaves the folder: absolute, `..`, a drive),
    and whether it is a plain file or folder (not a link or a device, which are left out)."""
    for info in archive.infolist():
        name = PurePosixPath(info.filename.replace("\\", "/"))
        mode = info.external_attr >> 16
        outside = name.is_absolute() or ".." in name.parts or ":" in info.filename
        plain = not mode or (mode & 0o170000) in (0, 0o100000, 0o040000)
        yield info, None if outside else name, plain


def _unzip(path: Path, target: Path, notes: dict[str, list[str]]) -> Path:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise LayoutError(f"cannot open the zip {path}: {exc}") from None
    total = 0
    with archive:
        for info, name, plain in _members(archive):
            if name is None or not plain:
                owner = _owner(PurePosixPath(info.filename.replace("\\", "/")))
                notes.setdefault(owner, []).append(f"{info.filename}: left out ({'a path outside the folder' if name is None else 'a link'})")
                if name is not None and len(name.parts) > 1:
                    (target / name.parent).mkdir(parents=True, exist_ok=True)  # its student is still in the class
                continue
            if info.is_dir():
                (target / name).mkdir(parents=True, exist_ok=True)
                continue
            total += info.file_size
            if info.file_size > MAX_MEMBER_BYTES or total > MAX_ZIP_BYTES:
                notes.setdefault(_owner(name), []).append(f"{info.filename}: left out ({info.file_size // 1024} KB is too large)")
                continue
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, open(destination, "wb") as sink:
                    shutil.copyfileobj(source, sink)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError, zlib.error) as exc:
                # damaged, encrypted (RuntimeError), or compressed in a way Python cannot read
                notes.setdefault(_owner(name), []).append(f"{info.filename}: could not be read from the zip ({exc})")
                destination.unlink(missing_ok=True)
    return target


def _owner(name: PurePosixPath) -> str:
    """Whose member this is, as a key find_submissions matches against a student's id, folder name
    and LMS ids: the user id in a Canvas file name, else the folder just above the file."""
    for part in name.parts[:-1]:
        moodle = MOODLE.match(part)
        if moodle:
            return moodle["id"]
    match = CANVAS.match(name.name)
    if match and len(name.parts) <= 2:
        return match["user"]
    return name.parts[-2] if len(name.parts) > 1 else name.name
