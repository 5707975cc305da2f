"""Programs of several ES modules, run by Node and by the grader, answered in one shape so tests
can compare them (tests/test_esm_node.py): what the modules printed while loading, main.mjs's
`result` export as JSON, or the class and message of the error that stopped loading."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from conftest import need
from sandbox_thread import BigStackThread

from pytest_jsgrade.sandbox.protocol import Budget, CaseJob, Status
from pytest_jsgrade.sandbox.run import run_case
from pytest_jsgrade.source.submission import load

HERE = Path(__file__).parent / "node"
NODE_MAJOR = "20"


@dataclass(frozen=True)
class Answer:
    printed: tuple[str, ...]
    value: str | None = None  # JSON of `result`
    error: str | None = None  # the thrown error's class
    message: str = ""


def write(folder: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def node_answers(folders: list[Path], scratch: Path) -> list[Answer]:
    """Node's answers for every program, from one node process."""
    node = shutil.which("node")
    need(node is not None, "node (Node.js)")
    assert node is not None
    major = subprocess.run([node, "-p", "process.versions.node"], capture_output=True, text=True, check=True).stdout.split(".")[0]
    need(major == NODE_MAJOR, f"Node {NODE_MAJOR} (this machine's node is {major})")
    listing = scratch / "folders.json"
    listing.write_text(json.dumps([str(f) for f in folders]), encoding="utf-8")
    done = subprocess.run([node, str(HERE / "run_modules.mjs"), str(listing)], capture_output=True, text=True,
                          env={**os.environ, "TZ": "UTC"}, check=True, timeout=120)
    return [Answer(tuple(a["printed"]), a.get("value"), a.get("error"), a.get("message") or "") for a in json.loads(done.stdout)]


def grader_answer(folder: Path, thread: BigStackThread) -> Answer:
    """The grader's answer for one program: main.mjs loaded and linked as a submission, then `result` read."""
    submission = load(folder, ("main.mjs",))
    if submission.failed is not None:
        error = submission.failed.error
        return Answer((), None, error.name if error else None, error.message if error else "")
    assert not submission.problem and not submission.missing, (submission.problem, submission.missing)
    job = CaseJob(files=submission.files, library=submission.library, limits=Budget(time=5),
                  call="JSON.stringify(submission.result === undefined ? null : submission.result)")
    result = thread.run(run_case, job)
    printed = tuple(result.load_console.splitlines())
    if result.status is Status.RETURNED and result.value is not None:
        return Answer(printed, json.loads(result.value)[0])
    error = result.error
    return Answer(printed, None, error.name if error else result.status.value, error.message if error else result.detail)
