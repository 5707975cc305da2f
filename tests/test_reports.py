"""Exact points, names pytest's own tools accept, grading only where pytest expects it, and report
files written the way other tools write theirs."""

from __future__ import annotations

import base64
import json
import os
import stat
import threading
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import REPO, Grader, case_records, one_case
from hypothesis import given
from hypothesis import strategies as st

from pytest_jsgrade.autograder.build import build_gradescope_zip
from pytest_jsgrade.reports.classroom import MAX_RESULT_BYTES
from pytest_jsgrade.reports.records import CaseRecord, nodeid_of_record
from pytest_jsgrade.spec.points import float_sum

MAIN = {"main.js": "function id(x) { return x; }\nfunction twoSum(xs, t) { return [0, 1]; }\n"}


def gradescope(pytester: pytest.Pytester) -> dict[str, object]:
    data: dict[str, object] = json.loads((pytester.path / "results.json").read_text(encoding="utf-8"))
    return data


def classroom(pytester: pytest.Pytester) -> dict[str, object]:
    line = next(x for x in (pytester.path / "github_output").read_text().splitlines() if x.startswith("result="))
    data: dict[str, object] = json.loads(base64.b64decode(line[len("result="):]))
    return data


@pytest.fixture
def github(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("GITHUB_OUTPUT", str(pytester.path / "github_output"))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(pytester.path / "summary.md"))
    return ["--jsgrade-github", "--jsgrade-gradescope-json", "results.json"]


# -- exact points --------------------------------------------------------------------------------

GENERATED = """
file: main.js
reference: ref.js
cases:
  - {{name: third, call: "id(1)", expect: 1, points: 0.3333333}}
generate:
  - name: three
    count: 3
    points: 1
    inputs: "(rng) => [rng.int(1, 9)]"
    call: id
  - name: many
    count: 120
    points: 10
    inputs: "(rng) => [rng.int(1, 9)]"
    call: id
"""


def test_a_group_splits_into_parts_that_add_up_and_every_pass_earns_its_part(jsgrade: Grader, pytester: pytest.Pytester,
                                                                             github: list[str]) -> None:
    (pytester.path / "ref.js").write_text(MAIN["main.js"])
    result = jsgrade(GENERATED.format(), MAIN, "-v", *github)
    result.assert_outcomes(passed=124)
    records = case_records(result)
    assert sorted(str(r.max_points) for r in records.values() if r.name.startswith("three")) == ["17/50", "33/100", "33/100"]
    assert all(r.points == r.max_points for r in records.values())
    result.stdout.fnmatch_lines(["spec * 11.33 / 11.33  *124/124*", "*jsgrade: 11.33 / 11.33 points*"])
    data = gradescope(pytester)
    assert data["score"] == 11.3333333
    tests = data["tests"]
    assert isinstance(tests, list)
    assert float_sum([t["score"] for t in tests]) == 11.3333333 == float_sum([t["max_score"] for t in tests])
    room = classroom(pytester)
    assert float_sum([t["score"] for t in room["tests"]]) == room["max_score"] == 11.3333333  # type: ignore[union-attr]
    assert "score=11.3333333\nmax-score=11.3333333\n" in (pytester.path / "github_output").read_text()


