"""How text is compared: a case's console output, a thrown error's message, and a string result.

| mode | matches when |
| --- | --- |
| exact | the texts are equal (the default for output and results) |
| trim | equal once each line's trailing spaces and the blank lines around the text are left out (indentation counts) |
| ignore_case | as trim, with spaces around the whole text left out too and upper and lower case alike (Unicode case folding) |
| contains | the expected text is in it (the default for error messages) |
| regex | the expected text, a Python regular expression, is found in it |

A regular expression runs in the grader's own process on text the student controls, so it runs
with a time limit (the `regex` module's `timeout`, which Python's `re` lacks): a pattern that
backtracks on a long output is the spec's error, never a grader that hangs.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..spec.model import Match

if TYPE_CHECKING:
    import regex

MODE_WORDS: dict[Match, str] = {
    "exact": "exactly", "trim": "equal, but for spaces at line ends and blank lines around it, to",
    "ignore_case": "equal, but for letter case and spaces around it, to",
    "contains": "containing", "regex": "matching the regular expression",
}


REGEX_SECONDS = 2.0  # the most a spec's pattern may take on one text


class PatternTooSlow(Exception):
    """A spec's regular expression did not finish on the student's text within REGEX_SECONDS."""

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(pattern)
        self.pattern, self.seconds = pattern, seconds


def trimmed(text: str) -> str:
    """Each line without its trailing spaces, and no blank lines before or after; only "\n" (and
    "\r\n") ends a line, as in the console output a student sees."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


@lru_cache(maxsize=256)
def _pattern(expected: str) -> regex.Pattern[str]:
    import regex  # loaded by the first spec that matches a pattern (about 16 ms)

    return regex.compile(expected)


def text_matches(expected: str, got: str, mode: Match) -> bool:
    if mode == "exact":
        return got == expected
    if mode == "trim":
        return trimmed(got) == trimmed(expected)
    if mode == "ignore_case":
        return trimmed(got).strip().casefold() == trimmed(expected).strip().casefold()
    if mode == "contains":
        return expected in got
    try:
        return _pattern(expected).search(got, timeout=REGEX_SECONDS) is not None
    except TimeoutError:
        raise PatternTooSlow(expected, REGEX_SECONDS) from None


def describe(expected: str, mode: Match) -> str:
    """The expectation in words, for a failure: `containing 'funds'`."""
    return f"{MODE_WORDS[mode]} {expected!r}"
