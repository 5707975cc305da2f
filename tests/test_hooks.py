"""The plugin's own hooks, implemented in a conftest.py as an instructor would."""

from __future__ import annotations

import pytest
from conftest import Grader, case_records


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
