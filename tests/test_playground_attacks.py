"""The playground as an attacker would try it: another site's page, DNS rebinding, symbolic links,
bytes that cannot be saved, deep JSON, bursts of heavy requests, and Ctrl-C in the middle of them."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, chromium, need, need_module

need_module("starlette")
need_module("starlette.testclient")
from starlette.testclient import TestClient  # noqa: E402

from pytest_jsgrade.playground.server import create_app  # noqa: E402
from pytest_jsgrade.playground.service import Playground, load_specs  # noqa: E402
from pytest_jsgrade.sandbox.pool import WorkerPool  # noqa: E402

SPEC = "two_sum.yaml"
SPIN = "function f() { for (;;) {} }"


@pytest.fixture(scope="module")
def specs() -> list:  # type: ignore[type-arg]
    pool = WorkerPool()
    try:
        return load_specs([str(REPO / "specs")], pool)
    finally:
        pool.close()


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "two_sum.js").write_text("// the student's work\n")
    return folder


@pytest.fixture
def client(specs: list, submission: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    with TestClient(create_app(Playground(specs, submission), hosts={"testserver"})) as client:
        yield client


# -- requests that do not come from the playground's own page ----------------------------------

@pytest.mark.parametrize(("headers", "why"), [
    ({"host": "evil.example:8000"}, "the request's Host is another site's"),  # DNS rebinding
    ({"content-type": "text/plain"}, "must send JSON"),  # a cross-site "simple" request
    ({"content-type": "application/x-www-form-urlencoded"}, "must send JSON"),  # a cross-site form
    ({"origin": "http://evil.example"}, "not http://evil.example"),
    ({"sec-fetch-site": "cross-site"}, "not another site's"),
])
def test_another_sites_request_cannot_save(client: TestClient, submission: Path, headers: dict[str, str], why: str) -> None:
    body = json.dumps({"spec": SPEC, "code": "// taken over\n"})
    r = client.post("/save", content=body, headers={"content-type": "application/json", **headers})
    assert r.status_code == 403 and why in r.json()["error"]["message"]
    assert (submission / "two_sum.js").read_text() == "// the student's work\n"


def test_a_rebound_domain_cannot_read_the_students_files(client: TestClient) -> None:
    assert client.get("/source?spec=two_sum.yaml", headers={"host": "evil.example"}).status_code == 403
    assert client.get("/source?spec=two_sum.yaml").json()["files"]["two_sum.js"] == "// the student's work\n"


# -- files ------------------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symbolic_links_out_of_the_submission_are_neither_read_nor_written(client: TestClient, submission: Path,
                                                                            tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the instructor's secret\n")
    (submission / "two_sum.js").unlink()
    (submission / "two_sum.js").symlink_to(secret)
    r = client.get("/source?spec=two_sum.yaml")
    assert r.status_code == 400 and "outside the submission" in r.json()["error"]["message"] and "secret" not in r.text
    r = client.post("/save", json={"spec": SPEC, "code": "// overwritten\n"})
    assert r.status_code == 400 and secret.read_text() == "the instructor's secret\n"


def test_a_save_that_cannot_be_encoded_changes_nothing(client: TestClient, submission: Path) -> None:
    r = client.post("/save", content=b'{"spec": "two_sum.yaml", "code": "x = \\"\\ud800\\";"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 400 and "lone surrogate" in r.json()["error"]["message"]
    assert (submission / "two_sum.js").read_text() == "// the student's work\n"
    assert not [p for p in submission.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_an_empty_editor_runs_and_saves(client: TestClient, submission: Path) -> None:
    assert client.post("/eval", json={"code": "", "call": "1 + 1"}).json()["result"] == "2"
    assert client.post("/save", json={"spec": SPEC, "code": ""}).json() == {"saved": ["two_sum.js"]}
    assert (submission / "two_sum.js").read_text() == ""


def test_deeply_nested_json_is_a_bad_request(client: TestClient) -> None:
    r = client.post("/eval", content=b"[" * 100_000 + b"]" * 100_000, headers={"content-type": "application/json"})
    assert r.status_code == 400 and "not JSON" in r.json()["error"]["message"]


# -- a real server: bursts and Ctrl-C -----------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post(url: str, body: dict[str, object], timeout: float = 60) -> int:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code)


@pytest.fixture
def served(submission: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "pytest_jsgrade.cli", "serve", str(REPO / "specs"), "--submission", str(submission),
                                "--port", str(port), "--time", "1s"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    _wait_for(url)
    yield process, url
    if process.poll() is None:
        process.kill()
    process.communicate()


def _wait_for(url: str) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(url + "/specs", timeout=1):
                return
        except OSError:
            time.sleep(0.1)


@pytest.mark.posix
def test_a_burst_of_heavy_requests_is_all_answered_and_ctrl_c_stops_the_server(served: tuple[subprocess.Popen[str], str]) -> None:
    process, url = served
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda: statuses.append(_post(url + "/eval", {"code": SPIN, "call": "f()"}))) for _ in range(14)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # Two run, eight wait, and the rest are told at once that the playground is busy.
    assert len(statuses) == 14 and set(statuses) == {200, 503} and statuses.count(200) >= 10
    assert _post(url + "/eval", {"code": "", "call": "6 * 7"}, timeout=30) == 200  # still responsive
    more = [threading.Thread(target=_post, args=(url + "/eval", {"code": SPIN, "call": "f()"})) for _ in range(10)]
    for thread in more:
        thread.start()
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    process.wait(timeout=15)  # a stuck server would never end; it ends in about a second
    for thread in more:
        thread.join(timeout=30)


@pytest.mark.posix
def test_listening_beyond_this_machine_warns(tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "pytest_jsgrade.cli", "serve", str(REPO / "specs"), "--host", "0.0.0.0",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}")
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=15)
    assert "WARNING: --host 0.0.0.0 lets other machines reach the playground" in err and "no password" in err


# -- another site's page, in a real browser --------------------------------------------------------------

EVIL_PAGE = """<!doctype html><html><body><form id="f" method="POST" enctype="text/plain">
<input name='{"spec": "two_sum.yaml", "code": "// taken over", "x": "' value='"}'></form><script>
const target = "TARGET";
document.getElementById("f").action = target + "/save";
(async () => {
  for (const type of ["text/plain", "application/json"]) {
    try { await fetch(target + "/save", {method: "POST", mode: "no-cors", headers: {"content-type": type},
      body: JSON.stringify({spec: "two_sum.yaml", code: "// taken over"})}); } catch (e) {}
  }
  document.title = "fetched";
})();
</script></body></html>"""


def test_another_sites_page_in_a_real_browser_cannot_save(served: tuple[subprocess.Popen[str], str], submission: Path,
                                                          tmp_path: Path) -> None:
    need_module("playwright.sync_api")
    executable = chromium()
    need(executable is not None, "Chromium (JSGRADE_CHROMIUM, or chromium on PATH)")
    from playwright.sync_api import sync_playwright

    _, target = served
    site = tmp_path / "evil"
    site.mkdir()
    (site / "index.html").write_text(EVIL_PAGE.replace("TARGET", target))
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(site))  # noqa: E731
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu",
                                        "--disable-background-networking", "--disable-component-update", "--no-first-run"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{evil.server_address[1]}/index.html")
            page.wait_for_function("document.title === 'fetched'", timeout=20_000)
            with page.expect_navigation(timeout=20_000):
                page.evaluate("document.getElementById('f').submit()")  # and a cross-site form, as a last try
            browser.close()
    finally:
        evil.shutdown()
        evil.server_close()
    assert (submission / "two_sum.js").read_text() == "// the student's work\n"
    shutil.rmtree(site)
