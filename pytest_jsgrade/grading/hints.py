"""A "did you mean" for a name the student misspelled: `getBalence is not defined` or
`acct.getBalence is not a function`, when a name the student wrote is one or two letters away.

Only names from the student's own files are offered (never the call's or the spec's), so a hint
cannot leak anything about the tests. The message itself stays Node's, word for word: the hint is
a row of its own in the failure.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from ..sandbox.protocol import ThrownError

_NOT_DEFINED = re.compile(r"^([A-Za-z_$][\w$]*) is not defined$")
_NOT_A_FUNCTION = re.compile(r"^(?:.*\.)?([A-Za-z_$][\w$]*) is not a (?:function|constructor)$")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
MAX_CANDIDATES = 5000
_KEYWORDS = frozenset("""break case catch class const continue debugger default delete do else export extends false finally for
function if import in instanceof let new null return super switch this throw true try typeof var void while with yield async await
of static get set undefined""".split())


@lru_cache(maxsize=64)
def _names_by_length(text: str) -> dict[int, tuple[str, ...]]:
    """Every identifier in a file by its length (strings and comments included: a name written in
    a comment is still the student's)."""
    grouped: dict[int, list[str]] = {}
    for name in frozenset(_IDENTIFIER.findall(text)) - _KEYWORDS:
        grouped.setdefault(len(name), []).append(name)
    return {length: tuple(names) for length, names in grouped.items()}


def did_you_mean(error: ThrownError, sources: dict[str, str]) -> str | None:
    """The closest name the student wrote to the one the error names, if one is close enough."""
    if error.name not in ("ReferenceError", "TypeError"):
        return None
    match = (_NOT_DEFINED if error.name == "ReferenceError" else _NOT_A_FUNCTION).match(error.message)
    if not match:
        return None
    wanted = match.group(1)
    # A ratio of 0.8 needs lengths within 2:3 of each other; and a file stuffed with names must not
    # make each failure slow: past MAX_CANDIDATES, only names with the same first letter are tried.
    size = len(wanted)
    lengths = range((2 * size + 2) // 3, (3 * size) // 2 + 1)
    candidates: set[str] = set()
    for text in sources.values():
        by_length = _names_by_length(text)
        for length in lengths:
            candidates.update(by_length.get(length, ()))
    candidates.discard(wanted)
    if len(candidates) > MAX_CANDIDATES:
        first = wanted[0].lower()
        candidates = set(sorted(name for name in candidates if name[0].lower() == first)[:MAX_CANDIDATES])
    close = difflib.get_close_matches(wanted, sorted(candidates), n=1, cutoff=0.8)
    if not close:
        lowered = {name.lower(): name for name in candidates}
        same = lowered.get(wanted.lower())
        return f"did you mean `{same}`?" if same else None
    return f"did you mean `{close[0]}`?"
