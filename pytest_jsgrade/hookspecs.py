"""Extension points for other plugins and conftest.py files, named `pytest_jsgrade_*`.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .compare import Mismatch
    from .grading import Verdict
    from .spec import Case


@pytest.hookspec(firstresult=True)
def pytest_jsgrade_compare(case: Case, expected: Any, actual: Any) -> Mismatch | bool | str | None:
    """Decide whether a returned value matches the expected one, instead of deep strict equality.

    Fires once per case that has `expect`, in the pytest process (never in the sandbox), with
    both values in the model of `pytest_jsgrade.values` (JS numbers are floats, undefined is
    `values.UNDEFINED`, ...). Return None to leave the decision to the next implementation
    (and finally to deep strict equality), True when equal, or False, a message, or a
    `compare.Mismatch` when not. Example, in conftest.py::

        def pytest_jsgrade_compare(case, expected, actual):
            if case.name.startswith("case-insensitive"):
                return str(expected).lower() == str(actual).lower() or "differs beyond letter case"
            return None
    """


@pytest.hookspec
def pytest_jsgrade_adjust_verdict(item: pytest.Item, case: Case, verdict: Verdict) -> None:
    """Change a case's verdict before it is scored and reported (every implementation runs).

    Fires once per case after grading, in the process that ran the case. Mutate `verdict`
    (`score`, `kind`, `headline`, `sections`). Example: half credit for a correct but slow
    solution::

        def pytest_jsgrade_adjust_verdict(item, case, verdict):
            if verdict.passed and verdict.cpu_ms > 500:
                verdict.score = verdict.max_score / 2
                verdict.kind = "partial"
                verdict.headline = "correct, but slower than 500 ms: half credit"
    """
