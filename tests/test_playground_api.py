"""The playground's JSON API: every error path, limits, the concurrency cap, and hidden cases."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, need_module

need_module("starlette")
need_module("starlette.testclient")
from starlette.testclient import TestClient  # noqa: E402

from pytest_jsgrade.playground.server import MAX_BODY, create_app  # noqa: E402
from pytest_jsgrade.playground.service import Playground, load_specs  # noqa: E402
from pytest_jsgrade.sandbox.pool import WorkerPool  # noqa: E402
from pytest_jsgrade.spec.limits import Limits  # noqa: E402


@pytest.fixture(scope="module")
def specs() -> list:  # type: ignore[type-arg]
    pool = WorkerPool()
    try:
        return load_specs([str(REPO / "specs")], pool)
    finally:
        pool.close()


def make_client(specs: list, tmp_path: Path | None = None, **options: object) -> Iterator[TestClient]:  # type: ignore[type-arg]
    playground = Playground(specs, tmp_path, **options)  # type: ignore[arg-type]
    with TestClient(create_app(playground, hosts={"testserver"})) as client:
        yield client


@pytest.fixture
def client(specs: list) -> Iterator[TestClient]:  # type: ignore[type-arg]
    yield from make_client(specs, limits=Limits(time=0.3))


def test_eval_returns_value_console_time_and_memory(client: TestClient) -> None:
    r = client.post("/eval", json={"code": "function f(a) { console.log('hi'); return [a, {b: a * 2}]; }", "call": "f(2)"})
    assert r.status_code == 200
    data = r.json()
    assert data["result"] == "[2, { b: 4 }]" and data["console"] == "hi\n"
    assert data["time"] > 0 and data["memory"] > 0 and "error" not in data


@pytest.mark.parametrize(
    ("code", "call", "kind", "line"),
    [
        ("function f() { for (;;) {} }", "f()", "time_limit", None),
        ("function f() {\n  let x = ;\n}", "f()", "syntax_error", 2),
        ("function f() {\n  undefinedName();\n}", "f()", "threw", 2),
        ("function f() { return f(); }", "f()", "stack_overflow", 1),
        ("function f() { return new Promise(() => {}); }", "f()", "unsettled", None),
    ],
)
def test_eval_errors_have_kind_message_and_line(client: TestClient, code: str, call: str, kind: str, line: int | None) -> None:
    data = client.post("/eval", json={"code": code, "call": call}).json()
    assert data["error"]["kind"] == kind and data["error"]["message"]
    assert data["error"]["line"] == line


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"not json", 400, "not JSON"),
        (b"[1, 2]", 400, "must be a JSON object"),
        (b'{"call": "f()"}', 422, "missing field 'code'"),
        (b'{"code": "1"}', 422, "missing field 'call'"),
        (b'{"code": 5, "call": "f()"}', 422, "missing field 'code'"),
    ],
)
def test_bad_requests(client: TestClient, body: bytes, status: int, message: str) -> None:
    r = client.post("/eval", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status and message in r.json()["error"]["message"]


def test_oversized_body_is_refused(client: TestClient) -> None:
    r = client.post("/eval", json={"code": "x" * (MAX_BODY + 10), "call": "1"})
    assert r.status_code == 413


def test_specs_list_only_visible_cases(client: TestClient) -> None:
    specs = {s["name"]: s for s in client.get("/specs").json()["specs"]}
    names = [c["name"] for c in specs["two_sum.yaml"]["cases"]]
    assert "large input is fast" not in names  # hidden
    assert not any(n.startswith("random arrays") for n in names)  # after_due_date
    assert "example from the handout" in names


def test_grade_uses_the_same_verdicts_as_pytest_and_never_hidden_cases(client: TestClient) -> None:
    buggy = (REPO / "examples" / "submissions" / "buggy" / "two_sum.js").read_text()
    data = client.post("/grade", json={"spec": "two_sum.yaml", "code": buggy}).json()
    cases = {c["name"]: c for c in data["cases"]}
    assert "large input is fast" not in cases and not any(n.startswith("random arrays") for n in cases)
    assert cases["example from the handout"]["kind"] == "wrong_answer"
    assert "expected  [0, 1]" in cases["example from the handout"]["message"]
    assert cases["rejects a non-array"]["headline"] == "threw the wrong error"
    correct = (REPO / "examples" / "submissions" / "correct" / "two_sum.js").read_text()
    good = client.post("/grade", json={"spec": "Two Sum", "code": correct}).json()
    assert all(c["passed"] for c in good["cases"]) and good["score"] == good["max_score"]


def test_unknown_spec(client: TestClient) -> None:
    r = client.post("/grade", json={"spec": "nope", "code": "// x"})
    assert r.status_code == 404


def test_save_is_off_without_a_submission_or_when_read_only(specs: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    for client in make_client(specs):
        assert client.post("/save", json={"spec": "two_sum.yaml", "code": "x"}).status_code == 403
    for client in make_client(specs, tmp_path, read_only=True):
        assert client.post("/save", json={"spec": "two_sum.yaml", "code": "x"}).status_code == 403
    for client in make_client(specs, tmp_path):
        assert client.post("/save", json={"spec": "two_sum.yaml", "code": "// saved\n"}).json() == {"saved": ["two_sum.js"]}
        assert (tmp_path / "two_sum.js").read_text() == "// saved\n"
        assert client.post("/save", json={"spec": "two_sum.yaml", "code": {"../evil.js": "x"}}).status_code == 422
        assert client.get("/source?spec=two_sum.yaml").json()["files"]["two_sum.js"] == "// saved\n"


def test_busy_playground_answers_503_and_keeps_answering(specs: list) -> None:  # type: ignore[type-arg]
    for client in make_client(specs, limits=Limits(time=1.0), workers=1, queue_size=0):
        slow = threading.Thread(target=client.post, args=("/eval",), kwargs={"json": {"code": "function f() { for (;;) {} }", "call": "f()"}})
        slow.start()
        time.sleep(0.3)
        r = client.post("/eval", json={"code": "// x", "call": "1"})
        assert r.status_code == 503 and "busy" in r.json()["error"]["message"]
        slow.join()
        assert client.post("/eval", json={"code": "// x", "call": "1 + 1"}).json()["result"] == "2"


def test_page_and_assets_are_served_from_the_package(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<textarea" in page.text
    assert "http" not in page.text.replace("http-equiv", "")  # nothing from a CDN
    assert client.get("/static/app.js").status_code == 200


HOSTILE_RESULTS = [
    ("function f() { let n = null; for (let i = 0; i < 999; i++) n = {value: i, next: n}; return n; }", "result"),
    ("function f() { let r = 1n; for (let i = 2n; i <= 2000n; i++) r *= i; return r; }", "result"),
    ("function f() { return new Proxy([1], { get(t, k) { return k === 'length' ? '1]]' : t[k]; } }); }", "unreadable"),
    ("function f() { return new Proxy({}, { ownKeys() { throw new Error('trap'); } }); }", "unreadable"),
    ("function f() { return new Set(Array.from({length: 4000}, (_, i) => i)); }", "result"),
]


@pytest.mark.parametrize(("code", "answer"), HOSTILE_RESULTS)
def test_eval_answers_every_value_a_student_can_return(client: TestClient, code: str, answer: str) -> None:
    r = client.post("/eval", json={"code": code, "call": "f()"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert (data["error"]["kind"] if "error" in data else "result") == answer, data
    assert len(r.text) < 100_000


def test_grade_answers_for_a_hostile_submission(client: TestClient) -> None:
    hostile = "function twoSum() { return new Proxy([0, 1], { get(t, k) { return k === 'length' ? '2]]' : t[k]; } }); }"
    r = client.post("/grade", json={"spec": "two_sum.yaml", "code": hostile})
    assert r.status_code == 200, r.text
    kinds = {case["kind"] for case in r.json()["cases"]}
    assert "unreadable" in kinds and "sandbox_error" not in kinds


def test_grade_links_the_editor_s_modules(client: TestClient) -> None:
    """Several files in the editor: ES modules that import each other, as the submission folder would have them."""
    code = {"two_sum.js": "import { indexPairs } from './lib/pairs.js';\nexport function twoSum(nums, target) {\n"
                          "  if (!Array.isArray(nums)) throw new TypeError('nums must be an array');\n  return indexPairs(nums, target);\n}\n",
            "lib/pairs.js": "export function indexPairs(nums, target) {\n  const seen = new Map();\n"
                            "  for (let i = 0; i < nums.length; i++) {\n    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n"
                            "    seen.set(nums[i], i);\n  }\n  return undefined;\n}\n"}
    data = client.post("/grade", json={"spec": "two_sum.yaml", "code": code}).json()
    assert all(c["passed"] for c in data["cases"]), [c["message"] for c in data["cases"] if not c["passed"]]
    refused = client.post("/grade", json={"spec": "two_sum.yaml", "code": {"two_sum.js": "import fs from 'fs';\n"}}).json()
    assert "Cannot import 'fs' (two_sum.js:1:16): Node's built-in modules are not available" in refused["cases"][0]["message"]
