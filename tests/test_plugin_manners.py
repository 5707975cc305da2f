"""An installed plugin is a guest in every pytest run of every project: it imports nothing heavy
until --jsgrade is given, grades only what is a spec, and leaves the user's settings alone."""

from __future__ import annotations

import pytest
from conftest import Grader

SPEC = "file: main.js\ncases:\n  - {call: 'f()', expect: 1}\n"
MAIN = {"main.js": "function f() { return 1; }"}
PRINT_MODULES = (
    "import sys\n"
    "def pytest_sessionfinish(session):\n"
    "    loaded = sorted(m for m in sys.modules if m.startswith('pytest_jsgrade') or m in ('jsonschema', 'junitparser', 'quickjs'))\n"
    "    print('LOADED', ' '.join(loaded))\n"
)


def test_a_run_without_jsgrade_imports_only_the_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_one="def test_one():\n    assert True\n")
    pytester.makeconftest(PRINT_MODULES)
    result = pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    line = next(x for x in result.outlines if "LOADED" in x)
    assert set(line.split("LOADED")[1].split()) == {"pytest_jsgrade", "pytest_jsgrade.plugin", "pytest_jsgrade.hookspecs", "pytest_jsgrade.settings"}


def test_yaml_that_is_not_a_spec_is_left_alone_with_a_warning_when_it_does_not_parse(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    (pytester.path / "chart").mkdir()
    (pytester.path / "chart" / "deployment.yaml").write_text("metadata:\n  name: {{ .Values.name }}\n  labels: {{- include x }}\n")
    pytester.makefile(".yml", compose="services:\n  web:\n    image: nginx\n    limits: 1\n")
    result = jsgrade(SPEC, MAIN, "-W", "always::pytest.PytestWarning")  # (this suite turns warnings into errors)
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*NotASpecWarning: jsgrade: *deployment.yaml is not a spec and is not valid YAML either*"])


def test_a_broken_spec_is_an_error_and_the_users_collection_setting_is_left_alone(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", broken="file: main.js\ncases:\n  - {call: f(), expct: 1}\n")
    result = jsgrade(SPEC, MAIN)
    result.assert_outcomes(passed=1, errors=1)  # the other spec is graded, without --continue-on-collection-errors
    result.stdout.fnmatch_lines(["*jsgrade spec error: broken.yaml:3: cases[[]0]: unknown key 'expct'; did you mean 'expect'?"])
    pytester.makepyfile(test_broken="def test_x(:\n    pass\n")
    interrupted = jsgrade(SPEC, MAIN)
    assert interrupted.ret == pytest.ExitCode.INTERRUPTED  # pytest's own rule for a Python file that does not import


def test_the_spec_glob_decides_which_yaml_files_are_specs(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    (pytester.path / "labs").mkdir()
    (pytester.path / "labs" / "odd.yaml").write_text("title: not obviously a spec\n")
    result = jsgrade(SPEC, MAIN, "--jsgrade-spec-glob=labs/*.yaml")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*jsgrade spec error: labs/odd.yaml:1: missing required key*"])


def test_the_header_says_which_fast_paths_run_and_warns_of_configuration_in_the_submission(jsgrade: Grader,
                                                                                           pytester: pytest.Pytester) -> None:
    result = jsgrade(SPEC, {**MAIN, "pytest.ini": "[pytest]\n"})  # (the fixture gives it as --jsgrade-submission sub)
    result.stdout.fnmatch_lines(["jsgrade: fast paths: harness loaded as bytecode; specs read with libyaml",
                                 "jsgrade: WARNING: pytest read its configuration from the submission folder *"])
    safe = pytester.runpytest("--jsgrade", "--jsgrade-submission=sub", "-p", "no:cacheprovider", "-p", "no:benchmark", "spec.yaml")
    safe.stdout.fnmatch_lines(["jsgrade: note: the submission folder holds pytest.ini; pytest did not read them here*"])
