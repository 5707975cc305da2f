"""The session's results plugin: fills the Ledger from reports, prints the score table, and
has the report writers (Gradescope, GitHub Classroom) write once at the end of the session.

It runs where results are reported: in a plain run that is pytest's own process, under
xdist it is the controller (workers only grade).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .ledger import Ledger
from .render import SpecRow, score_table, total_line
from .reports import Writer


class ScoreBoard:
    def __init__(self, config: pytest.Config, writers: list[Writer]) -> None:
        self.ledger = Ledger(rootpath=config.rootpath)
        self.submission = Path(".")
        self.writers = writers
        self.written = False
        self.started = 0.0

    def rows(self) -> list[SpecRow]:
        rows = []
        for order, key in enumerate(self.ledger.spec_keys()):
            failure = self.ledger.failures.get(key)
            cases = self.ledger.cases_of(key)
            title = cases[0].spec_title if cases else key.rsplit("/", 1)[-1]
            row = SpecRow(title=title, order=order, error=failure.message if failure else None)
            for case in cases:
                row.cases += 1
                row.possible += case.max_points
                row.earned += case.points
                row.cpu_ms += case.cpu_ms
                row.memory = max(row.memory, case.memory_bytes)
                row.passed += case.passed
            rows.append(row)
        return rows

    @pytest.hookimpl
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        import time

        self.started = time.monotonic()

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            self.ledger.collected(item)

    @pytest.hookimpl
    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        for item in items:  # deselected with -k/-m: not part of this run's score
            self.ledger.cases.pop(item.nodeid, None)

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.ledger.reported(report)

    @pytest.hookimpl
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.ledger.collection_failed(report)

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        config = terminalreporter.config
        rows = self.rows()
        if not rows or config.option.collectonly:
            return
        terminalreporter.write_sep("=", "jsgrade score")
        for line in score_table(rows):
            terminalreporter.write_line(line)
        terminalreporter.write_sep("-", total_line(rows), bold=True)
        if config.getoption("jsgrade_github"):
            from .github import annotation_lines

            workspace = Path(os.environ.get("GITHUB_WORKSPACE", config.invocation_params.dir))
            for line in annotation_lines(self.ledger, self.submission, workspace):
                terminalreporter.write_line(line)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.write()
        if session.config.getoption("jsgrade_github") and session.exitstatus in (0, 1):
            # In GitHub Actions a student's lost points are not a failed step (the Classroom
            # reporter decides the colour); a spec that could not be loaded is.
            session.exitstatus = 1 if self.ledger.failures else 0

    @pytest.hookimpl
    def pytest_unconfigure(self) -> None:
        self.write()  # a session that ended abnormally still leaves its reports

    def write(self) -> None:
        """Runs every report writer exactly once."""
        if self.written:
            return
        self.written = True
        import time

        elapsed = time.monotonic() - self.started if self.started else 0.0
        for writer in self.writers:
            writer(self.ledger, elapsed)


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
