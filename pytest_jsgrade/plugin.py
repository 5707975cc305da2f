"""The pytest side: options, collecting spec files into items, running them, the score table.

Spec file → SpecFile collector → one CaseItem per case. The case runs in `setup` (so an
error in the spec itself is a pytest *error*, not a failure), `runtest` raises when the
verdict is not a pass, and `repr_failure` renders the verdict. Everything a report needs
travels on `item.user_properties` (one property, see ledger.case_figures), so it reaches the
xdist controller unchanged.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path
from typing import Any

import pytest

from . import hookspecs, render
from .compare import Mismatch
from .grader import grade_case, make_job
from .grading import Kind, Verdict, default_comparator
from .jobs import CaseJob
from .ledger import PROPERTY, case_figures
from .limits import DEFAULT_LIMITS, describe
from .reference import References, check_findings, expand, needs_reference, reference_sources
from .reports import add_report_options, report_writers
from .scoreboard import JUnitEnricher, ScoreBoard
from .spec import Case, Spec, SpecError, build, load_yaml, looks_like_spec
from .submission import Submission, load
from .workers import WorkerPool

SPEC_SUFFIXES = (".yaml", ".yml")
STATE = pytest.StashKey["JsgradeState"]()


class JsgradeState:
    """Per-session plugin state, kept in config.stash."""

    def __init__(self, submission: Path, check: bool = False, workers: int = 1) -> None:
        self.submission = submission
        self.check = check
        self.pool = WorkerPool(size=workers)
        self.references = References(self.pool)
        self.documents: dict[Path, Any] = {}
        self.submissions: dict[tuple[str, ...], Submission] = {}
        self._order: dict[str, int] | None = None
        self.nextitem: pytest.Item | None = None  # as pytest (or xdist's worker loop) announced it

    def next_item(self, session: pytest.Session, item: pytest.Item) -> pytest.Item | None:
        if self._order is None or len(self._order) != len(session.items):
            self._order = {it.nodeid: i for i, it in enumerate(session.items)}
        index = self._order.get(item.nodeid)
        return session.items[index + 1] if index is not None and index + 1 < len(session.items) else None

    def submission_for(self, spec: Spec) -> Submission:
        """The spec's files (or, with --jsgrade-check, its reference files), read once per session."""
        key = (str(spec.path),) if self.check else spec.files
        found = self.submissions.get(key)
        if found is None:
            found = self.submissions[key] = self._read(spec)
        return found

    def _read(self, spec: Spec) -> Submission:
        if not self.check:
            return load(self.submission, spec.files)
        # --jsgrade-check: the reference is the submission
        if not spec.reference:
            return Submission(problem="the spec has no reference solution to check against")
        return Submission(files=reference_sources(spec))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("jsgrade", "grading JavaScript submissions (pytest-jsgrade)")
    group.addoption("--jsgrade", action="store_true", default=False,
                    help="collect YAML spec files as graded JavaScript cases")
    group.addoption("--jsgrade-submission", metavar="DIR", default=None,
                    help="the student's submission directory (default: ini jsgrade_submission, else the current directory)")
    group.addoption("--jsgrade-check", action="store_true", default=False,
                    help="check the specs: grade each spec's reference solution against it and report weak spots")
    parser.addini("jsgrade_submission", "default submission directory, relative to the rootdir", default="")
    parser.addini("jsgrade_workers", "sandbox worker processes per pytest process: auto (2 on 2+ cores, 1 under xdist) or a number",
                  default="auto")
    add_report_options(parser, group)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def _submission_dir(config: pytest.Config) -> Path:
    """CLI flag (relative to where pytest was started) > ini key (relative to the rootdir) > cwd."""
    flag = config.getoption("jsgrade_submission")
    if flag:
        path = Path(flag)
        base = config.invocation_params.dir
    else:
        ini = str(config.getini("jsgrade_submission") or "")
        path = Path(ini) if ini else Path(".")
        base = config.rootpath if ini else config.invocation_params.dir
    resolved = path if path.is_absolute() else base / path
    if not resolved.is_dir():
        raise pytest.UsageError(f"jsgrade: the submission directory {resolved} does not exist")
    return resolved


