"""Matching modes against text a student controls: a pattern that backtracks never hangs the grader,
`trim` keeps indentation, only a newline ends a line, and an empty `contains` is refused."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import Grader, one_case
from hypothesis import given
from hypothesis import strategies as st

from pytest_jsgrade.grading import matching
from pytest_jsgrade.grading.matching import PatternTooSlow, text_matches, trimmed
from pytest_jsgrade.spec.build import load_spec
from pytest_jsgrade.spec.errors import SpecError

SLOW = r"(.*a){25}b"  # backtracks: about 0.1 s on 60 letters, far more on a few hundred


def test_a_pattern_that_backtracks_stops_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "REGEX_SECONDS", 0.05)
    started = time.monotonic()
    with pytest.raises(PatternTooSlow):
        text_matches(SLOW, "a" * 2000, "regex")
    assert time.monotonic() - started < 2


def test_a_slow_pattern_is_the_specs_error_and_the_session_goes_on(jsgrade: Grader, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "REGEX_SECONDS", 0.05)
    spec = f"""
        file: main.js
        cases:
          - {{name: slow, call: "shout()", output: {{text: "{SLOW}", match: regex}}}}
          - {{name: next, call: "1", expect: 1}}
    """
    result = jsgrade(spec, {"main.js": "function shout() { console.log('a'.repeat(2000)); }"})
    result.assert_outcomes(errors=1, passed=1)
    result.stdout.fnmatch_lines(["*the spec's regular expression took more than 0.05 s on this text (an error in the spec*"])


def test_the_usual_catastrophic_patterns_finish_at_once() -> None:
    started = time.monotonic()
    assert not text_matches(r"^(\w+\s?)*$", "a" * 40 + "!", "regex")
    assert not text_matches(r".*Total: \d+", "x" * 200_000, "regex")
    assert time.monotonic() - started < 2


def test_trim_keeps_indentation_and_only_a_newline_ends_a_line() -> None:
    pyramid = "  *\n ***\n*****\n"
    assert not text_matches(pyramid, "*\n ***\n*****\n", "trim")
    assert text_matches(pyramid, "\n  *   \n ***\n*****\n\n", "trim")
    assert not text_matches("a\nb", "a\u2028b", "trim")
    assert text_matches("Insufficient funds", "  insufficient FUNDS \n", "ignore_case")


@given(st.text())
def test_trimming_is_idempotent_and_keeps_every_inner_line(text: str) -> None:
    once = trimmed(text)
    assert trimmed(once) == once
    assert text_matches(text, text, "trim") and text_matches(text, text, "ignore_case")


@pytest.mark.parametrize("expectation", [
    'output: {text: "", match: contains}',
    'output: {text: "", match: regex}',
    'expect: "", match: contains',
])
def test_an_empty_text_that_matches_anything_is_refused(tmp_path: Path, expectation: str) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(f"file: main.js\ncases:\n  - {{call: 'f()', {expectation}}}\n")
    with pytest.raises(SpecError, match="an empty text matches anything"):
        load_spec(spec)


def test_a_regex_with_unicode_classes_is_accepted(jsgrade: Grader) -> None:
    result = jsgrade(one_case("greet()", output={"text": r"^\p{Lu}\p{Ll}+, \p{L}+!$", "match": "regex"}),
                     {"main.js": "function greet() { console.log('Hallo, Jürgen!'); }"})
    result.assert_outcomes(passed=1)
