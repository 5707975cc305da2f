"""The score table: points per spec and the total, built from test reports only.

Reports are what reach the xdist controller, so the table adds up the same with or
without `-n`. A spec that failed to collect is a row worth 0 points that says why.
"""

from __future__ import annotations

from typing import Any

import pytest

from .render import SpecRow, score_table, total_line


class ScoreBoard:
    def __init__(self) -> None:
        self.rows: dict[str, SpecRow] = {}

    def _row(self, key: str, title: str) -> SpecRow:
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = SpecRow(title=title, order=len(self.rows))
        return row

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "teardown":
            return
        props: dict[str, Any] = dict(report.user_properties)
        if "jsgrade_spec" not in props:
            return
        row = self._row(report.nodeid.split("::", 1)[0], str(props["jsgrade_spec"]))
        row.cases += 1
        row.possible += float(props["max_points"])
        if "points" in props:
            row.earned += float(props["points"])
            row.cpu_ms += float(props["cpu_ms"])
            row.memory = max(row.memory, int(props["memory_bytes"]))
            if props["outcome"] == "passed":
                row.passed += 1

    @pytest.hookimpl
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and report.nodeid.endswith((".yaml", ".yml")):
            message = report.longreprtext.strip().splitlines()
            reason = message[-1] if message else "could not be loaded"
            self._row(report.nodeid, report.nodeid.rsplit("/", 1)[-1]).error = reason.removeprefix("jsgrade spec error: ")

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        rows = sorted(self.rows.values(), key=lambda r: r.order)
        if not rows:
            return
        terminalreporter.write_sep("=", "jsgrade score")
        for line in score_table(rows):
            terminalreporter.write_line(line)
        terminalreporter.write_sep("-", total_line(rows), bold=True)
