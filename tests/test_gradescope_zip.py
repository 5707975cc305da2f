"""The Gradescope autograder zip, unpacked into a temporary root and run for real (its scripts are bash)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO

from pytest_jsgrade.autograder.build import build_gradescope_zip
from pytest_jsgrade.cli import main

pytestmark = pytest.mark.posix
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "gradescope-results.schema.json").read_text())


def unpack(tmp_path: Path) -> Path:
    archive = build_gradescope_zip([str(REPO / "specs")], tmp_path / "autograder.zip")
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as zf:
        assert {"setup.sh", "run_autograder", "pytest.ini"} <= set(zf.namelist())
        zf.extractall(root / "source")
        for info in zf.infolist():
            if info.external_attr >> 16 & 0o111:
                os.chmod(root / "source" / info.filename, 0o755)
    return root


def run_autograder(root: Path, submission: Path | None, python: str = sys.executable) -> dict[str, object]:
    target = root / "submission"
    shutil.rmtree(target, ignore_errors=True)
    if submission is None:
        target.mkdir(parents=True)
    else:
        shutil.copytree(submission, target)
    env = {**os.environ, "JSGRADE_AUTOGRADER_ROOT": str(root), "JSGRADE_PYTHON": python}
    done = subprocess.run([str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    data: dict[str, object] = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unpack(tmp_path_factory.mktemp("zip"))


def test_correct_submission_earns_full_marks(root: Path) -> None:
    data = run_autograder(root, REPO / "examples" / "submissions" / "correct")
    tests = data["tests"]
    assert isinstance(tests, list) and len(tests) >= 25
    assert data["score"] == pytest.approx(sum(t["max_score"] for t in tests))


def test_buggy_submission_gets_partial_marks(root: Path) -> None:
    data = run_autograder(root, REPO / "examples" / "submissions" / "buggy")
    assert 0 < float(data["score"]) < 42.5  # type: ignore[arg-type]


def test_empty_submission_scores_zero_with_every_case_reported(root: Path) -> None:
    data = run_autograder(root, None)
    tests = data["tests"]
    assert data["score"] == 0 and isinstance(tests, list) and len(tests) >= 25
    assert all("missing submission file" in t["output"] for t in tests if t["visibility"] == "visible")
    assert all("not shown" in t["output"] for t in tests if t["visibility"] != "visible")


def test_a_submission_cannot_bring_its_own_pytest_configuration(root: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile"
    shutil.copytree(REPO / "examples" / "submissions" / "correct", hostile)
    (hostile / "conftest.py").write_text("import os\nos._exit(3)\n")
    (hostile / "pytest.ini").write_text("[pytest]\naddopts = --co\n")
    data = run_autograder(root, hostile)
    assert data["score"] == pytest.approx(sum(t["max_score"] for t in data["tests"]))  # type: ignore[union-attr]


def test_a_grader_that_cannot_start_still_leaves_results(root: Path) -> None:
    failing = root.parent / "failing-python"
    failing.write_text("#!/bin/sh\nexit 1\n")
    failing.chmod(0o755)
    data = run_autograder(root, None, python=str(failing))
    assert data["score"] == 0 and "could not run" in str(data["output"])


def fresh_python(env_dir: Path) -> str:
    """A new virtual environment that sees this interpreter's installed packages (through a .pth
    file, as no network is allowed in tests) but not this checkout: whatever the test runs from."""
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = str(env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
    site_dir = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              capture_output=True, text=True, check=True).stdout.strip()
    ours = {str(Path(p).resolve()) for p in (REPO, *[e for e in sys.path if "__editable__" in e])}
    shared = [p for p in sys.path if p.endswith("site-packages") and str(Path(p).resolve()) not in ours]
    (Path(site_dir) / "jsgrade-test-dependencies.pth").write_text("\n".join(shared) + "\n", encoding="utf-8")
    return python


def test_setup_installs_the_wheel_into_a_fresh_python(root: Path, tmp_path: Path) -> None:
    python = fresh_python(tmp_path / "venv")
    env = {**os.environ, "JSGRADE_AUTOGRADER_ROOT": str(root), "JSGRADE_PYTHON": python,
           "JSGRADE_PIP_ARGS": "--no-deps --no-index"}  # dependencies come through the .pth file: no network in tests
    done = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    where = subprocess.run([python, "-c", "import pytest_jsgrade; print(pytest_jsgrade.__file__)"], capture_output=True, text=True, cwd=tmp_path)
    assert str(tmp_path / "venv") in where.stdout
    data = run_autograder(root, REPO / "examples" / "submissions" / "correct", python=python)
    assert data["score"] == pytest.approx(sum(t["max_score"] for t in data["tests"]))  # type: ignore[union-attr]


def test_cli_refuses_a_broken_spec(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("file: a.js\ncases:\n  - {call: f(), expct: 1}\n")
    with pytest.raises(SystemExit, match="broken spec"):
        main(["gradescope", "build", str(tmp_path / "bad.yaml"), "-o", str(tmp_path / "a.zip")])


def test_the_wheel_carries_every_file_of_the_package(tmp_path: Path) -> None:
    from pytest_jsgrade.autograder.wheel import PACKAGE, build_wheel

    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    expected = {f"pytest_jsgrade/{p.relative_to(PACKAGE).as_posix()}" for p in PACKAGE.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert expected <= names, sorted(expected - names)
