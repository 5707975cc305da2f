"""pytest's own tools work on graded cases with the oldest pytest we support (8.0) and the newest
installed: node ids, --lf, --deselect, -k, xdist and JUnit with --junitprefix. The other pytest
lives in a virtual environment of its own (.ci/run makes it and names it in JSGRADE_PYTEST8_PYTHON)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import need

SPEC = """file: main.js
cases:
  - {call: "twoSum([3, 2, 4], 6)", expect: [1, 2]}
  - {name: "a::b", call: "id(1)", expect: 2}
  - {name: "ok", call: "id(1)", expect: 1}
"""
MAIN = "function id(x) { return x; }\nfunction twoSum(xs, t) { return [0, 1]; }\n"


def interpreters() -> list[tuple[str, str | None]]:
    return [("this pytest", sys.executable), ("pytest 8.0", os.environ.get("JSGRADE_PYTEST8_PYTHON"))]


def run(python: str, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "JSGRADE_"))}
    return subprocess.run([python, "-m", "pytest", "--jsgrade", "spec.yaml", "--jsgrade-submission", "sub", "-p", "no:benchmark",
                           "-p", "no:randomly", *args], cwd=root, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.parametrize(("label", "python"), interpreters(), ids=[label for label, _ in interpreters()])
def test_pytests_tools_find_every_case(label: str, python: str | None, tmp_path: Path) -> None:
    need(python is not None and Path(python).exists(), f"a {label} interpreter (JSGRADE_PYTEST8_PYTHON)")
    assert python is not None
    (tmp_path / "spec.yaml").write_text(SPEC)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "main.js").write_text(MAIN)
    version = subprocess.run([python, "-m", "pytest", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert version.returncode == 0 and (label != "pytest 8.0" or "pytest 8.0" in version.stdout + version.stderr)
    first = run(python, tmp_path, "--junitxml", "junit.xml", "--junitprefix", "course")
    assert "2 failed, 1 passed" in first.stdout, first.stdout + first.stderr
    junit = (tmp_path / "junit.xml").read_text()
    assert junit.count('<testsuite name="spec"') == 1 and "other tests" not in junit
    assert "2 failed" in run(python, tmp_path, "--lf").stdout
    picked = run(python, tmp_path, "-p", "no:cacheprovider", "spec.yaml::a:b", "spec.yaml::twoSum((3, 2, 4), 6)")
    assert "2 failed" in picked.stdout, picked.stdout
    assert "1 failed" in run(python, tmp_path, "--deselect", "spec.yaml::twoSum((3, 2, 4), 6)", "-k", "not ok").stdout
    if subprocess.run([python, "-c", "import xdist"], capture_output=True).returncode == 0:
        parallel = run(python, tmp_path, "-n", "2", "-p", "no:cacheprovider")
        assert "2 failed, 1 passed" in parallel.stdout, parallel.stdout
