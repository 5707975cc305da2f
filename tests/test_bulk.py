"""`jsgrade grade`: a whole class from the folders and zips instructors download, the gradebook in
each flavour, shards and their merge, re-runs that skip unchanged submissions, and the same
verdicts and points as pytest gives each student."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import stat
import sys
import textwrap
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from pytest_jsgrade.bulk.gradebook import cell
from pytest_jsgrade.bulk.layouts import LayoutError, StudentWork, detect, find_submissions
from pytest_jsgrade.bulk.progress import Progress, clock
from pytest_jsgrade.bulk.results import folder_name, results_folders
from pytest_jsgrade.cli import main

SPEC = """\
title: Two Sum
file: two_sum.js
cases:
  - call: twoSum([2, 7, 11, 15], 9)
    expect: [0, 1]
  - call: twoSum([3, 2, 4], 6)
    expect: [1, 2]
    points: 2
  - name: the secret one
    call: twoSum([1, 5, 9, 13], 22)
    expect: [2, 3]
    visibility: hidden
"""
RIGHT = """\
function twoSum(nums, target) {
  const seen = new Map();
  for (let i = 0; i < nums.length; i++) {
    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];
    seen.set(nums[i], i);
  }
}
"""
FIRST_ONLY = "function twoSum(nums, target) { return [0, 1]; }\n"
BROKEN = "function twoSum(nums, target) { return [0, 1;\n"


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def by(key: str, found: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row[key]: row for row in found}


@pytest.fixture
def assignment(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "two_sum.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "specs" / ".github.yml").write_text("on: push\n", encoding="utf-8")  # not a spec: left alone
    return tmp_path / "specs"


def grade(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> tuple[str, str]:
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        status = main(["grade", *args, "--quiet"])
    finally:
        os.chdir(old)
    out, err = capsys.readouterr()
    assert status == code, out + err
    return out, err


def folders(root: Path, students: dict[str, dict[str, str]], git: bool = False) -> Path:
    for name, files in students.items():
        (root / name).mkdir(parents=True)
        if git:
            (root / name / ".git").mkdir()
        for relative, text in files.items():
            (root / name / relative).write_text(text, encoding="utf-8")
    return root


# -- layouts --------------------------------------------------------------------------------------


def canvas_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("smithann_1001_5001_two_sum.js", RIGHT)
        archive.writestr("jonesbob_late_1002_5002_two_sum-1.js", FIRST_ONLY)  # a second upload, late
        archive.writestr("jonesbob_late_1002_5002_notes.txt", "hello")
        archive.writestr("leecat_1003_5003_readme.md", "I forgot the code")
        archive.writestr("../../evil_1004_5004_two_sum.js", RIGHT)  # leaves the folder: refused
    return path


def moodle_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Ann Smith_123_assignsubmission_file_/two_sum.js", RIGHT)
        archive.writestr("Bob Jones_124_assignsubmission_file_/two_sum.js", BROKEN)
        archive.writestr("Bob Jones_124_assignsubmission_onlinetext_/onlinetext.html", "<p>see file</p>")
        archive.writestr("=cmd|calc_125_assignsubmission_file_/two_sum.js", FIRST_ONLY)  # a name that is a formula
    return path


def gradescope_export(root: Path) -> Path:
    folders(root, {"submission_11": {"two_sum.js": RIGHT}, "submission_12": {"two_sum.js": FIRST_ONLY}})
    (root / "submission_metadata.yml").write_text(textwrap.dedent("""\
        submission_11:
          :submitters:
          - :name: Ann Smith
            :email: ann@example.edu
            :sid: '77'
        submission_12:
          :submitters:
          - :name: Bob Jones
            :email: bob@example.edu
          - :name: Cat Lee
            :email: cat@example.edu
        submission_13:
          :submitters:
          - :name: Dan Wu
        """), encoding="utf-8")
    return root


def test_each_layout_is_detected_and_read(tmp_path: Path) -> None:
    classroom = folders(tmp_path / "classroom", {"lab1-ann": {"two_sum.js": RIGHT}, "lab1-bob": {}}, git=True)
    plain = folders(tmp_path / "plain", {"ann": {"two_sum.js": RIGHT}})
    export = gradescope_export(tmp_path / "export")
    assert detect(classroom) == "classroom" and detect(plain) == "dirs" and detect(export) == "gradescope"

    found = find_submissions(classroom, "auto", tmp_path / "work")
    assert [(s.id, s.name) for s in found] == [("lab1-ann", "ann"), ("lab1-bob", "bob")]
    found = find_submissions(export, "auto", tmp_path / "work")
    assert [(s.id, s.name) for s in found] == [("submission_11", "Ann Smith"), ("submission_12", "Bob Jones, Cat Lee"),
                                               ("submission_13", "Dan Wu")]
    assert found[0].lms["sid"] == "77"
    assert found[2].notes == ["the export lists submission_13 but has no folder for it"]

    found = find_submissions(canvas_zip(tmp_path / "canvas.zip"), "auto", tmp_path / "work")
    assert [(s.id, s.name, s.late) for s in found] == [("1001", "smithann", False), ("1002", "jonesbob", True), ("1003", "leecat", False)]
    assert (found[1].folder / "two_sum.js").read_text() == FIRST_ONLY  # two_sum-1.js is the second upload of two_sum.js
    assert not list((tmp_path / "work").rglob("evil*")) and not (tmp_path.parent / "evil_1004_5004_two_sum.js").exists()

    found = find_submissions(moodle_zip(tmp_path / "moodle.zip"), "auto", tmp_path / "work")
    assert [(s.id, s.name) for s in found] == [("123", "Ann Smith"), ("124", "Bob Jones"), ("125", "=cmd|calc")]
    assert sorted(p.name for p in found[1].folder.iterdir()) == ["two_sum.js"]  # the online text is not a file submission


def test_a_zip_of_one_folder_is_that_folder(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "all.zip", "w") as archive:
        archive.writestr("Lab 1/ann/two_sum.js", RIGHT)
        archive.writestr("Lab 1/bob/two_sum.js", RIGHT)
        archive.writestr("__MACOSX/Lab 1/._ann", "")
    assert [s.id for s in find_submissions(tmp_path / "all.zip", "auto", tmp_path / "work")] == ["ann", "bob"]


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir() or p, "no submissions in"),
    (lambda p: p.write_text("not a zip") or p, "is neither a folder nor a zip"),
    (lambda p: p, "is neither a folder nor a zip"),
])
def test_input_that_holds_no_submissions_is_one_clear_line(tmp_path: Path, assignment: Path, capsys: pytest.CaptureFixture[str],
                                                           make: object, message: str) -> None:
    target = make(tmp_path / "subs")  # type: ignore[operator]
    out, err = grade(tmp_path, capsys, str(assignment), "--submissions", str(target), "--gradebook", "g.csv", code=1)
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "g.csv").exists()


# -- grading and the gradebook --------------------------------------------------------------------


def test_a_class_is_graded_with_problems_and_late_marks_in_the_gradebook(tmp_path: Path, assignment: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    archive = canvas_zip(tmp_path / "canvas.zip")
    with zipfile.ZipFile(archive, "a") as extra:  # a member that cannot be read: its data is not deflate
        info = zipfile.ZipInfo("patelraj_1005_5005_two_sum.js")
        info.compress_type = zipfile.ZIP_DEFLATED
        extra.writestr(info, RIGHT)
    data = bytearray(archive.read_bytes())
    start = data.find(b"patelraj_1005_5005_two_sum.js") + len("patelraj_1005_5005_two_sum.js")
    data[start:start + 20] = b"\xff" * 20
    archive.write_bytes(bytes(data))

    out, err = grade(tmp_path, capsys, str(assignment), "--submissions", str(archive), "--gradebook", "grades.csv",
                     "--results", "results", "--per-case")
    book = by("submission", rows(tmp_path / "grades.csv"))
    assert set(book) == {"1001", "1002", "1003", "1005"}
    ann, bob, cat, raj = book["1001"], book["1002"], book["1003"], book["1005"]
    assert (ann["score"], ann["max_score"], ann["Two Sum"], ann["passed"], ann["late"], ann["problems"]) == ("4", "4", "4", "3", "", "")
    assert (bob["score"], bob["late"]) == ("1", "late")
    assert bob["Two Sum › twoSum([2, 7, 11, 15], 9)"] == "1" and bob["Two Sum › the secret one"] == "0"
    assert (cat["score"], cat["problems"]) == ("0", "missing two_sum.js")
    assert raj["score"] == "0" and "could not be read from the zip" in raj["problems"]
    assert "2 submission(s) have problems" in out

    results = json.loads((tmp_path / "results" / "1002" / "results.json").read_text())
    assert results["score"] == 1.0 and [t["status"] for t in results["tests"]] == ["passed", "failed", "failed"]
    secret = results["tests"][2]
    assert secret["visibility"] == "hidden" and "9, 13" not in json.dumps(secret)  # a hidden case's input stays hidden
    feedback = (tmp_path / "results" / "1002" / "feedback.txt").read_text()
    assert "jsgrade: 1 / 4 points" in feedback and "twoSum([3, 2, 4], 6)" in feedback and "9, 13" not in feedback  # not "22": cpu 221 µs


def test_the_moodle_worksheet_and_the_canvas_import(tmp_path: Path, assignment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = moodle_zip(tmp_path / "moodle.zip")
    grade(tmp_path, capsys, str(assignment), "--submissions", str(archive), "--gradebook", "moodle.csv", "--lms", "moodle")
    text = (tmp_path / "moodle.csv").read_bytes().decode()
    assert text.split("\r\n")[0] == "Identifier,Full name,Email address,Grade,Maximum Grade,Last modified (grade),Feedback comments"
    book = by("Identifier", rows(tmp_path / "moodle.csv"))
    assert (book["Participant 123"]["Grade"], book["Participant 123"]["Maximum Grade"]) == ("4", "4")
    assert book["Participant 124"]["Grade"] == "0" and book["Participant 124"]["Full name"] == "Bob Jones"
    assert book["Participant 125"]["Full name"] == "'=cmd|calc"  # a spreadsheet shows it and never runs it
    assert book["Participant 123"]["Last modified (grade)"].startswith("20")  # the import requires it
    assert book["Participant 124"]["Feedback comments"] == "jsgrade: 0 / 4 points (Two Sum: 0)"

    grade(tmp_path, capsys, str(assignment), "--submissions", str(canvas_zip(tmp_path / "canvas.zip")), "--gradebook", "canvas.csv",
          "--lms", "canvas", "--lms-column", "Lab 1 (4242)")
    book = by("ID", rows(tmp_path / "canvas.csv"))
    assert list(rows(tmp_path / "canvas.csv")[0]) == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lab 1 (4242)"]
    assert (book["1001"]["Lab 1 (4242)"], book["1002"]["Lab 1 (4242)"], book["1003"]["Lab 1 (4242)"]) == ("4", "1", "0")

    students = folders(tmp_path / "plain", {"ann": {"two_sum.js": RIGHT}})
    out, err = grade(tmp_path, capsys, str(assignment), "--submissions", str(students), "--gradebook", "c.csv", "--lms", "canvas")
    assert "1 row(s) have no Canvas id, so the import cannot match them" in err


def test_formulas_never_reach_a_spreadsheet() -> None:
    assert [cell(t) for t in ("=1+1", "+SUM(A1)", "-2", "@x", "Ann", "")] == ["'=1+1", "'+SUM(A1)", "'-2", "'@x", "Ann", ""]
    # spreadsheets skip leading spaces and tabs before a formula; so does the check
    assert [cell(t) for t in (" =1+1", "\t=1+1", " \t @x", "\u3000-2", "\n=A1", "\uff1dA1")] == \
        ["' =1+1", "'\t=1+1", "' \t @x", "'\u3000-2", "'\n=A1", "'\uff1dA1"]
    assert [cell(t) for t in (" Ann", "Ann =1", "   ")] == [" Ann", "Ann =1", "   "]


# -- re-runs, shards and merging ------------------------------------------------------------------


def test_a_re_run_grades_only_what_changed(tmp_path: Path, assignment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    students = folders(tmp_path / "subs", {f"s{i}": {"two_sum.js": RIGHT if i % 2 else FIRST_ONLY} for i in range(6)})
    args = [str(assignment), "--submissions", str(students), "--gradebook", "g.csv", "--results", "results"]
    grade(tmp_path, capsys, *args)
    first = (tmp_path / "g.csv").read_text()
    out, _ = grade(tmp_path, capsys, *args)
    assert "graded 6 submissions (6 unchanged since the last run, not graded again)" in out
    assert (tmp_path / "g.csv").read_text() == first

    (students / "s0" / "two_sum.js").write_text(RIGHT)
    out, _ = grade(tmp_path, capsys, *args)
    assert "(5 unchanged" in out and by("submission", rows(tmp_path / "g.csv"))["s0"]["score"] == "4"

    (assignment / "two_sum.yaml").write_text(SPEC.replace("points: 2", "points: 3"))  # the spec changed: everyone again
    out, _ = grade(tmp_path, capsys, *args)
    assert "unchanged" not in out and by("submission", rows(tmp_path / "g.csv"))["s0"]["max_score"] == "5"

    (tmp_path / "results" / "s1" / "jsgrade.json").write_text("{not json")  # a damaged record is graded again
    out, _ = grade(tmp_path, capsys, *args)
    assert "(5 unchanged" in out


def test_shards_merge_into_the_gradebook_of_one_run(tmp_path: Path, assignment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    students = folders(tmp_path / "subs", {f"s{i:02d}": {"two_sum.js": [RIGHT, FIRST_ONLY, BROKEN][i % 3]} for i in range(7)})
    common = [str(assignment), "--submissions", str(students), "--per-case"]
    grade(tmp_path, capsys, *common, "--gradebook", "all.csv")
    for k in (1, 2, 3):
        grade(tmp_path, capsys, *common, "--gradebook", f"part{k}.csv", "--shard", f"{k}/3")
    sizes = [len(rows(tmp_path / f"part{k}.csv")) for k in (1, 2, 3)]
    assert sizes == [3, 2, 2]
    assert main(["gradebook", "merge", *(str(tmp_path / f"part{k}.csv") for k in (3, 1, 2)), "-o", str(tmp_path / "merged.csv")]) == 0
    assert (tmp_path / "merged.csv").read_bytes() == (tmp_path / "all.csv").read_bytes()

    grade(tmp_path, capsys, str(assignment), "--submissions", str(students), "--gradebook", "other.csv", "--shard", "1/3")
    assert main(["gradebook", "merge", str(tmp_path / "part2.csv"), str(tmp_path / "other.csv"), "-o", str(tmp_path / "x.csv")]) == 1
    assert "other columns" in capsys.readouterr().err
    conflicting = (tmp_path / "part1.csv").read_text().replace(",4,4,", ",3,4,", 1)
    (tmp_path / "conflict.csv").write_text(conflicting)
    assert main(["gradebook", "merge", str(tmp_path / "part1.csv"), str(tmp_path / "conflict.csv"), "-o", str(tmp_path / "x.csv")]) == 1
    assert "in two parts with different grades" in capsys.readouterr().err


@pytest.mark.parametrize("shard", ["0/3", "4/3", "a/b", "3"])
def test_a_bad_shard_is_refused(shard: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["grade", "specs", "--submissions", "x", "--gradebook", "g.csv", "--shard", shard])
    assert exit_info.value.code == 2 and "--shard" in capsys.readouterr().err


# -- the same answers as pytest -------------------------------------------------------------------


def test_every_student_gets_the_verdicts_and_points_pytest_gives(tmp_path: Path, pytester: pytest.Pytester,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The demo assignment, graded both ways for a correct, a buggy, an empty and a broken submission."""
    shutil.copytree(REPO / "specs", tmp_path / "specs")
    students = tmp_path / "subs"
    shutil.copytree(REPO / "examples" / "submissions" / "correct", students / "correct")
    shutil.copytree(REPO / "examples" / "submissions" / "buggy", students / "buggy")
    (students / "empty").mkdir()
    shutil.copytree(REPO / "examples" / "submissions" / "correct", students / "broken")
    (students / "broken" / "stats.js").write_text("export function mean( {\n")
    grade(tmp_path, capsys, "specs", "--submissions", "subs", "--gradebook", "g.csv", "--results", "results")
    book = by("submission", rows(tmp_path / "g.csv"))
    for student in ("correct", "buggy", "empty", "broken"):
        result = pytester.runpytest("--jsgrade", str(tmp_path / "specs"), f"--jsgrade-submission={students / student}",
                                    f"--gradescope-json={tmp_path / (student + '.json')}", "-p", "no:cacheprovider", "-p", "no:benchmark")
        assert result.ret in (0, 1)
        theirs = json.loads((tmp_path / f"{student}.json").read_text())
        ours = json.loads((tmp_path / "results" / student / "results.json").read_text())
        outcome = lambda data: [(t["name"], t["status"], t["score"], t["max_score"], t["extra_data"]["outcome"]) for t in data["tests"]]  # noqa: E731
        assert outcome(ours) == outcome(theirs), student
        assert ours["score"] == theirs["score"] and float(book[student]["score"]) == theirs["score"], student
    assert book["correct"]["score"] == book["correct"]["max_score"] and book["buggy"]["score"] != book["buggy"]["score"] + "x"


