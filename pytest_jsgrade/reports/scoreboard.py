"""The session's results plugin: fills the Ledger from reports, prints the score table, and has
every report writer write once at the end of the session.

It runs where results are reported: in a plain run that is pytest's own process, under xdist
it is the controller (workers only grade).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .io import ReportWriter
from .ledger import SPEC_SUFFIXES, Ledger
from .records import record_of
from .text import score_table, total_line

SPEC_FAILURE = "jsgrade_spec_failure"  # attribute of a failed spec's CollectReport: [message, estimated points]


class ScoreBoard:
    def __init__(self, writers: list[ReportWriter], footer: Callable[[Ledger], list[str]] | None = None) -> None:
        self.ledger = Ledger()
        self.writers = writers
        self.footer = footer  # more lines after the total (GitHub annotations)
        self.written = False
        self.started = 0.0

    @pytest.hookimpl
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.started = time.monotonic()

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
        if not report.failed or not report.nodeid.endswith(SPEC_SUFFIXES):
            return
        failure = getattr(report, SPEC_FAILURE, None)
        if isinstance(failure, list) and len(failure) == 2:
            self.ledger.collection_failed(report.nodeid, str(failure[0]), float(failure[1]))
        else:  # a failure outside the spec's own checks (an internal error): its text is all there is
            text = report.longreprtext.strip()
            self.ledger.collection_failed(report.nodeid, text.splitlines()[-1] if text else "the spec could not be loaded", 0.0)

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        lines = score_table(self.ledger)
        if not lines or terminalreporter.config.option.collectonly:
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
    def pytest_unconfigure(self) -> None:
        self.write()  # a session that ended abnormally still leaves its reports

    def write(self) -> None:
        """Runs every report writer exactly once."""
        if self.written:
            return
        self.written = True
        elapsed = time.monotonic() - self.started if self.started else 0.0
        for writer in self.writers:
            writer.write(self.ledger, elapsed)


class JUnitEnricher:
    """Regroups and enriches the --junitxml file once pytest's own plugin has written it."""

    def __init__(self, board: ScoreBoard) -> None:
        self.board = board

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        xmlpath = getattr(session.config.option, "xmlpath", None)
        if xmlpath and Path(xmlpath).is_file():
            from .junit import enrich  # junitparser is imported only by sessions that write JUnit

            enrich(Path(xmlpath), self.board.ledger)