def test_a_hook_that_gives_half_credit_gives_exactly_half(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    pytester.makeconftest("def pytest_jsgrade_adjust_verdict(item, case, verdict):\n    verdict.score = verdict.max_score * 0.5\n")
    result = jsgrade("file: main.js\ncases:\n  - {call: 'id(1)', expect: 1, points: 0.3}\n", MAIN)
    (record,) = case_records(result).values()
    assert str(record.points) == "3/20" and record.kind == "partial"
    result.assert_outcomes(failed=1)


# -- names pytest's tools accept ----------------------------------------------------------------

NAMED = """
file: main.js
cases:
  - {call: "twoSum([3, 2, 4], 6)", expect: [1, 2]}
  - {name: "a::b", call: "id(1)", expect: 2}
  - {name: "ok", call: "id(1)", expect: 1}
"""


def test_lf_deselect_and_node_ids_find_cases_named_after_calls(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", spec=NAMED)
    (pytester.path / "sub").mkdir()
    (pytester.path / "sub" / "main.js").write_text(MAIN["main.js"])
    first = pytester.runpytest("--jsgrade", "--jsgrade-submission", "sub", "-p", "no:benchmark")
    first.assert_outcomes(passed=1, failed=2)
    first.stdout.fnmatch_lines(["*spec › twoSum([[]3, 2, 4], 6)*0 / 1 pt"])  # people still read the call
    rerun = pytester.runpytest("--jsgrade", "--jsgrade-submission", "sub", "--lf", "-p", "no:benchmark")
    rerun.assert_outcomes(failed=2)  # both: a name with [ was once dropped here
    picked = pytester.runpytest("--jsgrade", "--jsgrade-submission", "sub", "-p", "no:cacheprovider", "-p", "no:benchmark",
                                "spec.yaml::a:b", "spec.yaml::twoSum((3, 2, 4), 6)")
    picked.assert_outcomes(failed=2)
    dropped = pytester.runpytest("--jsgrade", "--jsgrade-submission", "sub", "-p", "no:cacheprovider", "-p", "no:benchmark",
                                 "--deselect", "spec.yaml::twoSum((3, 2, 4), 6)", "-k", "not ok")
    dropped.assert_outcomes(failed=1)


@pytest.mark.parametrize("args", [[], ["--junitprefix", "course"], ["-n", "2"]])
def test_every_case_lands_in_its_specs_junit_suite(jsgrade: Grader, pytester: pytest.Pytester, args: list[str]) -> None:
    import xmlschema
    from junitparser import JUnitXml

    jsgrade(NAMED, MAIN, "--junitxml", "junit.xml", *args)
    xmlschema.XMLSchema(str(Path(__file__).parent / "schemas" / "junit.xsd")).validate(str(pytester.path / "junit.xml"))
    suites = {s.name: s for s in JUnitXml.fromfile(str(pytester.path / "junit.xml"))}
    assert list(suites) == ["spec"]
    for case in suites["spec"]:
        props = {p.get("name"): p.get("value") for p in case._elem.iter("property")}
        assert set(props) >= {"points", "max_points", "outcome", "call", "visibility"}, props


# -- grading where pytest expects it -------------------------------------------------------------

@pytest.mark.parametrize("option", ["--setup-only", "--setup-plan", "--collect-only"])
def test_runs_that_do_not_test_never_run_student_code_or_touch_reports(jsgrade: Grader, pytester: pytest.Pytester, option: str) -> None:
    (pytester.path / "results.json").write_text("earlier results\n")
    spin = {"main.js": "function id(x) { for (;;) {} }\nfunction twoSum() {}\n"}
    result = jsgrade(NAMED, spin, option, "--jsgrade-gradescope-json", "results.json")
    assert "jsgrade score" not in result.stdout.str()
    assert (pytester.path / "results.json").read_text() == "earlier results\n"
    assert result.duration < 5  # the spinning calls never ran (each would take a second)


# -- report files ----------------------------------------------------------------------------------

def test_reports_follow_the_umask(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    old = os.umask(0o027)
    try:
        jsgrade(NAMED, MAIN, "--jsgrade-gradescope-json", "results.json", "--junitxml", "junit.xml")
    finally:
        os.umask(old)
    for name in ("results.json", "junit.xml"):
        assert stat.S_IMODE((pytester.path / name).stat().st_mode) == 0o640, name


def test_a_report_path_that_cannot_be_written_is_one_line_and_the_others_are_written(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    (pytester.path / "a-directory").mkdir()
    result = jsgrade(NAMED, MAIN, "--jsgrade-gradescope-json", "a-directory", "--junitxml", "junit.xml")
    assert result.ret == pytest.ExitCode.INTERNAL_ERROR
    result.stdout.fnmatch_lines(["jsgrade: cannot write the report */a-directory: it is a directory"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert "<testsuite name=\"spec\"" in (pytester.path / "junit.xml").read_text()


def test_a_folder_that_cannot_be_made_is_one_clear_line(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    """(Unlike a read-only folder, this fails for every user, root included, as CI runs.)"""
    (pytester.path / "a-file").write_text("")
    result = jsgrade(NAMED, MAIN, "--jsgrade-gradescope-json", "a-file/results.json")
    assert result.ret == pytest.ExitCode.INTERNAL_ERROR
    result.stdout.fnmatch_lines(["jsgrade: cannot write the report */a-file/results.json: *"])


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(os, "symlink"), reason="needs named pipes and symbolic links")
def test_symlinks_are_followed_and_pipes_are_written_in_place(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    (pytester.path / "real.json").write_text("")
    (pytester.path / "link.json").symlink_to("real.json")
    os.mkfifo(pytester.path / "pipe")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append((pytester.path / "pipe").read_bytes()))
    reader.start()
    jsgrade(NAMED, MAIN, "--jsgrade-gradescope-json", "link.json")
    jsgrade(NAMED, MAIN, "--jsgrade-gradescope-json", "pipe")
    reader.join(timeout=30)
    assert (pytester.path / "link.json").is_symlink() and json.loads((pytester.path / "real.json").read_text())["tests"]
    assert stat.S_ISFIFO((pytester.path / "pipe").stat().st_mode) and json.loads(received[0])["tests"]


# -- what students may see ---------------------------------------------------------------------------

def test_student_markdown_stays_in_code_and_hidden_totals_stay_hidden(jsgrade: Grader, pytester: pytest.Pytester, github: list[str]) -> None:
    evil = "# Grade: A+\\n![x](http://tracker.example/p.png) ```\\n[click](http://evil.example)"
    spec = ("file: main.js\ncases:\n  - {name: visible, call: 'boom()', expect: 1}\n"
            "  - {name: secret, call: 'id(1)', expect: 1, points: 5, visibility: hidden}\n")
    jsgrade(spec, {"main.js": f"function id(x) {{ return x; }}\nfunction boom() {{ throw new Error(\"{evil}\"); }}\n"}, *github)
    data = gradescope(pytester)
    assert data["output"].startswith("Visible tests: 0 / 1 points; 0 of 1 passed.")  # type: ignore[union-attr]
    assert "5" not in str(data["output"])
    visible = next(t for t in data["tests"] if t["name"].endswith("visible"))  # type: ignore[union-attr]
    outside = _outside_code(visible["output"])
    assert "http" not in outside and "![" not in outside and "#" not in outside
    assert "http://tracker.example" in visible["output"]  # still shown, as text
    summary = (pytester.path / "summary.md").read_text()
    assert "![" not in _outside_code(summary).replace("\\!\\[", "")


def _outside_code(markdown: str) -> str:
    """The Markdown that renders as Markdown: everything but fenced blocks and code spans."""
    out, fence = [], None
    for line in markdown.splitlines():
        stripped = line.lstrip()
        if fence is None and stripped.startswith("```"):
            fence = stripped[: len(stripped) - len(stripped.lstrip("`"))]
            continue
        if fence is not None:
            if stripped.startswith(fence) and stripped.strip("`") == "":
                fence = None
            continue
        out.append(line)
    import re

    return re.sub(r"(`+)(.+?)\1", "", "\n".join(out))


def test_classroom_result_stays_small_with_every_test_and_score(jsgrade: Grader, pytester: pytest.Pytester, github: list[str]) -> None:
    long_failures = "function id(x) { throw new Error('x'.repeat(3000) + x); }\nfunction twoSum() {}\n"
    spec = "file: main.js\ncases:\n" + "".join(f"  - {{call: 'id({i})', expect: {i}}}\n" for i in range(300))
    jsgrade(spec, {"main.js": long_failures}, *github)
    line = next(x for x in (pytester.path / "github_output").read_text().splitlines() if x.startswith("result="))
    assert len(line) - len("result=") <= MAX_RESULT_BYTES
    room = classroom(pytester)
    assert len(room["tests"]) == 300 and room["max_score"] == 300  # type: ignore[arg-type]
    assert room["tests"][0]["message"].startswith("(the messages were left out")  # type: ignore[index]


def test_classroom_can_list_one_test_per_spec(jsgrade: Grader, pytester: pytest.Pytester, github: list[str]) -> None:
    jsgrade(NAMED, MAIN, *github, "--jsgrade-classroom-tests", "spec")
    (test,) = classroom(pytester)["tests"]  # type: ignore[misc]
    assert test["name"] == "spec" and test["status"] == "fail" and test["score"] == 1
    assert test["message"].startswith("1 of 3 cases passed, 1 / 3 points")


# -- the Gradescope zip -------------------------------------------------------------------------------

def test_two_labs_with_the_same_file_names_both_arrive(tmp_path: Path) -> None:
    import zipfile

    for lab in ("lab1", "lab2"):
        (tmp_path / lab).mkdir()
        (tmp_path / lab / "spec.yaml").write_text(f"title: {lab}\nfile: main.js\ncases:\n  - {{call: 'f()', expect: 1}}\n")
    archive = build_gradescope_zip([str(tmp_path / "lab1"), str(tmp_path / "lab2")], tmp_path / "a.zip")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        pins = zf.read("constraints.txt").decode()
    assert {"specs/lab1/spec.yaml", "specs/lab2/spec.yaml"} <= set(names) and len(names) == len(set(names))
    assert "quickjs-ng==" in pins and "pytest==" in pins
    (tmp_path / "again" / "lab1").mkdir(parents=True)
    (tmp_path / "again" / "lab1" / "spec.yaml").write_text((tmp_path / "lab1" / "spec.yaml").read_text())
    with pytest.raises(SystemExit, match="would both be specs/lab1/spec.yaml in the zip"):
        build_gradescope_zip([str(tmp_path / "lab1"), str(tmp_path / "again" / "lab1")], tmp_path / "b.zip")


def test_the_repository_specs_still_build(tmp_path: Path) -> None:
    assert build_gradescope_zip([str(REPO / "specs")], tmp_path / "z.zip").is_file()


@given(st.text(), st.text(), st.fractions(min_value=0, max_value=1000))
def test_a_records_nodeid_and_points_read_back_exactly(nodeid: str, name: str, points: Fraction) -> None:
    """JUnit finds a case's record by the nodeid at the start of its text, read without decoding it;
    points decoded through the cache are the exact Fractions encoded."""
    record = CaseRecord(nodeid=nodeid, spec_key="s.yaml", spec_title="S", spec_file="s.yaml", case_index=0, name=name,
                        call="f()", max_points=points, visibility="visible")
    text = record.encode()
    assert nodeid_of_record(text) == nodeid
    assert CaseRecord.decode(text) == record
    assert nodeid_of_record("[1]") is None and nodeid_of_record('["cut') is None


def test_escape_sequences_a_student_prints_or_throws_are_shown_not_run(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    """A terminal escape (OSC 52 sets the reader's clipboard), a carriage return or a bidirectional
    override in a student's output or error reaches no report as it is: it is written as an escape."""
    student = ("function f() { console.log('\\x1b]52;c;ZXZpbA==\\x07 \\x1b[2J'); throw new Error('bad\\r\\u202eevil'); }\n")
    result = jsgrade(one_case("f()", expect=1), {"main.js": student}, f"--jsgrade-gradescope-json={pytester.path / 'r.json'}")
    result.assert_outcomes(failed=1)
    shown = result.stdout.str() + (pytester.path / "r.json").read_text(encoding="utf-8")
    for raw in ("\x1b", "\x07", "\u202e", "bad\r"):
        assert raw not in shown, repr(raw)
    assert "\\x1b]52;c;ZXZpbA==\\x07" in shown and "threw Error: bad\\x0d\\u202eevil" in shown


def test_a_lone_surrogate_a_student_prints_does_not_garble_the_failure(jsgrade: Grader) -> None:
    result = jsgrade(one_case("f()", output="x\n"), {"main.js": "function f() { console.log('\\ud800\\u2028\\r\\n\\t\\udc00'); }\n"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*wrong console output*", "*got output*\\ud800*"])
