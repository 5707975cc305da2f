"""TypeScript without its types (source/typescript.py): the output is JavaScript that behaves as the
student's TypeScript does (checked with Node on hand-written equivalents), on the student's own
lines and columns, in time linear in the file, at any depth the parser reaches."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import Grader, need

from pytest_jsgrade.source.typescript import TypeScriptError, _parser, strip_types


def node_prints(js: str, tmp_path: Path, name: str = "main.js") -> str:
    """What Node prints running `js` as a CommonJS file (stderr too, so that a throw is seen)."""
    node = shutil.which("node")
    need(node is not None, "node (Node.js)")
    assert node is not None
    (tmp_path / name).write_text(js, encoding="utf-8")
    done = subprocess.run([node, name], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    return (done.stdout + done.stderr).strip()


def stripped(ts: str) -> str:
    js = strip_types(ts)
    assert js.count("\n") == ts.count("\n"), "the student's lines are kept"
    return js


# -- time and depth --------------------------------------------------------------------------------


def _timed(text: str) -> tuple[float, float]:
    """Seconds to parse `text` alone, and to strip it."""
    strip_types("let warm = 1;")
    start = time.perf_counter()
    _parser().parse(text.encode())
    parsed = time.perf_counter() - start
    start = time.perf_counter()
    strip_types(text)
    return parsed, time.perf_counter() - start


def test_a_two_megabyte_enum_on_one_line_is_lowered_in_linear_time(tmp_path: Path) -> None:
    members = 300_000  # 2.2 MB on one line: lowering it piece by piece onto the line took minutes
    text = "enum E {" + ",".join(f"A{i}" for i in range(members)) + "}\nconsole.log(E.A299999, E[299998]);\n"
    parsed, took = _timed(text)
    assert took < 4 * parsed + 2, f"{took:.2f}s to strip, {parsed:.2f}s to parse"
    assert node_prints(stripped(text), tmp_path) == "299999 A299998"


def test_two_megabytes_of_typescript_strip_in_about_the_time_they_parse() -> None:
    unit = """\
interface Point{n} {{ x: number; y: number }}
export class Shape{n}<T extends object> implements Sized {{
  private readonly items: Array<T> = [];
  constructor(public name: string, private size?: number) {{ }}
  area(p: Point{n}, scale: number = 1): number {{ return (p.x * p.y * scale) as number; }}
}}
enum Color{n} {{ Red, Green = 5, Blue }}
const f{n} = (x: string): string => x.toUpperCase()!;
"""
    text = "".join(unit.format(n=n) for n in range(2 * 1024 * 1024 // len(unit)))
    parsed, took = _timed(text)
    assert took < 4 * parsed + 2, f"{took:.2f}s to strip, {parsed:.2f}s to parse"


@pytest.mark.parametrize("depth", [3000, 20_000])
def test_any_depth_the_parser_reaches_is_stripped_without_recursion(depth: int) -> None:
    plain = "const x = " + "[" * depth + "1" + "]" * depth + ";\n"
    assert strip_types(plain) == plain
    typed = "const y: number = " + "(" * depth + "1 as number" + ")" * depth + ";\n"
    assert strip_types(typed) == typed.replace(": number", " " * 8).replace(" as number", " " * 10)


def test_a_deeply_nested_typescript_file_is_graded_not_a_traceback(jsgrade: Grader) -> None:
    nested = "const x = " + "[" * 3000 + "1" + "]" * 3000 + ";\n"
    result = jsgrade("file: main.ts\ncases:\n  - {call: 'f(2)', expect: 2}\n",
                     {"main.ts": nested + "function f(a: number): number { return a; }\n"})
    result.assert_outcomes(passed=1)
    assert "Traceback" not in result.stdout.str() and "RecursionError" not in result.stdout.str()


# -- classes -----------------------------------------------------------------------------------------


def test_abstract_members_leave_nothing_behind(tmp_path: Path) -> None:
    ts = """\
