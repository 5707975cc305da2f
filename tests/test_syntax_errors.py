"""A syntax error in a student's file reads as Node words it (sandbox/syntax.py).

Node is the oracle: each file of tests/node/syntax_errors.txt is compiled by Node (a script with
vm.Script, a module with vm.SourceTextModule) and loaded by the sandbox, and the two messages
must be the same. Nothing here hard-codes what Node answers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Grader, need, one_case
from hypothesis import given
from hypothesis import strategies as st
from test_node_differential import NODE_MAJOR, node_major

from pytest_jsgrade.sandbox.protocol import Budget, CaseJob, SourceFile, Status
from pytest_jsgrade.sandbox.run import run_case
from pytest_jsgrade.sandbox.syntax import v8_message

HERE = Path(__file__).parent / "node"


def corpus() -> list[tuple[str, str]]:
    """(how the file loads: script or module, its text), as tests/node/syntax_errors.txt lists them."""
    text = (HERE / "syntax_errors.txt").read_text(encoding="utf-8")
    entries = []
    for chunk in text.split("\n### ")[1:]:
        kind, _, body = chunk.partition("\n")
        entries.append((kind.strip(), body))
    return entries


ENTRIES = corpus()


@pytest.fixture(scope="module")
def node_messages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    node = shutil.which("node")
    need(node is not None, "node (Node.js)")
    assert node is not None
    need(node_major(node) == NODE_MAJOR, f"Node {NODE_MAJOR} (this machine's node is {node_major(node)})")
    listing = tmp_path_factory.mktemp("syntax") / "files.json"
    listing.write_text(json.dumps([{"text": body, "module": kind == "module"} for kind, body in ENTRIES]), encoding="utf-8")
    done = subprocess.run([node, "--no-warnings", "--experimental-vm-modules", str(HERE / "compile_node.js"), str(listing)],
                          capture_output=True, text=True, check=True)
    messages: list[str] = json.loads(done.stdout)
    return messages


def test_the_corpus_is_read_whole() -> None:
    assert len(ENTRIES) >= 45 and {kind for kind, _ in ENTRIES} == {"script", "module"}


@pytest.mark.parametrize("index", range(len(ENTRIES)), ids=[body.split("\n")[0][:30] for _, body in ENTRIES])
def test_a_syntax_error_reads_as_node_words_it(index: int, node_messages: list[str]) -> None:
    kind, body = ENTRIES[index]
    path = "main.mjs" if kind == "module" else "main.js"
    result = run_case(CaseJob(files=(SourceFile(path, body, kind == "module"),), call="1", limits=Budget(time=5)))
    assert node_messages[index], "Node compiles this file: it is not a syntax error"
    assert result.status is Status.SYNTAX_ERROR and result.error is not None, result
    assert result.error.message == node_messages[index]
    assert result.error.location((path,)) is not None, "the error points into the student's file"


def test_the_student_reads_nodes_words_with_their_line(jsgrade: Grader) -> None:
    result = jsgrade(one_case("total([1])", expect=1), {"main.js": "function total(xs) {\n  retrun xs[0];\n}\n"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*syntax error in main.js:2:10*", "*SyntaxError: Unexpected identifier 'xs'*",
                                 "*2 |   retrun xs*"])


@given(st.text(max_size=30), st.text(max_size=60), st.integers(min_value=-5, max_value=80))
def test_any_message_line_and_column_give_words(message: str, line: str, column: int) -> None:
    assert isinstance(v8_message(message, line, column), str)


@pytest.mark.parametrize("message", ["expecting ';'", "unexpected token in expression: 'x'", "variable name expected",
                                     "invalid redefinition of lexical identifier", "missing initializer for variable"])
@given(line=st.text(max_size=60), column=st.integers(min_value=-5, max_value=80))
def test_the_token_rules_take_any_line(message: str, line: str, column: int) -> None:
    assert v8_message(message, line, column)


def test_a_syntax_error_in_an_imported_module_reads_as_node_words_it(jsgrade: Grader) -> None:
    result = jsgrade(one_case("f()", expect=1), {"main.js": "import { g } from './u.js';\nexport function f() { return g(); }\n",
                                                 "u.js": "export function g() {\n  const limit = 1;\n  const limit = 2;\n}\n"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*syntax error in u.js:3:*", "*SyntaxError: Identifier 'limit' has already been declared*"])


@pytest.mark.parametrize("wide", ["é", "日本語", "😀"])
def test_columns_count_characters_as_people_do_not_bytes(wide: str) -> None:
    """QuickJS counts a column in UTF-8 bytes; a line with wide characters before the error must
    point where the same line with plain letters (of the same UTF-16 length) points."""
    plain = "a" * (len(wide.encode("utf-16-le")) // 2)
    columns = []
    for text in (plain, wide):
        source = f'function f() {{ const s = "{text}"; return s.x.y; }}'
        result = run_case(CaseJob(files=(SourceFile("m.js", source),), call="f()", limits=Budget(time=5)))
        assert result.error is not None and result.error.frames
        columns.append(result.error.frames[0].column)
    assert columns[0] == columns[1]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_code_row_shows_the_line_that_failed_whatever_the_line_breaks(jsgrade: Grader, newline: str) -> None:
    """A U+2028 inside a string is not a line break for the excerpt; a file with CR-only line ends
    still maps to its own lines; a caret under a tab-indented line lines up under the tab."""
    lines = ["const a = '\u2028';", "function f() {", "\tlet x = 1 +;", "}", ""]
    result = jsgrade(one_case("f()", expect=1), {"main.js": newline.join(lines).encode()})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*syntax error in main.js:3:*", "*3 | \tlet x = 1 +;", " " * 16 + "\t" + " " * 11 + "^"])
