"""JUnit XML: valid against the schema CI tools accept, one suite per spec, CPU time and points."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema
from conftest import Grader
from junitparser import Error, Failure, JUnitXml

XSD = xmlschema.XMLSchema(str(Path(__file__).parent / "schemas" / "junit.xsd"))
SPEC = """
title: Adding
file: main.js
points: 2
cases:
  - {name: ok, call: "add(1, 2)", expect: 3}
  - {name: wrong, call: "add(2, 2)", expect: 5}
"""


def case_properties(case: object) -> dict[str, str]:
    """junitparser reads suite properties; a testcase's are read from its element."""
    return {p.get("name"): p.get("value") for p in case._elem.iter("property")}  # type: ignore[attr-defined]


def parse(path: Path) -> JUnitXml:
    XSD.validate(str(path))
    xml = JUnitXml.fromfile(str(path))
    assert isinstance(xml, JUnitXml)
    return xml


def test_junit_is_valid_grouped_and_enriched(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    jsgrade(SPEC, {"main.js": "function add(a, b) { return a + b; }"}, "--junitxml", "junit.xml")
    xml = parse(pytester.path / "junit.xml")
    suites = list(xml)
    assert [s.name for s in suites] == ["Adding"]
    suite = suites[0]
    assert (suite.tests, suite.failures, suite.errors) == (2, 1, 0)
    assert {p.name: p.value for p in suite.properties()} == {"spec_file": "spec.yaml", "points": "2", "max_points": "4"}
    cases = {c.name: c for c in suite}
    wrong = cases["wrong"]
    props = case_properties(wrong)
    assert props["points"] == "0" and props["max_points"] == "2" and props["outcome"] == "wrong_answer"
    assert float(props["cpu_ms"]) > 0 and int(props["memory_bytes"]) > 0
    assert abs(wrong.time - float(props["cpu_ms"]) / 1000) < 1e-6
    failure = wrong.result[0]
    assert isinstance(failure, Failure) and failure.message == "wrong answer"
    assert "expected  5" in failure.text and "got       4" in failure.text


def test_junit_with_a_broken_spec_a_crash_and_python_tests(jsgrade: Grader, pytester: pytest.Pytester, faults: pytest.MonkeyPatch) -> None:
    faults.setenv("JSGRADE_TEST_CRASH_MARKER", "CRASH")
    pytester.makefile(".yaml", broken="file: main.js\ncases:\n  - {call: 'f()', expct: 1}\n")
    pytester.makepyfile(test_plain="def test_python():\n    assert True\n")
    jsgrade(SPEC.replace('"add(2, 2)"', '"add(2, 2) /* CRASH */"'), {"main.js": "function add(a, b) { return a + b; }"}, "--junitxml", "junit.xml")
    xml = parse(pytester.path / "junit.xml")
    suites = {s.name: s for s in xml}
    assert list(suites) == ["broken.yaml", "Adding", "other tests"]  # in spec file order; a broken spec is named by its file
    crashed = next(c for c in suites["Adding"] if c.name == "wrong")
    assert "the sandbox crashed (SIGSEGV)" in crashed.result[0].message
    (broken,) = list(suites["broken.yaml"])  # the broken spec's collection error, in a suite of its own
    assert any(isinstance(r, Error) for r in broken.result)
    assert case_properties(broken) == {"spec_file": "broken.yaml", "points": "0", "max_points": "1"}
    assert [c.name for c in suites["other tests"]] == ["test_python"]


def test_junit_is_the_same_under_xdist(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    files = {"main.js": "function add(a, b) { return a + b; }"}
    jsgrade(SPEC, files, "--junitxml", "serial.xml")
    jsgrade(SPEC, files, "--junitxml", "parallel.xml", "-n", "2")

    def shape(path: Path) -> list[tuple[str, str, str, str]]:
        return sorted((s.name, c.name, str(c.is_passed), case_properties(c)["points"])
                      for s in parse(path) for c in s)

    assert shape(pytester.path / "serial.xml") == shape(pytester.path / "parallel.xml")
