"""How text is compared: a case's console output, a thrown error's message, and a string result.

| mode | matches when |
| --- | --- |
| exact | the texts are equal (the default for output and results) |
| trim | equal once each line's trailing spaces and the blank lines around the text are left out |
| ignore_case | as trim, with upper and lower case alike (Unicode case folding) |
| contains | the expected text is in it (the default for error messages; "" matches anything) |
| regex | the expected text, a Python regular expression, is found in it |

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..spec.model import Match

MODE_WORDS: dict[Match, str] = {
    "exact": "exactly", "trim": "equal, but for spaces at line ends and blank lines around it, to",
    "ignore_case": "equal, but for letter case and spaces around it, to",
    "contains": "containing", "regex": "matching the regular expression",
}


def trimmed(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip("\n").splitlines()).strip()


@lru_cache(maxsize=256)
def _pattern(expected: str) -> re.Pattern[str]:
    return re.compile(expected)


def text_matches(expected: str, got: str, mode: Match) -> bool:
    if mode == "exact":
        return got == expected
    if mode == "trim":
        return trimmed(got) == trimmed(expected)
    if mode == "ignore_case":
        return trimmed(got).casefold() == trimmed(expected).casefold()
    if mode == "contains":
        return expected in got
    return _pattern(expected).search(got) is not None


def describe(expected: str, mode: Match) -> str:
    """The expectation in words, for a failure: `containing 'funds'`."""
    return f"{MODE_WORDS[mode]} {expected!r}"
