"""Modules written to break the linker: each must end as a graded case (passed, or failed with a
reason a student can read), never a crashed grader, a Python traceback, or minutes of linking."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from esm_node import Answer, grader_answer, write
from sandbox_thread import BigStackThread

from pytest_jsgrade.source import esm

MANY = 10_000


@pytest.fixture(scope="module")
def thread() -> Iterator[BigStackThread]:
    runner = BigStackThread()
    yield runner
    runner.close()


def answer(tmp_path: Path, thread: BigStackThread, files: dict[str, str], within: float = 20.0) -> Answer:
    """The grader's answer, in time, in words that name no part of the grader (unless the student did)."""
    started = time.perf_counter()
    got = grader_answer(write(tmp_path, files), thread)
    assert time.perf_counter() - started < within, "linking took too long"
    assert "Traceback" not in got.message, got
    assert "__jsgrade" not in got.message or any("__jsgrade" in text for text in files.values()), got
    return got


def test_ten_thousand_imported_names(tmp_path: Path, thread: BigStackThread) -> None:
    names = ", ".join(f"n{i}" for i in range(MANY))
    got = answer(tmp_path, thread, {"main.mjs": f"import {{ {names} }} from './a.mjs';\nexport const result = n0 + n{MANY - 1};\n",
                                    "a.mjs": "".join(f"export const n{i} = {i};\n" for i in range(MANY))})
    assert got.value == str(MANY - 1)


def test_ten_thousand_export_stars(tmp_path: Path, thread: BigStackThread) -> None:
    got = answer(tmp_path, thread, {"main.mjs": "import * as ns from './a.mjs';\nexport const result = Object.keys(ns).length;\n",
                                    "a.mjs": "export * from './b.mjs';\n" * MANY,
                                    "b.mjs": "".join(f"export const n{i} = {i};\n" for i in range(2000))}, within=10)
    assert got.value == "2000"


def test_stars_that_all_conflict(tmp_path: Path, thread: BigStackThread) -> None:
    files = {"main.mjs": "import * as ns from './hub.mjs';\nexport const result = Object.keys(ns).length;\n",
             "hub.mjs": "".join(f"export * from './m{i}.mjs';\n" for i in range(300))}
    files.update({f"m{i}.mjs": "".join(f"export const n{k} = {i};\n" for k in range(200)) for i in range(300)})
    assert answer(tmp_path, thread, files).value == "0"  # every name is ambiguous: Node leaves them all out


def test_a_chain_of_re_exports_as_long_as_the_grader_links(tmp_path: Path, thread: BigStackThread) -> None:
    chain = {f"m{i}.mjs": f"export * from './m{i + 1}.mjs';\n" for i in range(esm.MAX_MODULES - 2)}
    chain[f"m{esm.MAX_MODULES - 2}.mjs"] = "export const deep = 'bottom';\n"
    got = answer(tmp_path, thread, {"main.mjs": "import { deep } from './m0.mjs';\nexport const result = deep;\n", **chain})
    assert got.value == '"bottom"'


def test_a_chain_longer_than_the_grader_links(tmp_path: Path, thread: BigStackThread) -> None:
    chain = {f"m{i}.mjs": f"export * from './m{i + 1}.mjs';\n" for i in range(esm.MAX_MODULES + 10)}
    got = answer(tmp_path, thread, {"main.mjs": "import { deep } from './m0.mjs';\nexport const result = deep;\n", **chain})
    assert got.error == "Error" and f"the submission's modules import more than {esm.MAX_MODULES} files" in got.message


def test_a_module_too_large_to_link_in_reasonable_time(tmp_path: Path, thread: BigStackThread) -> None:
    got = answer(tmp_path, thread, {"main.mjs": "import './a.mjs';\nlet a;\n" + "a;" * 600_000, "a.mjs": ""})
    assert got.error == "Error" and got.message.startswith("main.mjs is too large to be linked")


@pytest.mark.parametrize(
    ("specifier", "message"),
    [
        ("./%2e%2e/secret.mjs", "Cannot import './%2e%2e/secret.mjs' (main.mjs:1:15): it leads outside the submission folder"),
        ("./a\\u0000\\n.mjs", "Cannot find module './a\\x00\\n.mjs'"),
        ("./" + "x" * 5000 + ".mjs", "Cannot find module './" + "x" * 198 + "…'"),
        ("", "Cannot import '' (main.mjs:1:15): npm packages are not available"),
        (".", "Cannot import '.' (main.mjs:1:15): the submission folder is not a module"),
    ],
    ids=["encoded-dots", "control-characters", "very-long", "empty", "the-folder"],
)
def test_hostile_specifiers_are_refused_readably(specifier: str, message: str, tmp_path: Path, thread: BigStackThread) -> None:
    got = answer(tmp_path, thread, {"main.mjs": f"import x from '{specifier}';\nexport const result = x;\n"})
    assert got.error == "Error" and got.message.startswith(message), got.message


def test_a_module_that_drives_the_registry_itself(tmp_path: Path, thread: BigStackThread) -> None:
    """The registry's entry points are reachable from student code: using them changes nothing for the grader."""
    got = answer(tmp_path, thread, {
        "main.mjs": "import { v } from './a.mjs';\nexport const result = v;\n",
        "a.mjs": "__jsgrade.define('a.mjs', [], 0, function* () { yield; });\n__jsgrade.define('x.mjs', [], 0, 5);\n"
                 "__jsgrade.linkEntry('main.mjs');\n__jsgrade.linkEntry('nothing.mjs');\nexport const v = 'mine';\n"})
    assert got.value == '"mine"'


def test_a_module_that_replaces_the_grader_global_fails_as_javascript_would(tmp_path: Path, thread: BigStackThread) -> None:
    got = answer(tmp_path, thread, {"main.mjs": "import './a.mjs';\nexport const result = 1;\n", "a.mjs": "globalThis.__jsgrade = null;\n"})
    assert (got.error, got.message) == ("TypeError", "Cannot assign to read only property '__jsgrade' of object '#<Object>'")


def test_star_cycles_and_self_imports(tmp_path: Path, thread: BigStackThread) -> None:
    got = answer(tmp_path, thread, {"main.mjs": "export * from './main.mjs';\nimport { q } from './a.mjs';\nexport const result = q;\n",
                                    "a.mjs": "export * from './b.mjs';\nexport * from './a.mjs';\n", "b.mjs": "export * from './a.mjs';\n"})
    assert (got.error, got.message) == ("SyntaxError", "The requested module './a.mjs' does not provide an export named 'q'")
