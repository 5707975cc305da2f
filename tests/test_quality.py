"""The code stays ruff-clean and mypy-strict; these run the same checks CI would, with this
interpreter's own tools (so they work from any virtualenv, activated or not)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, need_module


def test_ruff() -> None:
    need_module("ruff")
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "pytest_jsgrade", "tests", "bench"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    need_module("mypy")
    done = subprocess.run([sys.executable, "-m", "mypy", "pytest_jsgrade"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
