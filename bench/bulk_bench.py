"""Bulk grading figures for bench.py: one `jsgrade grade` for a class against one `pytest --jsgrade`
run per student, cases per second per core, and the grading process's memory as the class grows.

Both sides run as an instructor would run them, in separate processes, with third-party pytest
plugin autoload off (pytest-jsgrade named with -p), side by side in one run.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SMALL_SPEC = """\
file: two_sum.js
cases:
  - {call: "twoSum([2, 7, 11, 15], 9)", expect: [0, 1]}
  - {call: "twoSum([3, 2, 4], 6)", expect: [1, 2]}
  - {call: "twoSum([3, 3], 6)", expect: [0, 1]}
  - {call: "twoSum([1, 5, 9, 13], 22)", expect: [2, 3]}
  - {call: "twoSum([0, 4, 3, 0], 0)", expect: [0, 3]}
"""


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def demo_class(root: Path, size: int, buggy_every: int = 0) -> Path:
    """`size` submissions of the demo assignment: correct ones, with every `buggy_every`-th one the
    demo's buggy submission (which runs into its memory and time limits: about 1.4 s of sandbox
    CPU each, against 0.2 s for a correct one)."""
    for i in range(size):
        buggy = buggy_every and i % buggy_every == buggy_every - 1
        shutil.copytree(REPO / "examples" / "submissions" / ("buggy" if buggy else "correct"), root / f"s{i:04d}")
    return root


def _run(args: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and the peak RSS (KB) of the main process of one command."""
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    assert proc.stderr is not None
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = 0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} failed:\n{err}")
    return time.perf_counter() - started, usage.ru_maxrss


def one_run_against_many(students: int, pytest_runs: int, buggy_every: int = 0) -> dict[str, float]:
    """One `jsgrade grade` for the class, and `pytest --jsgrade` for the first `pytest_runs` of the
    students (all of them, or a sample with the class's mix whose mean is scaled up)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "specs", root / "specs")
        demo_class(root / "class", students, buggy_every)
        jobs = cores()
        bulk, _ = _run([sys.executable, "-m", "pytest_jsgrade", "grade", "specs", "--submissions", "class", "--gradebook", "g.csv",
                        "--quiet", "--jobs", str(jobs)], root)
        with open(root / "g.csv", newline="", encoding="utf-8") as handle:
            book = list(csv.DictReader(handle))
        cases = students * int(book[0]["cases"])
        separate = []
        for i in range(pytest_runs):
            seconds, _ = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "pytest_jsgrade.plugin",
                               "--jsgrade", "specs", f"--jsgrade-submission=class/s{i:04d}"], root)
            separate.append(seconds)
        per_student = sum(separate) / len(separate)
        return {"students": students, "one jsgrade grade s": bulk, f"pytest per student s (mean of {pytest_runs})": per_student,
                "separate pytest runs s (whole class)": per_student * students, "speed-up": per_student * students / bulk,
                "cases/s": cases / bulk, "cases/s per core": cases / bulk / jobs, "cores": jobs}


def memory_over_a_class(small: int, large: int) -> dict[str, float]:
    """The grading process's peak RSS for a class of `small` and of `large` submissions."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "specs").mkdir()
        (root / "specs" / "two_sum.yaml").write_text(SMALL_SPEC)
        solution = (REPO / "examples" / "submissions" / "correct" / "two_sum.js").read_text()
        for i in range(large):
            (root / "class" / f"s{i:05d}").mkdir(parents=True)
            (root / "class" / f"s{i:05d}" / "two_sum.js").write_text(solution + f"\n// {i}\n")
        for size in (small, large):
            shards = max(1, large // size)  # the first shard of `shards` holds `size` students
            seconds, rss = _run([sys.executable, "-m", "pytest_jsgrade", "grade", "specs", "--submissions", "class", "--quiet",
                                 "--gradebook", f"g{size}.csv", "--results", f"r{size}", "--shard", f"1/{shards}"], root)
            figures[f"peak RSS MB, {size} submissions"] = rss / 1024
            figures[f"seconds, {size} submissions"] = seconds
    figures["RSS growth MB"] = figures[f"peak RSS MB, {large} submissions"] - figures[f"peak RSS MB, {small} submissions"]
    return figures