abstract class Animal {
  abstract name: string;
  abstract speak(): string;
  describe() { return `${this.name} says ${this.speak()}`; }
}
class Dog extends Animal {
  get name() { return "Rex"; }
  speak() { return "woof"; }
}
console.log(new Dog().describe(), Object.keys(new Dog()).length);
"""
    js = stripped(ts)
    assert js.splitlines()[1:3] == [" " * 23 + ";", "  ;" + " " * 23 + ";"]  # a field `name;` would shadow Dog's getter
    assert node_prints(js, tmp_path) == "Rex says woof 0"


def test_definite_assignment_loses_its_exclamation_mark(tmp_path: Path) -> None:
    ts = "class D { r!: string; }\nlet x!: number;\nx = 3;\nconsole.log(new D().r, x);\n"
    js = stripped(ts)
    assert js.splitlines()[:2] == ["class D { r         ; }", "let x         ;"]
    assert node_prints(js, tmp_path) == "undefined 3"


# -- statements kept apart ----------------------------------------------------------------------------


def test_a_blanked_declaration_keeps_the_statements_around_it_apart(tmp_path: Path) -> None:
    ts = """\
let x = 1
interface I {a: number}
[1, 2].forEach((v) => console.log(v))
type T = number
(function () { console.log("iife") })()
declare const q: number
import type { Z } from "./z"
export type { T }
;[3].forEach((v) => console.log(v))
"""
    js = stripped(ts)
    lines = ts.splitlines()
    for row in (1, 3, 5, 6, 7):
        assert js.splitlines()[row] == ";" + " " * (len(lines[row]) - 1)
    assert node_prints(js.replace("export type", "      "), tmp_path) == "1\n2\niife\n3"
    first = "interface I { a: number }\nlet y = 2\n"
    assert stripped(first).startswith(" " * 25 + "\n")  # nothing before it to keep apart from


def test_errors_after_a_blanked_declaration_keep_their_line_and_column(jsgrade: Grader) -> None:
    ts = "let x = 1\ninterface I { a: number }\n[1, 2].forEach((v) => x += v)\nfunction f(): number {\n  return x.y.z;\n}\n"
    js = ts.replace("interface I { a: number }", ";" + " " * 24).replace("(): number", "()        ")
    spec = "file: {file}\ncases:\n  - {{call: 'f()', expect: 1}}\n"
    as_ts = jsgrade(spec.format(file="main.ts"), {"main.ts": ts}).stdout.str()
    as_js = jsgrade(spec.format(file="main.js"), {"main.js": js}, name="js").stdout.str()
    assert "main.ts:5:" in as_ts  # both specs run the second time
    assert len(set(re.findall(r"at +f \(main\.(?:ts|js):(\d+:\d+)\)", as_js))) == 1


# -- arrows --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ts", "js"), [
    ("const f = (x: number)\n  : number => x;", "const f = (x        )=>\n              x;"),  # `=>` inserted after `)`
    ("const f = (x: number): \n  number => x;", "const f = (x        )=>\n            x;"),  # over the type's first columns
    ("const f = (x)   \n  : number\n  => x;", "const f = (x)=> \n          \n     x;"),  # over spaces after `)`
    ("const f = async (x) // why\n  : Promise<number> => x;", "const f = async (x)=> // why\n                       x;"),
    ("const f = (x: number): number => x;", "const f = (x        )         => x;"),  # on one line: as it was
])
def test_a_return_type_on_its_own_line_keeps_the_arrow_valid(ts: str, js: str, tmp_path: Path) -> None:
    assert stripped(ts) == js
    assert node_prints(js + "\nf(2).then ? f(2).then(console.log) : console.log(f(2));", tmp_path) == "2"


# -- lowered constructs ---------------------------------------------------------------------------------


def test_nested_namespaces_merge_as_typescript_does(tmp_path: Path) -> None:
    ts = """\
