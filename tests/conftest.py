"""Shared helpers: write a spec and a submission into a pytester directory and grade them."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hypothesis  # noqa: F401  imported once here, so pytester runs do not re-import it every time
import pytest
import yaml  # noqa: F401  and these too: pytester's in-process runs forget modules first imported inside them, and

import pytest_jsgrade.hooks  # noqa: F401  libyaml's C parser, loaded once, would then build nodes of a forgotten yaml module
from pytest_jsgrade.reports.records import CaseRecord, record_of

Grader = Callable[..., pytest.RunResult]


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Sandbox workers started from now on inject faults (see faulty_worker.py): set the marker
    variables on the returned monkeypatch."""
    from pytest_jsgrade.sandbox import pool

    monkeypatch.setattr(pool, "WORKER_MODULE", "faulty_worker")
    monkeypatch.setattr(pool, "WORKER_PATHS", (str(Path(__file__).parent),))
    return monkeypatch


@pytest.fixture
def jsgrade(pytester: pytest.Pytester) -> Grader:
    """Writes `spec` as spec.yaml and `files` into sub/, then runs pytest --jsgrade on them."""

    def run(spec: str, files: dict[str, str | bytes] | None = None, *args: str, name: str = "spec") -> pytest.RunResult:
        pytester.makefile(".yaml", **{name: textwrap.dedent(spec)})
        sub = pytester.path / "sub"
        sub.mkdir(exist_ok=True)
        for relative, text in (files or {}).items():
            target = sub / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(textwrap.dedent(text), encoding="utf-8")
        return pytester.runpytest("--jsgrade", "--jsgrade-submission", "sub", "-p", "no:cacheprovider", "-p", "no:benchmark", *args)

    return run


def case_records(result: pytest.RunResult) -> dict[str, CaseRecord]:
    """The record of every graded case, by case name, from the teardown reports."""
    found: dict[str, CaseRecord] = {}
    for report in result.reprec.getreports("pytest_runtest_logreport"):  # type: ignore[attr-defined]
        if report.when == "teardown":
            record = record_of(report.user_properties)
            if record is not None:
                found[record.name] = record
    return found


def wire(primitive: str) -> str:
    """The sandbox's wire text of a value with no parts (see sandbox/js/lib/encode.js): `wire("2")`."""
    return f"[{primitive},[]]"


def one_case(call: str, *, file: str = "main.js", **keys: Any) -> str:
    """A spec with a single case; extra keys are written as JSON (which is YAML)."""
    lines = [f"file: {file}", "cases:", f"  - call: {json.dumps(call)}"]
    lines += [f"    {key}: {json.dumps(value)}" for key, value in keys.items()]
    return "\n".join(lines) + "\n"


REPO = Path(__file__).resolve().parent.parent
# CI (and anyone who sets JSGRADE_REQUIRE_TOOLS=1) runs every test: a missing tool fails the test
# that needs it instead of skipping it, so a skip can never hide a test that did not run.
REQUIRE_TOOLS = os.environ.get("JSGRADE_REQUIRE_TOOLS") == "1" or os.environ.get("CI", "").lower() == "true"


if os.environ.get("COVERAGE_PROCESS_START"):  # a coverage run: sandbox workers measure themselves too
    import coverage

    from pytest_jsgrade.sandbox import pool as _pool

    os.environ["COVERAGE_PROCESS_START"] = str(Path(os.environ["COVERAGE_PROCESS_START"]).resolve())  # workers run elsewhere

    _pool.WORKER_MODULE = "covered_worker"
    _pool.WORKER_PATHS = (str(Path(__file__).parent), str(Path(coverage.__file__).parent.parent))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Platform markers instead of assumptions: `linux` and `posix` tests are skipped elsewhere."""
    for item in items:
        if item.get_closest_marker("linux") and not sys.platform.startswith("linux"):
            item.add_marker(pytest.mark.skip(reason="needs Linux"))
        if item.get_closest_marker("posix") and os.name != "posix":
            item.add_marker(pytest.mark.skip(reason="needs a POSIX system"))


def need(available: bool, what: str) -> None:
    """Skips the test when `what` is missing, or fails it where every tool is required."""
    if available:
        return
    if REQUIRE_TOOLS:
        pytest.fail(f"{what} is missing, and this run requires every tool (CI or JSGRADE_REQUIRE_TOOLS=1)", pytrace=False)
    pytest.skip(f"{what} is missing (.ci/run installs it)", allow_module_level=True)


def need_module(name: str) -> None:
    need(importlib.util.find_spec(name.split(".")[0]) is not None and importlib.util.find_spec(name) is not None,
         f"the Python module {name}")


def chromium() -> str | None:
    """A Chromium or Chrome on this machine: JSGRADE_CHROMIUM, else the usual names on PATH."""
    named = os.environ.get("JSGRADE_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None
