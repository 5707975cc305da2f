"""The session's results plugin: fills the Ledger from reports, prints the score table, and has
every report writer write once at the end of the session.

It runs where results are reported: in a plain run that is pytest's own process, under xdist
it is the controller (workers only grade).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ..spec.model import SPEC_SUFFIXES
from ..spec.points import ZERO
from .io import ReportError, ReportWriter
from .ledger import Ledger
from .records import record_of
from .text import score_table, total_line


class ScoreBoard:
    def __init__(self, writers: list[ReportWriter], footer: Callable[[Ledger], list[str]] | None = None) -> None:
        self.ledger = Ledger()
        self.writers = writers
        self.footer = footer  # more lines after the total (GitHub annotations)
        self.written = False
        self.started = 0.0
        self.errors: list[str] = []  # reports that could not be written, one line each
        self.grading = True  # False for runs that grade nothing (--collect-only, --setup-only, --setup-plan)

    @pytest.hookimpl
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.started = time.monotonic()
        option = session.config.option
        self.grading = not (option.collectonly or getattr(option, "setuponly", False) or getattr(option, "setupplan", False))

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            record = record_of(item.user_properties)
            if record is not None:
                self.ledger.collected(record)

    @pytest.hookimpl
    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        for item in items:  # deselected with -k/-m: not part of this run's score
            self.ledger.deselected(item.nodeid)

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.ledger.reported(report)

    @pytest.hookimpl
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """A spec file whose collection itself failed (broken specs are error items instead, so this
        is a failure outside the spec's own checks): its text is all there is, its worth unknown."""
        if report.failed and report.nodeid.endswith(SPEC_SUFFIXES):
            text = report.longreprtext.strip()
            self.ledger.collection_failed(report.nodeid, text.splitlines()[-1] if text else "the spec could not be loaded", ZERO)

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        for error in self.errors:
            terminalreporter.write_line(f"jsgrade: {error}", red=True, bold=True)
        lines = score_table(self.ledger)
        if not lines or not self.grading:
            return
        terminalreporter.write_sep("=", "jsgrade score")
        for line in lines:
            terminalreporter.write_line(line)
        terminalreporter.write_sep("-", total_line(self.ledger.totals()), bold=True)
        for line in self.footer(self.ledger) if self.footer else []:
            terminalreporter.write_line(line)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.write()

    @pytest.hookimpl
    def pytest_unconfigure(self, config: pytest.Config) -> None:
        unreported = not self.written
        self.write()  # a session that ended abnormally still leaves its reports
        if unreported:
            for error in self.errors:
                print(f"jsgrade: {error}", file=sys.stderr)

    def write(self) -> None:
        """Runs every report writer exactly once (never in runs that grade nothing). A report that
        cannot be written leaves one line in `errors`, and the other reports are still written."""
        if self.written or not self.grading:
            return
        self.written = True
        elapsed = time.monotonic() - self.started if self.started else 0.0
        for writer in self.writers:
            try:
                writer.write(self.ledger, elapsed)
            except ReportError as exc:
                self.errors.append(str(exc))
            except Exception as exc:  # a plugin's writer: its failure must not cost the other reports
                self.errors.append(f"the report writer {writer.description!r} failed: {type(exc).__name__}: {exc}")


class Finisher:
    """What happens once every other plugin has finished the session: the --junitxml file that
    pytest's own plugin has just written is regrouped and enriched, and the exit status is set."""

    def __init__(self, board: ScoreBoard, lost_points_fail: bool = True) -> None:
        self.board = board
        self.lost_points_fail = lost_points_fail  # False in GitHub Actions, where the reporter decides

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        xmlpath = getattr(session.config.option, "xmlpath", None)
        if self.board.grading and xmlpath and Path(xmlpath).is_file():
            from .junit import enrich  # junitparser is imported only by sessions that write JUnit

            try:
                enrich(Path(xmlpath), self.board.ledger)
            except ReportError as exc:
                self.board.errors.append(str(exc))
        if not self.lost_points_fail and session.exitstatus in (0, 1):
            # A student's lost points are not a failed step; a spec that could not be loaded is.
            session.exitstatus = 1 if self.board.ledger.failures else 0
        if self.board.errors:  # the grade could not be recorded: no exit status may say all is well
            session.exitstatus = pytest.ExitCode.INTERNAL_ERROR
