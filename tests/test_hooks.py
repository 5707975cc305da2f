"""The plugin's own hooks, implemented in a conftest.py as an instructor would."""

from __future__ import annotations

import pytest
from conftest import Grader, case_records

SPEC = """
file: main.js
cases:
  - {call: "add(1, 1)", expect: 2}
  - {call: "add(2, 2)", expect: 4, points: 2}
"""


def test_custom_comparison_replaces_deep_equality(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        def pytest_jsgrade_compare(case, expected, actual):
            if case.name.startswith("any case"):
                return str(expected).lower() == str(actual).lower() or "differs beyond letter case"
            return None
        """
    )
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: any case ok, call: "'HELLO'", expect: hello}
          - {name: any case wrong, call: "'HELLO'", expect: bye}
          - {name: strict, call: "'HELLO'", expect: hello}
        """,
        {"main.js": ""},
    )
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*› any case wrong*", "*wrong answer*", "*why       differs beyond letter case*"])


def test_adjust_verdict_changes_the_score(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        def pytest_jsgrade_adjust_verdict(item, case, verdict):
            if case.name == "late":
                verdict.score = verdict.max_score / 2
                verdict.kind = "partial"
                verdict.headline = "submitted late: half credit"
        """
    )
    result = jsgrade(
        """
        file: main.js
        points: 2
        cases:
          - {name: late, call: "1", expect: 1}
          - {name: on time, call: "1", expect: 1}
        """,
        {"main.js": ""},
    )
    result.assert_outcomes(passed=1, failed=1)
    assert case_records(result)["late"].points == 1
    result.stdout.fnmatch_lines(["*submitted late: half credit*", "*jsgrade: 3 / 4 points*"])


def test_a_plugin_adds_a_report_writer_that_reads_the_ledger(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        from pathlib import Path

        class Gradebook:
            description = "gradebook.csv"

            def write(self, ledger, elapsed):
                totals = ledger.totals()
                Path("gradebook.csv").write_text(f"{totals.earned},{totals.possible},{totals.passed}/{totals.cases}\\n")

        def pytest_jsgrade_report_writers(config):
            return [Gradebook()]
        """
    )
    result = jsgrade(SPEC, {"main.js": "function add(a, b) { return a * b; }"}, "-n", "2")
    result.assert_outcomes(passed=1, failed=1)
    assert (pytester.path / "gradebook.csv").read_text() == "2,3,1/2\n"


def test_every_output_names_a_case_the_same_way(jsgrade: Grader, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    from base64 import b64decode

    monkeypatch.setenv("GITHUB_OUTPUT", str(pytester.path / "out"))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(pytester.path / "summary"))
    result = jsgrade("title: Adding\n" + SPEC, {"main.js": "function add(a, b) {\n  throw new Error('no');\n}"},
                     "--junitxml", "junit.xml", "--jsgrade-gradescope-json", "results.json", "--jsgrade-github")
    title = "Adding › add(2, 2)"
    result.stdout.fnmatch_lines([f"{title}*0 / 2 pt"])
    assert any(t["name"] == title for t in json.loads((pytester.path / "results.json").read_text())["tests"])
    assert f"{title}" in (pytester.path / "junit.xml").read_text()
    encoded = next(line for line in (pytester.path / "out").read_text().splitlines() if line.startswith("result="))
    assert any(t["name"] == title for t in json.loads(b64decode(encoded[len("result="):]))["tests"])
    assert "title=Adding › add(1%2C 1)::threw Error: no" in result.stdout.str()  # one annotation per place and reason