def _worker_count(config: pytest.Config) -> int:
    """Sandbox processes for this pytest process: two keep two cores busy while pytest reports;
    under xdist each pytest worker already has a core of its own."""
    setting = str(config.getini("jsgrade_workers") or "auto")
    if setting == "auto":
        return 1 if hasattr(config, "workerinput") or (os.cpu_count() or 1) < 2 else 2
    if setting.isdigit() and 1 <= int(setting) <= 64:
        return int(setting)
    raise pytest.UsageError(f"jsgrade: jsgrade_workers must be auto or a number from 1 to 64, not {setting!r}")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("jsgrade"):
        config.stash[STATE] = JsgradeState(_submission_dir(config), check=config.getoption("jsgrade_check"),
                                           workers=_worker_count(config))
        xdist_controller = getattr(config.option, "dist", "no") != "no" and not hasattr(config, "workerinput")
        if not xdist_controller:  # the controller of an xdist run grades nothing itself
            config.stash[STATE].pool.warm_up()
        # A broken spec must not stop the other specs from being graded.
        config.option.continue_on_collection_errors = True
        if not hasattr(config, "workerinput"):  # reports are written where results arrive
            board = ScoreBoard(config, report_writers(config))
            board.submission = config.stash[STATE].submission
            config.pluginmanager.register(board, "jsgrade-scoreboard")
            config.pluginmanager.register(JUnitEnricher(board), "jsgrade-junit")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    state = item.config.stash.get(STATE, None)
    if state is not None:
        state.nextitem = nextitem


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(STATE, None)
    if state is not None:
        state.pool.close()


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    state = config.stash.get(STATE, None)
    if state is None:
        return None
    d = DEFAULT_LIMITS
    return [
        f"jsgrade: submission {state.submission}",
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


class SpecFile(pytest.File):
    """A spec file; yields one CaseItem per case. A bad spec is a collection error with file and line."""

    def collect(self) -> Any:
        state = self.config.stash[STATE]
        try:
            document = state.documents.pop(self.path, None)
            spec = build(self.path, document if document is not None else load_yaml(self.path))
            spec = expand(spec, state.pool)
        except SpecError as exc:
            where = f"{self.nodeid}:{exc.line}" if exc.line else self.nodeid
            raise self.CollectError(f"jsgrade spec error: {where}: {exc.message}") from None
        for case in spec.cases:
            yield CaseItem.from_parent(self, name=case.name, spec=spec, case=case)
        if state.check:
            yield CheckItem.from_parent(self, name="spec check", spec=spec)


class CaseFailed(Exception):
    """The case ran and did not earn full points."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.headline)
        self.verdict = verdict


class CaseItem(pytest.Item):
    def __init__(self, *, spec: Spec, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.case = case
        self.verdict: Verdict | None = None
        # What reports need even if the case never runs; setup adds the verdict's figures.
        self.figures: dict[str, Any] = {
            "jsgrade_spec": self.spec.title,
            "jsgrade_spec_file": self.spec.path.name,
            "jsgrade_case": self.case.name,
            "jsgrade_case_index": self.case.index,
            "jsgrade_call": self.case.call.strip(),
            "jsgrade_visibility": self.case.visibility,
            "max_points": self.case.points,
        }
        self.user_properties.append((PROPERTY, self.figures))

    @property
    def title(self) -> str:
        return f"{self.spec.path.name} › {self.case.name}"

    def setup(self) -> None:
        state: JsgradeState = self.config.stash[STATE]
        self.verdict = self._grade(state)
        self.config.hook.pytest_jsgrade_adjust_verdict(item=self, case=self.case, verdict=self.verdict)
        v = self.verdict
        self.figures.update(
            points=v.score,
            outcome=v.kind,
            cpu_ms=round(v.cpu_ms, 3),
            memory_bytes=v.heap_bytes,
            peak_memory_bytes=v.peak_bytes if v.peak_bytes is not None else -1,
            jsgrade_headline=v.headline,
            jsgrade_location=v.location or "",
            jsgrade_message=render.failure(self.title, v),
        )
        if v.kind == Kind.SPEC_ERROR:
            # An error in setup is a pytest *error*; pytrace=False prints just our message.
            pytest.fail(render.failure(self.title, v), pytrace=False)

    def job(self, state: JsgradeState) -> CaseJob | None:
        """The sandbox job of this case, to send ahead; None when it cannot be known yet (the
        submission is unusable, or the case waits on its reference solution)."""
        submission = state.submission_for(self.spec)
        if submission.problem or submission.missing or needs_reference(self.case):
            return None
        return make_job(self.spec, self.case, submission)

    def _upcoming(self, state: JsgradeState) -> list[tuple[str, CaseJob]]:
        """The next cases of this session not yet sent, to run while pytest reports this one. An
        xdist worker knows only the item after this one (its scheduler hands out the rest later)."""
        under_xdist = hasattr(self.config, "workerinput")
        found: list[tuple[str, CaseJob]] = []
        item: pytest.Item = self
        for _ in range(1 if under_xdist else state.pool.capacity):
            following = state.nextitem if under_xdist else state.next_item(self.session, item)
            if not isinstance(following, CaseItem):
                break
            item = following
            if state.pool.holds(item.nodeid):
                continue
            job = item.job(state)
            if job is None:
                break
            found.append((item.nodeid, job))
        return found

    def _grade(self, state: JsgradeState) -> Verdict:
        return grade_case(
            state.pool, self.spec, self.case, state.submission_for(self.spec), state.references,
            looked_in=str(state.submission), comparator=self._compare, key=self.nodeid,
            upcoming=self._upcoming(state), every_reference=state.check,
        )

    def _compare(self, case: Case, expected: Any, actual: Any) -> Mismatch | None:
        answer = self.config.hook.pytest_jsgrade_compare(case=case, expected=expected, actual=actual)
        if answer is None:
            return default_comparator(case, expected, actual)
        if answer is True:
            return None
        if isinstance(answer, Mismatch):
            return answer
        return Mismatch("", answer if isinstance(answer, str) else "the custom comparison rejected the value")

    def runtest(self) -> None:
        assert self.verdict is not None
        if not self.verdict.passed:
            raise CaseFailed(self.verdict)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return render.failure(self.title, excinfo.value.verdict)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, self.title


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> Any:
    """-v shows points, CPU time and heap next to each case."""
    if report.when != "call" or config.option.verbose < 1:
        return None
    props = case_figures(report.user_properties)
    if props is None or "outcome" not in props:
        return None
    tail = (f"{render.points(props['points'])}/{render.points(props['max_points'])} pt · "
            f"{render.duration_ms(props['cpu_ms'])} · {render.size(props['memory_bytes'])}")
    if report.passed:
        return "passed", ".", (f"PASSED  {tail}", {"green": True})
    if report.failed:
        return "failed", "F", (f"FAILED  {tail}  {props['jsgrade_headline']}", {"red": True})
    return None


class CheckFailed(Exception):
    def __init__(self, findings: list[str]) -> None:
        super().__init__("; ".join(findings))
        self.findings = findings


class CheckItem(pytest.Item):
    """--jsgrade-check: what is wrong with a spec beyond its cases failing on the reference."""

    def __init__(self, *, spec: Spec, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec

    def runtest(self) -> None:
        findings = check_findings(self.spec, self.config.stash[STATE].references)
        if findings:
            raise CheckFailed(findings)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CheckFailed):
            return f"{self.spec.path.name}: the spec check found\n" + "\n".join(f"  - {f}" for f in excinfo.value.findings)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.spec.path.name} › spec check"
