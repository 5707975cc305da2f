"""The GitHub Action and GitHub Classroom: metadata that GitHub accepts, and the grading step run
the way the action runs it, with GitHub's environment variables pointed at files."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Grader, need_module

CLASSROOM_RESULT = {
    "type": "object",
    "required": ["version", "status", "max_score", "tests"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "status": {"enum": ["pass", "fail", "error"]},
        "max_score": {"type": "number", "minimum": 0},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "status", "score", "message", "line_no", "execution_time"],
                "properties": {
                    "name": {"type": "string"}, "status": {"enum": ["pass", "fail", "error"]}, "score": {"type": "number"},
                    "message": {"type": "string"}, "test_code": {"type": "string"}, "filename": {"type": "string"},
                    "line_no": {"type": "integer"}, "execution_time": {"type": "string"},
                },
            },
        },
    },
}


def _check_jsonschema(schema: str, path: Path) -> None:
    need_module("check_jsonschema")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_metadata_is_valid() -> None:
    _check_jsonschema("vendor.github-actions", REPO / "action.yml")
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"specs", "submission", "python-version", "pytest-args", "specs-repository", "specs-ref",
                                     "specs-token", "hidden-feedback", "classroom-tests"}
    assert set(action["outputs"]) == {"score", "max-score", "result"}
    grade = next(step for step in action["runs"]["steps"] if step.get("id") == "grade")
    assert "${{" not in grade["run"], "inputs must reach the script through env, not be pasted into it"


def test_classroom_workflow_is_valid_and_wired_to_the_reporter() -> None:
    path = REPO / "examples" / "github-classroom" / "classroom.yml"
    _check_jsonschema("vendor.github-workflows", path)
    workflow = yaml.safe_load(path.read_text())
    assert workflow["name"] == "Autograding Tests"
    job = workflow["jobs"]["run-autograding-tests"]
    grader = next(s for s in job["steps"] if s.get("id") == "jsgrade")
    reporter = job["steps"][-1]
    assert reporter["uses"].startswith("classroom-resources/autograding-grading-reporter@")
    assert reporter["with"]["runners"] == "jsgrade"
    assert reporter["if"] == "always()"  # the grade is recorded even when grading failed
    assert reporter["env"]["JSGRADE_RESULTS"] == "${{ steps.jsgrade.outputs.result }}"
    assert grader["with"]["specs"] and grader["with"]["specs-repository"]  # specs the student cannot edit
    assert grader["with"]["specs-token"] == "${{ secrets.JSGRADE_SPECS_TOKEN }}"


def test_grading_step_writes_outputs_summary_and_annotations(jsgrade: Grader, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    output, summary = pytester.path / "github_output", pytester.path / "step_summary"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_WORKSPACE", str(pytester.path))
    result = jsgrade(
        """
        title: Adding
        file: main.js
        points: 2
        cases:
          - {name: ok, call: "add(1, 2)", expect: 3}
          - {name: throws, call: "add(null, 2)", expect: 2}
        """,
        {"main.js": "function add(a, b) {\n  return a.valueOf() + b;\n}\n"},
        "--jsgrade-github",
    )
    assert result.ret == 0, "lost points are not a failed step"
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert outputs["score"] == "2" and outputs["max-score"] == "4"
    decoded = json.loads(base64.b64decode(outputs["result"]))
    import jsonschema

    jsonschema.validate(decoded, CLASSROOM_RESULT)
    assert decoded["status"] == "fail" and decoded["max_score"] == 4
    failing = next(t for t in decoded["tests"] if t["status"] == "fail")
    assert failing["line_no"] == 2 and failing["filename"] == "main.js" and "Cannot read properties" in failing["message"]
    assert sum(t["score"] for t in decoded["tests"]) == 2
    text = summary.read_text()
    assert "## jsgrade: 2 / 4 points" in text and "| ✗ | throws | 0 / 2 |" in text
    result.stdout.fnmatch_lines(["::error file=sub/main.js,line=2,col=*,title=Adding › throws::threw TypeError*"])


def test_a_spec_that_cannot_load_fails_the_step(jsgrade: Grader, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    output = pytester.path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    result = jsgrade("file: main.js\ncases:\n  - {call: f(), expct: 1}\n", {"main.js": ""}, "--jsgrade-github")
    assert result.ret != 0
    decoded = json.loads(base64.b64decode(dict(line.split("=", 1) for line in output.read_text().splitlines())["result"]))
    assert decoded["status"] == "error" and decoded["tests"][0]["status"] == "error"
