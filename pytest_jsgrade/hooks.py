"""The hooks of a grading session: registered by plugin.py only when `--jsgrade` is given.

They decide which YAML files are specs, start the sandbox workers while pytest collects, tell
the workers which case comes next, and (where results are reported) register the score board
and the report writers that plugins give through `pytest_jsgrade_report_writers`.

Which YAML files are specs: those named on the command line, those matching `jsgrade_spec_glob`,
and those that say they are (the schema's modeline, or a top-level `cases`, `file` or `generate`
line; once parsed, also `setup` or `limits`). Any other YAML file is left alone, and one that does
not even parse (a Helm chart's template, say) gets a warning rather than failing the run.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import fnmatch
import importlib.metadata
import os
import warnings
from pathlib import Path
from typing import Any

import pytest

from .items import SpecFile
from .reports.github import GitHubWriter, annotation_lines
from .reports.gradescope import GradescopeWriter
from .reports.io import ReportWriter
from .reports.records import record_of
from .reports.scoreboard import Finisher, ScoreBoard
from .reports.text import duration_ms, size
from .session import STATE, SessionState, submission_root
from .settings import resolve
from .spec.discover import declares_spec
from .spec.errors import SpecError
from .spec.limits import DEFAULT_LIMITS, describe
from .spec.loader import FAST as LIBYAML
from .spec.loader import load_yaml, looks_like_spec
from .spec.model import SPEC_SUFFIXES
from .spec.points import human

BOARD = "jsgrade-scoreboard"
CONFIG_FILES = ("pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini", "conftest.py")


class NotASpecWarning(pytest.PytestWarning):
    """A YAML file pytest-jsgrade did not grade because it is not a spec and does not parse."""


class GradingHooks:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.state = config.stash[STATE] = SessionState(resolve(config))
        self.named = {Path(config.invocation_params.dir, arg.split("::")[0]).resolve() for arg in config.args}

    def start(self) -> None:
        config, state = self.config, self.state
        xdist_controller = getattr(config.option, "dist", "no") != "no" and not hasattr(config, "workerinput")
        if not xdist_controller:  # the controller of an xdist run grades nothing itself
            state.pool.warm_up()
        if not hasattr(config, "workerinput"):  # reports are written where results arrive
            writers: list[ReportWriter] = [w for found in config.hook.pytest_jsgrade_report_writers(config=config) for w in found or []]
            board = ScoreBoard(writers, footer=self._annotations() if state.settings.github else None)
            config.pluginmanager.register(board, BOARD)
            config.pluginmanager.register(Finisher(board, lost_points_fail=not state.settings.github), "jsgrade-finisher")

    def pytest_jsgrade_report_writers(self, config: pytest.Config) -> list[ReportWriter]:
        """The built-in writers, chosen by the session's settings."""
        settings = self.state.settings
        writers: list[ReportWriter] = []
        if settings.gradescope_json is not None:
            writers.append(GradescopeWriter(settings.gradescope_json))
        if settings.github:
            writers.append(GitHubWriter(per=settings.classroom_tests))
        return writers

    def _annotations(self) -> Any:
        """GitHub annotations under the score table, with paths relative to the workspace."""
        submission = submission_root(self.state.settings.submission)[0]
        workspace = Path(os.environ.get("GITHUB_WORKSPACE", self.config.invocation_params.dir))
        return lambda ledger: annotation_lines(ledger, submission, workspace)

    # -- collection ----------------------------------------------------------------------------

    def _declared(self, file_path: Path) -> bool:
        """Named on the command line, matched by jsgrade_spec_glob, or saying it is a spec in its
        text (the schema's modeline, or a top-level spec key), even when it does not parse."""
        if file_path.resolve() in self.named:
            return True
        try:
            relative = file_path.relative_to(self.config.rootpath).as_posix()
        except ValueError:
            relative = file_path.as_posix()
        if any(fnmatch.fnmatch(relative, pattern) for pattern in self.state.settings.spec_glob):
            return True
        return declares_spec(file_path)

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> SpecFile | None:
        if file_path.suffix not in SPEC_SUFFIXES:
            return None
        declared = self._declared(file_path)
        try:
            document = load_yaml(file_path)
        except SpecError as exc:
            if declared:
                return SpecFile.from_parent(parent, path=file_path)  # a spec that cannot be read: its error item says why
            warnings.warn(NotASpecWarning(f"jsgrade: {file_path} is not a spec and is not valid YAML either "
                                          f"({exc.message}); it was not graded"), stacklevel=1)
            return None
        if not declared and not looks_like_spec(document):
            return None
        self.state.documents[file_path] = document
        return SpecFile.from_parent(parent, path=file_path)

    # -- running ---------------------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        self.state.nextitem = nextitem

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.state.close()

    def pytest_report_header(self, config: pytest.Config) -> list[str]:
        d, settings = DEFAULT_LIMITS, self.state.settings
        lines = [
            f"jsgrade: submission {settings.submission}",
            f"jsgrade: engine quickjs-ng {importlib.metadata.version('quickjs-ng')}, in {self.state.pool.size} sandbox worker process(es); "
            f"default limits time {describe('time', d.time)} (CPU), memory {describe('memory', d.memory)}, "
            f"stack {describe('stack', d.stack)}, output {describe('output', d.output)}",
        ]
        lines.append(f"jsgrade: {self._fast_paths()}")
        folder = submission_root(settings.submission)[0]
        found = [name for name in CONFIG_FILES if (folder / name).exists()]
        inipath = Path(config.inipath).resolve() if config.inipath else None
        if inipath is not None and inipath.parent == folder.resolve():
            lines.append(f"jsgrade: WARNING: pytest read its configuration from the submission folder ({inipath}): the student's "
                         "files configure this run. Give the folder as --jsgrade-submission=DIR and name your own configuration "
                         "with -c (docs/security.md)")
        elif found:
            lines.append(f"jsgrade: note: the submission folder holds {', '.join(found)}; pytest did not read them here, but give "
                         "the folder as --jsgrade-submission=DIR (with =) so that it never does (docs/security.md)")
        return lines

    def _fast_paths(self) -> str:
        """Which fast paths this run has, and why not where it does not (same results, slower)."""
        boot = self.state.pool.boot_info()
        harness = ("harness loaded as bytecode" if boot.get("bytecode")
                   else f"harness compiled from source for every case (about 1 ms more per case: {boot.get('why') or 'unknown'})")
        specs = "specs read with libyaml" if LIBYAML else "specs read with pure-Python YAML (libyaml is missing)"
        return f"fast paths: {harness}; {specs}"

    def pytest_report_teststatus(self, report: pytest.TestReport, config: pytest.Config) -> Any:
        """-v shows points, CPU time and heap next to each case."""
        if report.when != "call" or config.option.verbose < 1:
            return None
        record = record_of(report.user_properties)
        if record is None or not record.graded:
            return None
        tail = f"{human(record.points)}/{human(record.max_points)} pt · {duration_ms(record.cpu_ms)} · {size(record.heap_bytes)}"
        if report.passed:
            return "passed", ".", (f"PASSED  {tail}", {"green": True})
        if report.failed:
            return "failed", "F", (f"FAILED  {tail}  {record.headline}", {"red": True})
        return None