# -- what a hostile submission or a careless instructor can do ------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_links_and_oddities_in_submissions_are_not_followed(tmp_path: Path, assignment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.js"
    secret.write_text(RIGHT)
    students = folders(tmp_path / "subs", {"linker": {}, "fine": {"two_sum.js": RIGHT}})
    (students / "linker" / "two_sum.js").symlink_to(secret)
    with zipfile.ZipFile(tmp_path / "links.zip", "w") as archive:
        link = zipfile.ZipInfo("lab-ann/two_sum.js")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, str(secret))
        archive.writestr("lab-bob/two_sum.js", RIGHT)
    grade(tmp_path, capsys, str(assignment), "--submissions", str(students), "--gradebook", "g.csv")
    book = by("submission", rows(tmp_path / "g.csv"))
    assert book["linker"]["score"] == "0" and "outside the submission" in book["linker"]["problems"]
    assert book["fine"]["score"] == "4"
    grade(tmp_path, capsys, str(assignment), "--submissions", str(tmp_path / "links.zip"), "--gradebook", "z.csv")
    book = by("submission", rows(tmp_path / "z.csv"))
    assert book["lab-ann"]["score"] == "0" and "left out (a link" in book["lab-ann"]["problems"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="folder names these file systems refuse or fold together")
def test_every_id_gets_a_results_folder_of_its_own(tmp_path: Path, assignment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Names in any script are kept; ids that would still share a folder on some OS get a short
    hash of the id, the same on every run and on every shard."""
    names = ["张三", "李四", "José", "ann:1", "ann?1", "Bob", "bob", "CON", "x."]
    students = folders(tmp_path / "subs", {name: {"two_sum.js": RIGHT} for name in names})
    args = [str(assignment), "--submissions", str(students), "--results", "r"]
    grade(tmp_path, capsys, *args, "--gradebook", "g.csv")
    book = by("submission", rows(tmp_path / "g.csv"))
    assert set(book) == set(names) and all(row["score"] == "4" for row in book.values())
    made = sorted(p.name for p in (tmp_path / "r").iterdir())
    assert len({name.casefold() for name in made}) == len(names) == len(made)
    assert {"张三", "李四", "José", "Bob", "_CON", "x"} <= set(made)
    assert [n for n in made if n.startswith("ann_1-")] and [n for n in made if n.startswith("bob-")]
    shutil.rmtree(tmp_path / "r")
    for k in (1, 2, 3):  # shards name the folders as one run does
        grade(tmp_path, capsys, *args, "--gradebook", f"part{k}.csv", "--shard", f"{k}/3")
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == made


def test_folder_names_keep_letters_and_drop_what_no_os_takes() -> None:
    assert folder_name("张三") == "张三" and folder_name("Zoë Ångström") == "Zoë Ångström"
    assert folder_name("a/b\\c") == "a_b_c" and folder_name('<>:"|?*') == "_______"
    assert folder_name("..") == "_" and folder_name("x\ny\x00z") == "x_y_z" and folder_name("nul.txt") == "_nul.txt"
    chosen = results_folders([StudentWork(i, i, Path(i)) for i in ("ann", "Ann", "ann:1", "ann?1", "ann_1")])
    assert chosen["Ann"] == "Ann" and chosen["ann_1"] == "ann_1" and len({v.casefold() for v in chosen.values()}) == 5
    assert chosen["ann"].startswith("ann-") and chosen == results_folders([StudentWork(i, i, Path(i)) for i in reversed(list(chosen))])


def test_a_broken_spec_costs_its_points_and_says_why_once(tmp_path: Path, assignment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (assignment / "stack.yaml").write_text("file: stack.js\ncases:\n  - call: [1\n")
    students = folders(tmp_path / "subs", {"ann": {"two_sum.js": RIGHT}, "bob": {"two_sum.js": RIGHT}})
    out, err = grade(tmp_path, capsys, str(assignment), "--submissions", str(students), "--gradebook", "g.csv")
    assert err.count("spec error: specs/stack.yaml:") == 1
    book = by("submission", rows(tmp_path / "g.csv"))
    assert book["ann"]["score"] == "4" and book["ann"]["stack.yaml"] == "0"


@contextlib.contextmanager
def unblocked(fifo: Path, after: float = 30.0) -> Iterator[None]:
    """Opens the named pipe for writing after a while, so that a reader blocked on it fails the
    test instead of hanging it."""
    timer = threading.Timer(after, lambda: os.close(os.open(fifo, os.O_RDWR)))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


@contextlib.contextmanager
def folder_chain(top: Path, depth: int) -> Iterator[None]:
    """`top/a/a/.../a/z.js`, `depth` folders deep, made and removed a step at a time (a path too
    long for one call, and too deep for shutil.rmtree's recursion)."""
    here = os.getcwd()
    os.chdir(top)
    try:
        for _ in range(depth):
            os.mkdir("a")
            os.chdir("a")
        Path("z.js").write_text("module.exports = 2;\n")
    finally:
        os.chdir(here)
    try:
        yield
    finally:
        os.chdir(top)
        made = 0
        while os.path.isdir("a"):
            os.chdir("a")
            made += 1
        for name in os.listdir("."):
            os.remove(name)
        for _ in range(made):
            os.chdir("..")
            os.rmdir("a")
        os.chdir(here)


def test_an_error_reading_one_student_costs_that_student_only(tmp_path: Path, assignment: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug of the reader's or the fingerprint's on one folder: that student scores 0 with the
    reason, everyone else is graded and written, and the run says so with exit status 1."""
    from pytest_jsgrade.bulk import command
    from pytest_jsgrade.bulk import grade as bulk_grade

    students = folders(tmp_path / "subs", {name: {"two_sum.js": RIGHT} for name in ("ann", "bob", "cat", "dan")})
    real_load, real_fingerprint = bulk_grade.load, command.folder_fingerprint

    def load(root: Path, *args: object, **kwargs: object) -> object:
        if root.name == "bob":
            raise RecursionError("maximum recursion depth exceeded")
        return real_load(root, *args, **kwargs)  # type: ignore[arg-type]

    def fingerprint(folder: Path) -> str:
        if folder.name == "cat":
            raise OSError(36, "File name too long")
        return real_fingerprint(folder)

    monkeypatch.setattr(bulk_grade, "load", load)
    monkeypatch.setattr(command, "folder_fingerprint", fingerprint)
    out, err = grade(tmp_path, capsys, str(assignment), "--submissions", str(students), "--gradebook", "g.csv", "--results", "r",
                     code=1)
    book = by("submission", rows(tmp_path / "g.csv"))
    assert (book["ann"]["score"], book["dan"]["score"], book["cat"]["score"]) == ("4", "4", "4")
    assert book["bob"]["score"] == "0" and "could not be read: RecursionError" in book["bob"]["problems"]
    assert "could not be read to tell whether it changed (graded again): OSError" in book["cat"]["problems"]
    assert "internal error while grading bob" in err and "Traceback" not in out
    assert all((tmp_path / "r" / name / "results.json").is_file() for name in book)
    monkeypatch.undo()
    out, _ = grade(tmp_path, capsys, str(assignment), "--submissions", str(students), "--gradebook", "g.csv", "--results", "r")
    assert "(2 unchanged" in out  # bob and cat are graded again, the others were fine


@pytest.mark.skipif(sys.platform == "win32", reason="a path this deep")
def test_a_folder_chain_too_deep_to_walk_is_left_out_with_a_note(tmp_path: Path, assignment: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    students = folders(tmp_path / "subs", {"ann": {"two_sum.js": RIGHT}, "bob": {"helper.js": "module.exports = 1;\n",
                                                                               "two_sum.js": "require('./helper.js');\n" + RIGHT}})
    with folder_chain(students / "bob", 1200):
        grade(tmp_path, capsys, str(assignment), "--submissions", str(students), "--gradebook", "g.csv", "--results", "r")
    book = by("submission", rows(tmp_path / "g.csv"))
    assert book["ann"]["score"] == "4" and book["bob"]["score"] == "4"
    assert "note: folders nested more than 64 levels deep were left out" in book["bob"]["problems"]


def test_hostile_zip_members_are_left_out_with_a_note_on_their_student(tmp_path: Path, assignment: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    with zipfile.ZipFile(tmp_path / "class.zip", "w") as archive:
        archive.writestr("ann/two_sum.js", RIGHT)
        archive.writestr("bob/two_sum.js", RIGHT)
        archive.writestr("bob/" + "a/" * 1200 + "z.js", "1")  # too deep to unpack
        archive.writestr("cat/two_sum.js", RIGHT)
        archive.writestr("cat/x", "1")
        archive.writestr("cat/x/y.js", "1")  # x is a file already
        archive.writestr(".", "1")
        archive.writestr("dan/two_sum.js", RIGHT)
        archive.writestr("dan/.", "1")
        archive.writestr("eve/two_sum.js", RIGHT)
        archive.writestr("eve/x/", "")
        archive.writestr("eve/x", "1")  # x is a folder already
        archive.writestr("fay/two_sum.js", RIGHT)
        archive.writestr("fay/../../two_sum.js", RIGHT)  # leaves the folder, from fay's
        archive.writestr("../evil/two_sum.js", RIGHT)  # leaves the folder, from no one's
        archive.writestr("/abs/two_sum.js", RIGHT)
    out, err = grade(tmp_path, capsys, str(assignment), "--submissions", str(tmp_path / "class.zip"), "--gradebook", "g.csv")
    book = by("submission", rows(tmp_path / "g.csv"))
    assert sorted(book) == ["ann", "bob", "cat", "dan", "eve", "fay"]
    assert all(row["score"] == "4" for row in book.values())
    assert "left out (nested more than 64 folders deep)" in book["bob"]["problems"]
    assert "cat/x/y.js: could not be written" in book["cat"]["problems"]
    assert "dan/.: left out (not a file name)" in book["dan"]["problems"]
    assert "eve/x: left out (a folder of that name is in the zip too)" in book["eve"]["problems"]
    assert "fay/../../two_sum.js: left out (a path outside the folder)" in book["fay"]["problems"]
    for member in ("../evil/two_sum.js", "/abs/two_sum.js", "."):  # of no student: the instructor is told once
        assert err.count(f"WARNING: zip member {member}: left out") == 1
    assert "Traceback" not in out + err


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes")
def test_named_pipes_are_reported_never_opened(tmp_path: Path, assignment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    moodle = folders(tmp_path / "moodle", {"Ann Smith_123_assignsubmission_file_": {"two_sum.js": RIGHT},
                                           "Bob Jones_124_assignsubmission_file_": {"two_sum.js": RIGHT}})
    os.mkfifo(moodle / "Bob Jones_124_assignsubmission_file_" / "pipe.js")
    plain = folders(tmp_path / "plain", {"ann": {"two_sum.js": RIGHT}, "bob": {}, "cat": {}, "dan": {}})
    (plain / "bob" / "my-lab").mkdir()
    for fifo in (plain / "bob" / "my-lab" / "two_sum.js", plain / "cat" / "Two_Sum.js", plain / "dan" / "two_sum.js"):
        os.mkfifo(fifo)
    with unblocked(plain / "bob" / "my-lab" / "two_sum.js"), unblocked(plain / "cat" / "Two_Sum.js"), unblocked(plain / "dan" / "two_sum.js"):
        grade(tmp_path, capsys, str(assignment), "--submissions", str(moodle), "--gradebook", "m.csv", "--results", "rm")
        grade(tmp_path, capsys, str(assignment), "--submissions", str(plain), "--gradebook", "p.csv", "--results", "rp")
    book = by("submission", rows(tmp_path / "m.csv"))
    assert book["123"]["score"] == "4" and book["124"]["score"] == "4"
    assert "pipe.js: left out (a named pipe, device or socket, not a file)" in book["124"]["problems"]
    book = by("submission", rows(tmp_path / "p.csv"))
    assert book["ann"]["score"] == "4"
    assert "my-lab/two_sum.js is a named pipe (FIFO), not a file" in book["bob"]["problems"] and book["bob"]["score"] == "0"
    assert "Two_Sum.js is a named pipe (FIFO), not a file" in book["cat"]["problems"]
    assert "two_sum.js is a named pipe (FIFO), not a file" in book["dan"]["problems"]


@pytest.mark.skipif(sys.platform != "linux", reason="a folder name that is not UTF-8")
def test_a_folder_name_that_is_not_utf8_is_shown_as_far_as_it_can_be(tmp_path: Path, assignment: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    students = folders(tmp_path / "subs", {"ann": {"two_sum.js": RIGHT}})
    for raw in (b"b\xffb", b"b\xfeb"):
        os.makedirs(os.fsencode(students) + b"/" + raw)
        Path(os.fsdecode(os.fsencode(students) + b"/" + raw + b"/two_sum.js")).write_text(RIGHT)
    grade(tmp_path, capsys, str(assignment), "--submissions", str(students), "--gradebook", "g.csv", "--results", "r")
    book = rows(tmp_path / "g.csv")
    assert [row["score"] for row in book] == ["4", "4", "4"] and len({row["submission"] for row in book}) == 3
    assert {row["name"] for row in book} == {"ann", "b\ufffdb"}


# -- progress -------------------------------------------------------------------------------------


class FakeStream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_progress_is_a_bar_on_a_terminal_and_lines_in_a_log(tty: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr("pytest_jsgrade.bulk.progress.time.monotonic", lambda: now[0])
    stream = FakeStream(tty)
    progress = Progress(stream, students=4, cases_per_student=20)
    for _ in range(2):
        now[0] += 10
        progress.student(20, False, 20)
    progress.student(0, True, 20)
    assert progress.line(now[0]) == "3/4 students (1 unchanged) · 2 cases/s · 0:10 left"
    text = stream.getvalue()
    if tty:
        assert text.startswith("\r[######......") and "\n" not in text
    else:
        assert text.splitlines() == ["jsgrade: 1/4 students · 2 cases/s · 0:30 left", "jsgrade: 2/4 students · 2 cases/s · 0:20 left"]
    assert clock(3725) == "1:02:05" and clock(65) == "1:05"


def test_the_layout_error_names_the_duplicate(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "c.zip", "w") as archive:
        archive.writestr("x_1_2_a.js", "")
    with pytest.raises(LayoutError, match="no submissions"):
        find_submissions(tmp_path / "c.zip", "moodle", tmp_path / "w")


def test_the_command_line_loads_nothing_heavy_before_it_is_needed() -> None:
    """`jsgrade --version` and `--help` answer at once: pytest, jsonschema, YAML and the engine load
    only for the command that uses them."""
    import subprocess

    probe = ("import sys, pytest_jsgrade.cli; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'pytest', '_pytest', 'jsonschema', 'yaml', 'quickjs'}))")
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_a_hidden_case_without_a_name_is_not_named_after_its_call_in_the_gradebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "hidden.yaml"
    spec.write_text(SPEC + "  - {call: 'twoSum([4, 424242], 424246)', expect: [0, 1], visibility: hidden}\n")
    students = folders(tmp_path / "subs", {"ann": {"two_sum.js": RIGHT}})
    grade(tmp_path, capsys, str(spec), "--submissions", str(students), "--gradebook", "grades.csv", "--per-case")
    header = (tmp_path / "grades.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "424242" not in header and "Two Sum › hidden case 4" in header and "Two Sum › the secret one" in header
    grade(tmp_path, capsys, str(spec), "--submissions", str(students), "--gradebook", "mine.csv", "--per-case", "--hidden-feedback", "full")
    assert "twoSum([4, 424242], 424246)" in (tmp_path / "mine.csv").read_text(encoding="utf-8").splitlines()[0]
