"""A bad spec is a collection error with file, line and key; the other specs keep running."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, Grader

from pytest_jsgrade.spec.build import load_spec
from pytest_jsgrade.spec.errors import SpecError
from pytest_jsgrade.spec.loader import load_yaml
from pytest_jsgrade.spec.schema import schema


def collect_error(jsgrade: Grader, spec: str) -> str:
    result = jsgrade(spec, {"main.js": "function f() { return 1; }"})
    result.assert_outcomes(errors=1)
    text = result.stdout.str()
    assert "Traceback" not in text
    return text


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("file: main.js\ncases:\n  - call: f()\n    expct: 1\n", "*spec.yaml:4: cases[[]0[]]: unknown key 'expct'; did you mean 'expect'?*"),
        ("file: main.js\ntitel: X\ncases:\n  - {call: f(), expect: 1}\n", "*spec.yaml:2: unknown key 'titel'; did you mean 'title'?*"),
        ("file: main.js\ncases:\n  - {call: f()}\n", "*spec.yaml:3: cases[[]0[]]: a case needs at least one of expect, throws, output, check*"),
        ("cases:\n  - {call: f(), expect: 1}\n", "*spec.yaml:1: missing required key 'file'*"),
        ("file: main.js\ncases:\n  - {expect: 1}\n", "*spec.yaml:3: cases[[]0[]]: a case needs a call (or steps)*"),
        ("file: main.js\ncases:\n  - {call: f(), expect: 1, throws: Error}\n", "*'throws' cannot be combined with 'expect' or 'check'*"),
        ("file: main.js\npoints: lots\ncases:\n  - {call: f(), expect: 1}\n", "*spec.yaml:2: points: expected number, got string \"lots\"*"),
        ("file: main.js\ncases:\n  - {call: f(), expect: 1, visibility: secret}\n", "*visibility: 'secret' is not one of visible, hidden, after_due_date, after_published*"),
        ("file: ../outside.js\ncases:\n  - {call: f(), expect: 1}\n", "*spec.yaml:1: file: '../outside.js' is not valid here*"),
        ("file: main.js\ncases:\n  - call: f()\n    expect: 1\n    expect: 2\n", "*spec.yaml:5: YAML syntax error: duplicate key 'expect' (first at line 4)*"),
        ("file: main.js\ncases:\n  - call: f({a: 1})\n    expect: 1\n", "*YAML syntax error*"),
        ("file: main.js\ncases: [\n", "*spec.yaml:?: YAML syntax error*"),
        ("file: main.js\ncases:\n  - {call: f(), expect: 1, name: null}\n", "*name: expected string, got null null (put it in quotes to make it text)*"),
    ],
)
def test_schema_errors_name_file_line_and_key(jsgrade: Grader, spec: str, message: str) -> None:
    text = collect_error(jsgrade, spec)
    assert "jsgrade spec error: spec.yaml" in text
    import fnmatch

    assert any(fnmatch.fnmatch(line, message) for line in text.splitlines()), text


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ("{time: 0}", "*limits.time: 0 is not valid here*"),
        ("{time: -1s}", "*limits.time: '-1s' is not valid here*"),
        ("{time: 1 year}", "*limits.time: '1 year' is not valid here*"),
        ("{time: 2min}", "*time limit '2min' is out of range: it must be between 1ms and 60s*"),
        ("{memory: 1TB}", "*limits.memory: '1TB' is not valid here*"),
        ("{memory: 4096GB}", "*memory limit '4096GB' is out of range*"),
        ("{memory: 1KB}", "*memory limit '1KB' is out of range: it must be between 256KB and 2GB*"),
        ("{stack: 0}", "*limits.stack: 0 is not valid here*"),
        ("{cpu: 1s}", "*unknown key 'cpu'*"),
    ],
)
def test_limits_are_validated(jsgrade: Grader, limits: str, message: str) -> None:
    text = collect_error(jsgrade, f"file: main.js\nlimits: {limits}\ncases:\n  - {{call: f(), expect: 1}}\n")
    import fnmatch

    assert any(fnmatch.fnmatch(line, message) for line in text.splitlines()), text


def test_a_bad_spec_leaves_the_other_specs_running(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", good="file: main.js\ncases:\n  - {call: f(), expect: 1}\n")
    result = jsgrade("file: main.js\ncases:\n  - {call: f(), expct: 1}\n", {"main.js": "function f() { return 1; }"})
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*jsgrade score*", "good*1 / 1*", "spec.yaml*0 / ?*spec error: *unknown key 'expct'*"])


def test_other_yaml_files_are_left_alone(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    pytester.makefile(".yml", workflow="name: CI\non: push\njobs: {}\n")
    result = jsgrade("file: main.js\ncases:\n  - {call: f(), expect: 1}\n", {"main.js": "function f() { return 1; }"})
    result.assert_outcomes(passed=1)


def test_yaml_numbers_are_read_as_people_write_them(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("a: 1e-9\nb: .5\nc: 1_000\nd: no\ne: 2024-01-01\nf: 0x10\ng: 010\nh: -.inf\ni: ~\nj: 1.5e3\n")
    doc = load_yaml(path)
    assert doc == {"a": 1e-9, "b": 0.5, "c": 1000, "d": "no", "e": "2024-01-01", "f": 16, "g": 10, "h": float("-inf"), "i": None, "j": 1500.0}


def test_yaml_bombs_are_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    lines.append("file: main.js\ncases:\n  - {call: f(), expect: *i}")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines))
    with pytest.raises(SpecError, match=r"aliases \(\*name\) would repeat more than 1,000,000 values \([\d,]+\)"):
        load_spec(path)


def test_a_spec_of_100000_written_cases_loads_because_the_guard_counts_aliases(tmp_path: Path) -> None:
    """The alias guard counts what aliases repeat, not what is written: a large generated spec
    loads, and shares an anchor a hundred thousand times without tripping it."""
    path = tmp_path / "big.yaml"
    cases = "".join(f"  - {{call: 'f({i})', expect: {i}, limits: *l}}\n" for i in range(100_000))
    path.write_text("file: main.js\nlimits: &l {time: 1s}\ncases:\n" + cases)
    spec = load_spec(path)
    assert len(spec.cases) == 100_000 and spec.cases[-1].call == "f(99999)"


def test_unsafe_tags_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("file: main.js\ncases:\n  - {call: f(), expect: !!python/object/apply:os.system [echo hi]}\n")
    with pytest.raises(SpecError, match="YAML syntax error"):
        load_spec(path)


def test_the_schema_is_a_valid_draft_2020_12_schema_with_descriptions() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["$id"]

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                assert "description" in value or "$ref" in value, f"{where}.{key} has no description"
            for key, value in node.items():
                walk(value, f"{where}.{key}")

    walk(schema(), "schema")


def test_every_shipped_spec_validates_against_the_schema() -> None:
    specs = sorted((REPO / "specs").glob("*.yaml"))
    assert len(specs) >= 3
    for path in specs:
        spec = load_spec(path)
        assert spec.cases, path
        assert "yaml-language-server: $schema=" in path.read_text().splitlines()[0]


def test_schema_examples_are_valid() -> None:
    validator = jsonschema.Draft202012Validator(schema())
    for example in schema()["examples"]:
        validator.validate(json.loads(json.dumps(example)))


def test_control_characters_are_a_spec_error_with_a_line(tmp_path: Path) -> None:
    # Found by the fuzzer: PyYAML's reader rejected the text before the loader's error handling.
    path = tmp_path / "s.yaml"
    path.write_text("file: main.js\ncases:\n  - {call: 'f()\x1f', expect: 1}\n")
    with pytest.raises(SpecError, match=r"s.yaml:3: the spec contains a character YAML does not allow"):
        load_spec(path)


def test_a_yaml_error_where_the_file_ends_points_at_its_last_line(tmp_path: Path) -> None:
    """libyaml marks "the file ended too soon" on the line after the last; the error must name a real line."""
    path = tmp_path / "spec.yaml"
    path.write_text("file: main.js\ncases:\n  - call: f()\n    expect: 1\n0", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert caught.value.line == 5 and "YAML syntax error" in caught.value.message


@pytest.mark.parametrize(("key", "value", "message"), [
    ("reference", "../../somewhere.js", "reference: '../../somewhere.js' is not valid here. A path relative to the spec file, inside"),
    ("reference", "/etc/passwd", "reference: '/etc/passwd' is not valid here. A path relative to the spec file, inside"),
    ("reference", "sub\\..\\..\\somewhere.js", "is not valid here. A path relative to the spec file, inside"),
    ("file", "../other/main.js", "file: '../other/main.js' is not valid here. A path relative to the submission directory; no absolute"),
    ("file", "C:\\Users\\main.js", "is not valid here. A path relative to the submission directory; no absolute"),
])
def test_spec_paths_stay_in_the_specs_folder(tmp_path: Path, key: str, value: str, message: str) -> None:
    (tmp_path / "lab").mkdir()
    (tmp_path / "somewhere.js").write_text("function f() { return 1; }\n")
    other = {"file": "main.js", "reference": "ref.js"}
    other[key] = value
    (tmp_path / "lab" / "ref.js").write_text("function f() { return 1; }\n")
    path = tmp_path / "lab" / "spec.yaml"
    path.write_text(f"file: {json.dumps(other['file'])}\nreference: {json.dumps(other['reference'])}\ncases:\n  - {{call: f(), expect: 1}}\n")
    with pytest.raises(SpecError, match=re.escape(message)):
        load_spec(path)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_reference_that_links_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lab").mkdir()
    (tmp_path / "outside.js").write_text("function f() { return 1; }\n")
    (tmp_path / "lab" / "ref.js").symlink_to(tmp_path / "outside.js")
    path = tmp_path / "lab" / "spec.yaml"
    path.write_text("file: main.js\nreference: ref.js\ncases:\n  - {call: f(), expect: 1}\n")
    with pytest.raises(SpecError, match="reference: 'ref.js' leads outside the spec's folder"):
        load_spec(path)
