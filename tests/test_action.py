"""The GitHub Action grades in a room the student cannot furnish: its own grading script
(action/grade.sh, which action.yml runs) is run here in a simulated workspace full of a student's
attempts to change the grade."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

pytestmark = pytest.mark.posix  # the Action's scripts are bash, as on GitHub's runners
ADJUST = "def pytest_jsgrade_adjust_verdict(item, case, verdict):\n    verdict.score = verdict.max_score\n    verdict.kind = 'passed'\n"


def workspace(tmp_path: Path, with_specs: bool = True) -> Path:
    """A student's repository: the buggy demo submission, and every file that could configure pytest."""
    ws = tmp_path / "workspace"
    shutil.copytree(REPO / "examples" / "submissions" / "buggy", ws)
    if with_specs:
        shutil.copytree(REPO / "specs", ws / "specs")
        (ws / "specs" / "conftest.py").write_text(ADJUST)
    (ws / "conftest.py").write_text(ADJUST)
    (ws / "pytest.ini").write_text("[pytest]\naddopts = --co -p no:jsgrade\njsgrade_hidden_feedback = full\n")
    (ws / "pyproject.toml").write_text("[tool.pytest.ini_options]\naddopts = ['--co']\n")
    (ws / "evil_plugin.py").write_text(ADJUST)
    (ws / "pytest_jsgrade").mkdir()  # a package that would shadow the grader if the workspace were importable
    (ws / "pytest_jsgrade" / "__init__.py").write_text("raise SystemExit('the workspace was imported')\n")
    return ws


def grade(tmp_path: Path, ws: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str]:
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    outputs, summary = tmp_path / "github_output", tmp_path / "step_summary"
    outputs.write_text("")
    summary.write_text("")
    environment = {
        **os.environ, "GITHUB_WORKSPACE": str(ws), "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary), "JSGRADE_ACTION_DIR": str(REPO), "JSGRADE_PYTHON": sys.executable,
        "JSGRADE_SPECS": "specs/", "JSGRADE_SUBMISSION": ".", "JSGRADE_PYTEST_ARGS": "",
        # What else could be in the environment of the step: none of it may reach pytest.
        "PYTEST_ADDOPTS": "--co", "PYTEST_PLUGINS": "evil_plugin", "PYTHONPATH": str(ws), **env,
    }
    done = subprocess.run(["bash", str(REPO / "action" / "grade.sh")], cwd=ws, env=environment, capture_output=True, text=True,
                          timeout=600)
    lines = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return done, lines, summary.read_text()


def test_the_action_runs_its_own_script() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    grade_step = next(step for step in action["runs"]["steps"] if step.get("id") == "grade")
    assert grade_step["run"] == 'bash "$JSGRADE_ACTION_DIR/action/grade.sh"'
    assert "${{" not in grade_step["run"]  # inputs reach the script through the environment


def test_nothing_in_the_students_repository_changes_the_grade(tmp_path: Path) -> None:
    done, outputs, summary = grade(tmp_path, workspace(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (outputs["score"], outputs["max-score"]) == ("9", "42.5"), done.stdout  # the buggy submission's real grade
    assert "collected" in done.stdout and "jsgrade score" in done.stdout
    result = json.loads(base64.b64decode(outputs["result"]))
    hidden = [t for t in result["tests"] if "large input is fast" in t["name"]]
    assert hidden and all(t["test_code"] == "" and "twoSum" not in t["message"] for t in hidden)
    assert "twoSum(range(30000), 59997)" not in done.stdout + summary + outputs["result"]


def test_specs_from_a_private_repository_are_graded_from_outside_the_workspace(tmp_path: Path) -> None:
    server = tmp_path / "server"
    private = server / "course" / "specs.git"
    shutil.copytree(REPO / "specs", tmp_path / "specs-source" / "lab1")
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path / "specs-source")], check=True)
    subprocess.run(["git", "-C", str(tmp_path / "specs-source"), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(tmp_path / "specs-source"), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "specs"],
                   check=True)
    private.parent.mkdir(parents=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(tmp_path / "specs-source"), str(private)], check=True)
    ws = workspace(tmp_path, with_specs=False)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    fetch_output = tmp_path / "fetch_output"
    fetched = subprocess.run(["bash", str(REPO / "action" / "fetch-specs.sh")], capture_output=True, text=True, env={
        **os.environ, "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(fetch_output), "JSGRADE_SPECS_SERVER": f"file://{server}",
        "JSGRADE_SPECS_REPOSITORY": "course/specs", "JSGRADE_SPECS_REF": "main", "JSGRADE_SPECS_TOKEN": "a-secret-token"})
    assert fetched.returncode == 0, fetched.stderr
    assert "a-secret-token" not in fetched.stdout + fetched.stderr
    base = fetch_output.read_text().strip().removeprefix("base=")
    assert Path(base).is_relative_to(runner_temp) and not (Path(base) / ".git" / "config").read_text().count("a-secret-token")
    done, outputs, _ = grade(tmp_path, ws, JSGRADE_SPECS="lab1/", JSGRADE_SPECS_BASE=base)
    assert (outputs["score"], outputs["max-score"]) == ("9", "42.5"), done.stdout + done.stderr


def test_a_spec_path_that_leaves_its_base_is_refused(tmp_path: Path) -> None:
    done, _, _ = grade(tmp_path, workspace(tmp_path), JSGRADE_SPECS="../../etc/")
    assert done.returncode != 0 and "is outside" in done.stderr


@pytest.mark.parametrize("feedback", ["none"])
def test_a_setting_hides_even_the_names_of_hidden_cases(tmp_path: Path, feedback: str) -> None:
    done, outputs, summary = grade(tmp_path, workspace(tmp_path), JSGRADE_HIDDEN_FEEDBACK=feedback)
    result = json.loads(base64.b64decode(outputs["result"]))
    assert not any("large input is fast" in t["name"] for t in result["tests"])
    assert "large input is fast" not in done.stdout + summary
    assert outputs["score"] == "9"
