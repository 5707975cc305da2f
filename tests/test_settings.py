"""One resolver for every setting: command line > environment > ini > default, one name family each."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, Grader

from pytest_jsgrade.settings import SETTINGS

SPEC = "file: main.js\ncases:\n  - {call: 'f()', expect: 1}\n"
MAIN = {"main.js": "function f() { return 1; }"}


def header(result: pytest.RunResult) -> str:
    return next(line for line in result.outlines if "sandbox worker process" in line)


@pytest.mark.parametrize(("where", "expected"), [("flag", "3"), ("environment", "2"), ("ini", "1")])
def test_command_line_beats_environment_beats_ini(jsgrade: Grader, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                                  where: str, expected: str) -> None:
    pytester.makeini("[pytest]\njsgrade_workers = 1\n")
    args: list[str] = []
    if where in ("flag", "environment"):
        monkeypatch.setenv("JSGRADE_WORKERS", "2")
    if where == "flag":
        args = ["--jsgrade-workers", "3"]
    result = jsgrade(SPEC, MAIN, *args)
    result.assert_outcomes(passed=1)
    assert f"in {expected} sandbox worker process(es)" in header(result)


def test_paths_from_the_environment_are_relative_to_where_pytest_runs(jsgrade: Grader, pytester: pytest.Pytester,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JSGRADE_GRADESCOPE_JSON", "out/results.json")
    jsgrade(SPEC, MAIN).assert_outcomes(passed=1)
    assert json.loads((pytester.path / "out" / "results.json").read_text())["score"] == 1


@pytest.mark.parametrize("flag", ["--jsgrade-gradescope-json", "--gradescope-json"])
def test_the_old_gradescope_flag_still_works(jsgrade: Grader, pytester: pytest.Pytester, flag: str) -> None:
    jsgrade(SPEC, MAIN, flag, "r.json").assert_outcomes(passed=1)
    assert (pytester.path / "r.json").is_file()


def test_flags_can_be_set_in_the_ini_file_and_the_environment(jsgrade: Grader, pytester: pytest.Pytester,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    output = pytester.path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    pytester.makeini("[pytest]\njsgrade_github = true\n")
    jsgrade(SPEC, MAIN).assert_outcomes(passed=1)
    assert "score=1" in output.read_text()
    output.unlink()
    monkeypatch.setenv("JSGRADE_GITHUB", "0")
    jsgrade(SPEC, MAIN).assert_outcomes(passed=1)
    assert not output.exists()


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("JSGRADE_WORKERS", "many", "jsgrade_workers must be auto or a number from 1 to 64, not 'many'"),
    ("JSGRADE_CHECK", "maybe", "jsgrade_check must be true or false, not 'maybe'"),
    ("JSGRADE_SUBMISSION", "nowhere", "the submission * does not exist"),
])
def test_bad_values_are_usage_errors(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, variable: str, value: str,
                                     message: str) -> None:
    pytester.makefile(".yaml", spec=SPEC)
    monkeypatch.setenv(variable, value)
    result = pytester.runpytest("--jsgrade", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*jsgrade: {message}*"])


def test_every_setting_is_spelled_one_way_and_documented() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert setting.flag.startswith("--jsgrade-") and setting.ini == "jsgrade_" + setting.name
        assert setting.env == "JSGRADE_" + setting.name.upper()
        for name in (setting.flag, setting.ini, setting.env):
            assert f"`{name}" in readme, name
