"""The pytest plugin: options, session state, deciding which files are specs, and reports.

Registered as the `jsgrade` entry point of the `pytest11` group. Nothing grades unless
`--jsgrade` is given; then `pytest_configure` resolves every setting (settings.py), starts
the sandbox workers, and (where results are reported) registers the score board and the
report writers that plugins give through `pytest_jsgrade_report_writers`.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from . import hookspecs
from .items import SpecFile
from .reports.github import GitHubWriter, annotation_lines
from .reports.gradescope import GradescopeWriter
from .reports.io import ReportWriter
from .reports.ledger import SPEC_SUFFIXES
from .reports.records import record_of
from .reports.scoreboard import SPEC_FAILURE, Finisher, ScoreBoard
from .reports.text import duration_ms, size
from .session import STATE, SessionState
from .settings import add_options, resolve
from .spec.errors import SpecError
from .spec.limits import DEFAULT_LIMITS, describe
from .spec.loader import load_yaml, looks_like_spec
from .spec.points import human

BOARD = "jsgrade-scoreboard"


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("jsgrade"):
        return
    state = config.stash[STATE] = SessionState(resolve(config))
    xdist_controller = getattr(config.option, "dist", "no") != "no" and not hasattr(config, "workerinput")
    if not xdist_controller:  # the controller of an xdist run grades nothing itself
        state.pool.warm_up()
    # A broken spec must not stop the other specs from being graded.
    config.option.continue_on_collection_errors = True
    if not hasattr(config, "workerinput"):  # reports are written where results arrive
        writers: list[ReportWriter] = [w for found in config.hook.pytest_jsgrade_report_writers(config=config) for w in found or []]
        board = ScoreBoard(writers, footer=_annotations(config) if state.settings.github else None)
        config.pluginmanager.register(board, BOARD)
        config.pluginmanager.register(Finisher(board, lost_points_fail=not state.settings.github), "jsgrade-finisher")


def pytest_jsgrade_report_writers(config: pytest.Config) -> list[ReportWriter]:
    """The built-in writers, chosen by the session's settings."""
    settings = config.stash[STATE].settings
    writers: list[ReportWriter] = []
    if settings.gradescope_json is not None:
        writers.append(GradescopeWriter(settings.gradescope_json))
    if settings.github:
        writers.append(GitHubWriter(per=settings.classroom_tests))
    return writers


def _annotations(config: pytest.Config) -> Any:
    """GitHub annotations under the score table, with paths relative to the workspace."""
    submission = config.stash[STATE].settings.submission
    workspace = Path(os.environ.get("GITHUB_WORKSPACE", config.invocation_params.dir))
    return lambda ledger: annotation_lines(ledger, submission, workspace)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    state = item.config.stash.get(STATE, None)
    if state is not None:
        state.nextitem = nextitem


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """A spec that could not be collected says why, and what it was worth, as data on its report
    (attributes of a report cross to the xdist controller with it)."""
    report = yield
    if isinstance(collector, SpecFile) and collector.failure is not None:
        message, estimate = collector.failure
        setattr(report, SPEC_FAILURE, [message, str(estimate)])
    return report


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(STATE, None)
    if state is not None:
        state.close()


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    state = config.stash.get(STATE, None)
    if state is None:
        return None
    d = DEFAULT_LIMITS
    return [
        f"jsgrade: submission {state.settings.submission}",
        f"jsgrade: engine quickjs-ng {importlib.metadata.version('quickjs-ng')}, in {state.pool.size} sandbox worker process(es); "
        f"default limits time {describe('time', d.time)} (CPU), memory {describe('memory', d.memory)}, "
        f"stack {describe('stack', d.stack)}, output {describe('output', d.output)}",
    ]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> SpecFile | None:
    state = parent.config.stash.get(STATE, None)
    if state is None or file_path.suffix not in SPEC_SUFFIXES:
        return None
    try:
        document = load_yaml(file_path)
    except SpecError:
        return SpecFile.from_parent(parent, path=file_path)  # unreadable: report it, never skip it
    if not looks_like_spec(document):
        return None
    state.documents[file_path] = document
    return SpecFile.from_parent(parent, path=file_path)


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> Any:
    """-v shows points, CPU time and heap next to each case."""
    if report.when != "call" or config.option.verbose < 1:
        return None
    record = record_of(report.user_properties)
    if record is None or not record.graded:
        return None
    tail = (f"{human(record.points)}/{human(record.max_points)} pt · "
            f"{duration_ms(record.cpu_ms)} · {size(record.heap_bytes)}")
    if report.passed:
        return "passed", ".", (f"PASSED  {tail}", {"green": True})
    if report.failed:
        return "failed", "F", (f"FAILED  {tail}  {record.headline}", {"red": True})
    return None

