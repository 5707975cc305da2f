"""Extension points for other plugins and conftest.py files, named `pytest_jsgrade_*`.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .grading.compare import Mismatch
    from .grading.verdict import Verdict
    from .reports.io import ReportWriter
    from .spec.model import Case


@pytest.hookspec(firstresult=True)
def pytest_jsgrade_compare(case: Case, expected: Any, actual: Any) -> Mismatch | bool | str | None:
    """Decide whether a returned value matches the expected one, instead of deep strict equality.

    Fires once per case that has `expect`, in the pytest process (never in the sandbox), with
    both values in the model of `pytest_jsgrade.grading.values` (JS numbers are floats,
    undefined is `values.UNDEFINED`, ...). Return None to leave the decision to the next
    implementation (and finally to deep strict equality), True when equal, or False, a message,
    or a `grading.compare.Mismatch` when not. Example, in conftest.py::

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

        from pytest_jsgrade.grading.verdict import Kind

        def pytest_jsgrade_adjust_verdict(item, case, verdict):
            if verdict.passed and verdict.cpu_ms > 500:
                verdict.score = verdict.max_score / 2
                verdict.kind = Kind.PARTIAL
                verdict.headline = "correct, but slower than 500 ms: half credit"
    """


@pytest.hookspec
def pytest_jsgrade_report_writers(config: pytest.Config) -> list[ReportWriter] | None:
    """Report writers for this session: every implementation's list is used.

    Fires once, at configure, in the process that writes reports (not in xdist workers). Each
    writer has a `description` and a `write(ledger, elapsed)` method that is called once at the
    end of the session with the session's `reports.ledger.Ledger`; this is how the built-in
    Gradescope and GitHub writers are added, and how a plugin adds one for its own LMS.
    Example, in conftest.py::

        class Gradebook:
            description = "gradebook.csv"

            def write(self, ledger, elapsed):
                totals = ledger.totals()
                Path("gradebook.csv").write_text(f"score,max\\n{totals.earned},{totals.possible}\\n")

        def pytest_jsgrade_report_writers(config):
            return [Gradebook()]
    """
