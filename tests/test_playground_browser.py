"""The playground in a real browser (Debian's Chromium driven by Playwright; no browser download)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, chromium, need, need_module

need_module("starlette")
need_module("playwright.sync_api")
import uvicorn  # noqa: E402
from playwright import sync_api as playwright_sync  # noqa: E402

from pytest_jsgrade.playground.server import allowed_hosts, create_app  # noqa: E402
from pytest_jsgrade.playground.service import Playground, load_specs  # noqa: E402
from pytest_jsgrade.sandbox.pool import WorkerPool  # noqa: E402
from pytest_jsgrade.spec.limits import Limits  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    submission = tmp_path_factory.mktemp("submission")
    for file in (REPO / "examples" / "submissions" / "correct").iterdir():
        shutil.copy(file, submission / file.name)
    pool = WorkerPool()
    try:
        specs = load_specs([str(REPO / "specs")], pool)
    finally:
        pool.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(Playground(specs, submission, limits=Limits(time=0.5)), allowed_hosts("127.0.0.1", port))
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if uv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


def pytest_failures(tmp_path: Path, visible: set[str]) -> set[str]:
    """The visible cases pytest fails for the buggy submission: the page must agree."""
    results = tmp_path / "results.json"
    subprocess.run([sys.executable, "-m", "pytest", "--jsgrade", str(REPO / "specs" / "two_sum.yaml"), "-p", "no:cacheprovider", "-p", "no:benchmark",
                    "--jsgrade-submission", str(REPO / "examples" / "submissions" / "buggy"), "--gradescope-json", str(results)],
                   cwd=tmp_path, capture_output=True, check=False)
    tests = json.loads(results.read_text())["tests"]
    return {t["name"].split(" › ", 1)[1] for t in tests if t["status"] == "failed" and t["name"].split(" › ", 1)[1] in visible}


@pytest.fixture
def page(server: str, tmp_path: Path) -> Iterator[object]:
    executable = chromium()
    need(executable is not None, "Chromium (JSGRADE_CHROMIUM, or chromium on PATH)")
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860})
        page = context.new_page()
        page.goto(server)
        page.wait_for_selector("#status:has-text('ready')")
        yield page
        browser.close()


def test_write_run_break_and_grade(page, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    expect = playwright_sync.expect
    page.select_option("#spec", "two_sum.yaml")
    page.wait_for_function("document.querySelector('#code').value.includes('twoSum')")
    assert "function twoSum" in page.input_value("#code")  # loaded from the submission

    page.fill("#code", "function double(xs) {\n  return xs.map((x) => x * 2);\n}\n")
    page.fill("#call", "double([1, 2, 3])")
    page.click("#run")
    expect(page.locator("#result .value")).to_have_text("[2, 4, 6]")
    expect(page.locator("#result .figures")).to_contain_text("CPU")
    expect(page.locator("#result .figures")).to_contain_text("heap")
    assert page.locator("#highlight .tok-k").count() >= 2  # syntax highlighting
    assert page.locator("#gutter").inner_text().split() == ["1", "2", "3", "4"]

    page.fill("#code", "function double(xs) {\n  while (true) {}\n}\n")
    page.click("#run")
    expect(page.locator("#result .error")).to_contain_text("time limit exceeded")
    page.fill("#call", "1 + 1")
    page.click("#run")
    expect(page.locator("#result .value")).to_have_text("2")  # the server keeps answering

    page.screenshot(path=str(tmp_path / "playground-run.png"))

    page.select_option("#spec", "two_sum.yaml")
    page.wait_for_function("document.querySelector('#code').value.includes('twoSum')")
    page.click("#grade")
    expect(page.locator("#cases .case").first).to_be_visible()
    cases = page.locator("#cases .case")
    assert cases.count() == 7  # the visible cases only: never hidden or after_due_date ones
    assert page.locator("#cases .case.passed").count() == 7
    expect(page.locator("#total")).to_have_text("7 / 7 points")

    buggy = (REPO / "examples" / "submissions" / "buggy" / "two_sum.js").read_text()
    page.fill("#code", buggy)
    page.click("#grade")
    expect(page.locator("#total")).to_have_text("2 / 7 points")  # as pytest grades these cases
    failed = set(page.locator("#cases .case.failed b").all_inner_texts())
    assert failed == pytest_failures(tmp_path, visible={t for t in page.locator("#cases .case b").all_inner_texts()})
    expect(page.locator("#cases .case.failed pre").first).to_contain_text("expected  [0, 1]")
    page.screenshot(path=str(tmp_path / "playground.png"), full_page=True)
