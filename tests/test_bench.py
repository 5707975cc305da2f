"""The benchmark's smoke mode runs (its timed goals are checked by running bench/bench.py itself)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_benchmark_smoke_run_works() -> None:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "bench.py"), "--smoke"], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    for line in ("floor: quickjs-ng in-process", "jsgrade sandbox, one worker process", "isolation layer",
                 "through pytest", "machine ceiling", "no bytecode cache", "goals"):
        assert line in done.stdout, done.stdout


def test_module_linking_benchmark_smoke_run_works() -> None:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "esm_bench.py"), "--smoke"], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "a case, five modules" in done.stdout, done.stdout