namespace A.B.C { export const x = 1; export function f() { return x + 1; } }
namespace A.B { export const y = 2; }
namespace N { export namespace M { export const z = 3; } export enum E { P = 7 } interface Hidden {} }
console.log(A.B.C.x, A.B.C.f(), A.B.y, N.M.z, N.E.P, N.E[7]);
"""
    assert node_prints(stripped(ts), tmp_path) == "1 2 2 3 7 P"


def test_import_equals_require_and_export_equals_become_commonjs(tmp_path: Path) -> None:
    (tmp_path / "helper.js").write_text("module.exports = { twice: (n) => 2 * n };\n", encoding="utf-8")
    ts = ("import helper = require('./helper');\nimport type Types = require('./helper');\n"
          "const value: number = helper.twice(21);\nexport = { value };\n")
    js = stripped(ts)
    assert js.splitlines()[0] == "const  helper = require('./helper');"
    assert js.splitlines()[3] == "module.exports = { value };"
    (tmp_path / "lowered.js").write_text(js, encoding="utf-8")
    assert node_prints("console.log(require('./lowered.js').value);", tmp_path) == "42"


def test_enum_keys_are_the_values_their_literals_write(tmp_path: Path) -> None:
    ts = r"""enum E { 'it\'s' = 1, "a\u0062\x63" = 2, default, $a, b = $a * 2, c = (3 as number), 'x\
y' = 9, "😀" = 10 }
console.log(JSON.stringify(E));
"""
    expected = {"it's": 1, "abc": 2, "default": 3, "$a": 4, "b": 8, "c": 3, "xy": 9, "😀": 10}
    expected.update({str(v): k for k, v in expected.items()})
    assert json.loads(node_prints(stripped(ts), tmp_path)) == expected


def test_type_only_exports_and_overloads_leave_no_code(tmp_path: Path) -> None:
    ts = ("export function f(a: string): string;\nexport function f(a: any) { return a; }\n"
          "export default interface I {}\nexport as namespace Q;\nconsole.log(f('ok'));\n")
    js = stripped(ts)
    assert js.splitlines()[2].strip() == ";" and js.splitlines()[3].strip() == ";"
    assert node_prints(js.replace("export function", "       function"), tmp_path) == "ok"


# -- columns ------------------------------------------------------------------------------------------------


def test_a_type_with_wide_characters_becomes_one_space_per_character() -> None:
    ts = "let s: '日本語' | '😀' = 'x'; s.q();\n"
    js = strip_types(ts)
    assert js == "let s" + " " * len(": '日本語' | '😀'") + " = 'x'; s.q();\n"
    assert js.index("s.q") == ts.index("s.q")


def test_errors_after_wide_characters_in_types_point_where_the_student_wrote(jsgrade: Grader) -> None:
    """QuickJS counts a column in UTF-8 bytes (`"😀"` before an error moves it 4 columns in plain
    JavaScript too); a type becomes one space per character, so the error in a TypeScript file is
    where the same file without its types puts it, at the student's column."""
    ts = "function f(): number {\n  let s: '日本語' | '😀' = 'x'; return (s as any).q.r;\n}\n"
    js = ts.replace("(): number", "()        ").replace(": '日本語' | '😀'", " " * 13).replace(" as any", " " * 7)
    spec = "file: {file}\ncases:\n  - {{call: 'f()', expect: 1}}\n"
    as_ts = jsgrade(spec.format(file="main.ts"), {"main.ts": ts}).stdout.str()
    as_js = jsgrade(spec.format(file="main.js"), {"main.js": js}, name="js").stdout.str()
    assert "main.ts:2:" in as_ts  # both specs run the second time
    assert len(set(re.findall(r"at +f \(main\.(?:ts|js):(\d+:\d+)\)", as_js))) == 1


def test_a_syntax_error_is_still_a_typescript_error_with_its_place() -> None:
    with pytest.raises(TypeScriptError) as caught:
        strip_types("let a = 1;\nlet a: '日本語' = 1; let b: = 2;\n")
    assert (caught.value.line, caught.value.column) == (2, len("let a: '日本語' = 1; let b") + 1)  # in characters
