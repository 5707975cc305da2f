"""Submissions of several ES modules that import each other, graded as Node runs them: imports
resolved relative to the importing file inside the submission, Node's evaluation order, its
link-time errors, and a clear message, naming the import and its line, for anything outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Grader, case_records, one_case

from pytest_jsgrade.grading.verdict import Kind
from pytest_jsgrade.reports.records import CaseRecord
from pytest_jsgrade.source import esm
from pytest_jsgrade.source.submission import from_texts, load


def graded(jsgrade: Grader, files: dict[str, str | bytes], call: str, expect: object = None, file: str = "main.js",
           *args: str, **keys: object) -> CaseRecord:
    """The record of a single case `call` graded against `files`; the run never shows a Python traceback."""
    result = jsgrade(one_case(call, file=file, expect=expect, **keys), files, *args)
    assert "Traceback" not in result.stdout.str()
    (record,) = case_records(result).values()
    return record


def section(record: CaseRecord, label: str) -> str:
    return next((text for name, text in record.sections if name == label), "")


def assert_passed(record: CaseRecord) -> None:
    assert record.kind is Kind.PASSED, (record.headline, record.sections)


# -- imports and exports -------------------------------------------------------------------------


def test_named_default_and_namespace_imports(jsgrade: Grader) -> None:
    files = {
        "main.js": "import { parse, K as k } from './utils.js';\nimport fmt, * as all from './lib/format.js';\n"
                   "export const out = () => [parse('4'), k, fmt(2), all.default === fmt, Object.keys(all)];\n",
        "utils.js": "export function parse(s) { return Number(s); }\nexport const K = 7;\n",
        "lib/format.js": "export default function format(n) { return `#${n}`; }\nexport const unit = 'x';\n",
    }
    assert_passed(graded(jsgrade, files, "out()", [4, 7, "#2", True, ["default", "unit"]]))


def test_export_renamed_star_default_from_and_chains(jsgrade: Grader) -> None:
    files = {
        "main.js": "import { total, sum, mul, Default, deep } from './api.js';\nexport { total, sum, mul, Default, deep };\n",
        "api.js": "export * from './math.js';\nexport { default as Default } from './math.js';\nexport { total } from './total.js';\n"
                  "export { deep } from './chain/a.js';\n",
        "math.js": "const add = (a, b) => a + b;\nexport { add as sum };\nexport function mul(a, b) { return a * b; }\n"
                   "export default 'math';\n",
        "total.js": "import { sum } from './math.js';\nexport const total = (xs) => xs.reduce(sum, 0);\n",
        "chain/a.js": "export { deep } from './b.js';\n",
        "chain/b.js": "export * from './c.js';\n",
        "chain/c.js": "export const deep = 'bottom';\n",
    }
    record = graded(jsgrade, files, "[total([1, 2, 3]), sum(1, 1), mul(2, 3), Default, deep, 'default' in submission]",
                    [6, 2, 6, "math", "bottom", False])
    assert_passed(record)


def test_export_default_from_and_namespace_reexport(jsgrade: Grader) -> None:
    files = {
        "main.js": "export { default } from './shape.js';\nexport * as geometry from './geometry.js';\n",
        "shape.js": "export default class Shape { area() { return 0; } }\n",
        "geometry.js": "export const PI = 3;\n",
    }
    assert_passed(graded(jsgrade, files, "[submission.default.name, geometry.PI]", ["Shape", 3]))


def test_imports_in_subfolders_and_parent_folders(jsgrade: Grader) -> None:
    files = {
        "src/main.js": "import { v } from './lib/deep/a.js';\nexport const value = v;\n",
        "src/lib/deep/a.js": "import { w } from '../b.js';\nexport const v = w + 1;\n",
        "src/lib/b.js": "import { t } from '../../top.js';\nexport const w = t * 10;\n",
        "top.js": "export const t = 4;\n",
    }
    assert_passed(graded(jsgrade, files, "value", 41, file="src/main.js"))


def test_escaped_and_string_names_and_hostile_export_names(jsgrade: Grader) -> None:
    files = {
        "main.js": "import { \\u0061bc, 'a b' as ab, __proto__ as p, constructor as c, then } from './a.js';\n"
                   "import * as ns from './a.js';\n"
                   "export const out = [abc, ab, p, c, typeof then, Object.keys(ns), Object.getPrototypeOf(ns)];\n",
        "a.js": "const \\u0061bc = 1, v = 2, w = 3, x = 4;\nexport { abc, v as 'a b', w as __proto__, x as constructor };\n"
                "export function then(resolve) { resolve('a thenable'); }\n",
    }
    record = graded(jsgrade, files, "out", [1, 2, 3, 4, "function", ["__proto__", "a b", "abc", "constructor", "then"], None])
    assert_passed(record)


def test_a_namespace_with_then_is_not_awaited_by_the_grader(jsgrade: Grader) -> None:
    """The entry's exports are published as they are: its `then` is not called (Node calls it only
    for import(), which the next case shows the sandbox does too)."""
    files = {
        "main.js": "import './helper.js';\nexport let calls = 0;\nexport function then(resolve) { calls++; resolve(1); }\n",
        "helper.js": "export const h = 1;\n",
    }
    assert_passed(graded(jsgrade, files, "[calls, typeof then]", [0, "function"]))
    files = {"main.js": "const ns = await import('./t.js');\nexport const got = ns;\n",
             "t.js": "export function then(resolve) { resolve('from then'); }\n"}
    assert_passed(graded(jsgrade, files, "got", "from then"))


def test_default_exports_are_named_default_as_in_node(jsgrade: Grader) -> None:
    files = {
        "main.js": "import f from './f.js';\nimport C from './c.js';\nimport p from './p.js';\nexport const names = [f.name, C.name, p.name];\n",
        "f.js": "export default function () {}\n", "c.js": "export default class {}\n", "p.js": "export default (() => 1);\n",
    }
    assert_passed(graded(jsgrade, files, "names", ["default", "default", "default"]))


def test_live_bindings_see_the_exporters_changes(jsgrade: Grader) -> None:
    files = {
        "main.js": "import { count, increment } from './counter.js';\nexport function twice() { increment(); increment(); return count; }\n",
        "counter.js": "export let count = 0;\nexport function increment() { count++; }\n",
    }
    assert_passed(graded(jsgrade, files, "twice()", 2))


def test_two_entry_files_share_one_evaluation_of_what_they_import(jsgrade: Grader) -> None:
    spec = "file: [a.js, b.js]\ncases:\n  - {call: '[fromA(), fromB(), globalThis.loads]', expect: [1, 1, 1]}\n"
    files = {
        "a.js": "import { shared } from './shared.js';\nexport const fromA = () => shared;\n",
        "b.js": "import { shared } from './shared.js';\nimport './a.js';\nexport const fromB = () => shared;\n",
        "shared.js": "globalThis.loads = (globalThis.loads || 0) + 1;\nexport const shared = 1;\n",
    }
    result = jsgrade(spec, files)
    result.assert_outcomes(passed=1)


# -- evaluation order, cycles, top-level await ---------------------------------------------------


def test_cycles_see_hoisted_functions_as_in_node(jsgrade: Grader) -> None:
    files = {
        "main.js": "import { isEven } from './even.js';\nexport const check = (n) => isEven(n);\n",
        "even.js": "import { isOdd } from './odd.js';\nexport function isEven(n) { return n === 0 ? true : isOdd(n - 1); }\n",
        "odd.js": "import { isEven } from './even.js';\nexport const early = isEven(0);\n"
                  "export function isOdd(n) { return n === 0 ? false : isEven(n - 1); }\n",
    }
    assert_passed(graded(jsgrade, files, "[check(10), check(7)]", [True, False]))


def test_a_let_read_before_its_module_ran_is_node_s_reference_error(jsgrade: Grader) -> None:
    files = {
        "main.js": "import './a.js';\nexport const x = 1;\n",
        "a.js": "import { B } from './b.js';\nexport class A {}\n",
        "b.js": "import { A } from './a.js';\nconsole.log('b runs first');\nexport const B = new A();\n",
    }
    record = graded(jsgrade, files, "x", 1)
    assert record.kind is Kind.THREW and record.headline == "b.js threw while loading", record.headline
    assert section(record, "error") == "ReferenceError: Cannot access 'A' before initialization"
    assert record.location == "b.js:3:22"
    assert "b runs first" in section(record, "printed while loading")


def test_top_level_await_in_a_dependency_finishes_before_its_importer(jsgrade: Grader) -> None:
    files = {
        "main.js": "import { config } from './config.js';\nimport './log.js';\nglobalThis.order.push('main');\n"
                   "export const seen = () => [config, globalThis.order];\n",
        "config.js": "globalThis.order = ['config'];\nexport const config = await new Promise((r) => setTimeout(() => r('ready'), 5));\n"
                     "globalThis.order.push('config done');\n",
        "log.js": "globalThis.order.push('log');\n",
    }
    assert_passed(graded(jsgrade, files, "seen()", ["ready", ["config", "log", "config done", "main"]]))


def test_dynamic_import_of_a_string_and_import_meta_url(jsgrade: Grader) -> None:
    files = {
        "main.js": "export async function load(name) {\n  const m = name === 'a' ? await import('./plugins/a.js') : null;\n"
                   "  return [m.default, m.where.endsWith('/plugins/a.js'), import.meta.url];\n}\n",
        "plugins/a.js": "export default 'plugin a';\nexport const where = import.meta.url;\n",
    }
    assert_passed(graded(jsgrade, files, "load('a')", ["plugin a", True, "file:///submission/main.js"]))


def test_import_of_a_computed_specifier_is_a_clear_rejection(jsgrade: Grader) -> None:
    files = {"main.js": "export async function load(name) { return import('./' + name + '.js'); }\n", "a.js": "export default 1;\n"}
    record = graded(jsgrade, files, "load('a')", 1)
    assert record.kind is Kind.THREW and record.location.startswith("main.js:1:")
    assert "import() of a computed specifier (string) cannot be graded" in record.headline


def test_error_columns_are_the_student_s_on_lines_the_linker_made_longer(jsgrade: Grader) -> None:
    """A live import (`export let`, a cycle) and import() are longer once linked: columns after
    them on the same line are still the ones the student wrote."""
    line = "export const f = () => [count, import('./counter.js'), count].length + null.x;\n"
    linked = graded(jsgrade, {"main.js": "import { count } from './counter.js';\n" + line,
                              "counter.js": "export let count = 0;\n"}, "f()", 1)
    alone = graded(jsgrade, {"main.js": "const count = 0;\n" + line.replace("import('./counter.js')", "Promise.resolve(1)    ")}, "f()", 1)
    assert linked.location == alone.location.replace("main.js:1:", "main.js:2:") and linked.location.startswith("main.js:2:")
    assert section(linked, "code").splitlines()[-1] == section(alone, "code").splitlines()[-1]


# -- what cannot be linked -----------------------------------------------------------------------


def test_a_missing_extension_is_not_found_with_node_s_hint(jsgrade: Grader) -> None:
    files = {"main.js": "import { parse } from './utils';\nexport const p = parse;\n", "utils.js": "export const parse = 1;\n"}
    record = graded(jsgrade, files, "p", 1)
    assert record.kind is Kind.THREW and record.location == "main.js:1:23"
    assert section(record, "error") == ("Error: Cannot find module './utils' imported from main.js:1:23: the submission has no "
                                        "file utils (Node needs the file's extension: did you mean './utils.js'?)")


def test_a_missing_export_is_node_s_syntax_error(jsgrade: Grader) -> None:
    files = {"main.js": "import './b.js';\nexport const v = 1;\n",
             "b.js": "\nimport { x } from './a.js';\nexport const y = x;\n", "a.js": "export const z = 1;\n"}
    record = graded(jsgrade, files, "v", 1)
    assert record.kind is Kind.THREW and record.location == "b.js:2:10"
    assert section(record, "error") == "SyntaxError: The requested module './a.js' does not provide an export named 'x'"
    assert "2 | import { x } from './a.js';" in section(record, "code")


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("import { x } from './main.js';\nexport const x = 1;\n", "SyntaxError: Identifier 'x' has already been declared"),
        ("import './c.js';\nexport const a = 1;\nconst b = 2;\nexport { b as a };\n", "SyntaxError: Duplicate export of 'a'"),
        ("import { q } from './a.js';\nexport const x = q;\n", "SyntaxError: Detected cycle while resolving name 'q' in './b.js'"),
    ],
    ids=["declared-twice", "duplicate-export", "re-export-cycle"],
)
def test_node_s_link_time_syntax_errors(jsgrade: Grader, source: str, words: str) -> None:
    files = {"main.js": source, "a.js": "export { q } from './b.js';\n", "b.js": "export { q } from './a.js';\n", "c.js": ""}
    record = graded(jsgrade, files, "x", 1)
    assert section(record, "error") == words


@pytest.mark.parametrize(
    ("specifier", "why"),
    [
        ("fs", "Node's built-in modules are not available in the grader"),
        ("node:fs/promises", "Node's built-in modules are not available in the grader"),
        ("lodash", "npm packages are not available in the grader"),
        ("@scope/pkg", "npm packages are not available in the grader"),
        ("/etc/passwd", "only the submission's own files can be imported"),
        ("file:///etc/passwd", "only the submission's own files can be imported"),
        ("https://example.com/x.js", "only the submission's own files can be imported"),
        ("../outside.js", "it leads outside the submission folder"),
        ("./lib/../../outside.js", "it leads outside the submission folder"),
    ],
)
def test_imports_outside_the_submission_are_refused_naming_the_import_and_line(jsgrade: Grader, specifier: str, why: str) -> None:
    files = {"main.js": f"// the helpers\nimport {{ x }} from '{specifier}';\nexport const y = x;\n"}
    record = graded(jsgrade, files, "y", 1)
    assert record.kind is Kind.THREW and record.location == "main.js:2:19"
    assert section(record, "error").startswith(f"Error: Cannot import '{specifier}' (main.js:2:19): {why}")


def test_a_refused_import_in_a_dependency_points_into_the_dependency(jsgrade: Grader) -> None:
    files = {"main.js": "import { x } from './lib/util.js';\nexport const y = x;\n",
             "lib/util.js": "export const x = 1;\n\nimport { readFileSync } from 'fs';\n"}
    record = graded(jsgrade, files, "y", 1)
    assert record.location == "lib/util.js:3:30"
    assert "3 | import { readFileSync } from 'fs';" in section(record, "code")


def test_letter_case_of_an_import_must_match_on_every_os(jsgrade: Grader) -> None:
    files = {"main.js": "import { u } from './Lib/Utils.js';\nexport const v = u;\n", "lib/utils.js": "export const u = 1;\n"}
    record = graded(jsgrade, files, "v", 1)
    assert section(record, "error") == ("Error: Cannot find module './Lib/Utils.js' imported from main.js:1:19: the submission "
                                        "has no file Lib/Utils.js (there is lib/utils.js: letter case matters in file names, as on Linux)")


@pytest.mark.posix
def test_a_symbolic_link_out_of_the_submission_is_refused(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    secret = pytester.path / "secret.js"
    secret.write_text("export const s = 'secret';\n")
    (pytester.path / "sub").mkdir()
    os.symlink(secret, pytester.path / "sub" / "link.js")
    record = graded(jsgrade, {"main.js": "import { s } from './link.js';\nexport const t = s;\n"}, "t", "secret")
    assert record.kind is Kind.THREW
    assert section(record, "error") == "Error: Cannot import './link.js' (main.js:1:19): link.js points outside the submission directory"


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("data.json", "{}", "importing JSON needs import attributes, which the grader does not support"),
        ("old.cjs", "module.exports = 1;", "old.cjs is a CommonJS file, and the grader links ES modules only"),
        ("notes.txt", "hi", "Node cannot import a .txt"),
    ],
)
def test_files_the_grader_cannot_import_are_refused(jsgrade: Grader, name: str, text: str, why: str) -> None:
    record = graded(jsgrade, {"main.js": f"import d from './{name}';\nexport const v = d;\n", name: text}, "v", 1)
    assert why in section(record, "error")


def test_a_syntax_error_in_an_imported_module_names_that_file(jsgrade: Grader) -> None:
    files = {"main.js": "import { f } from './lib/broken.js';\nexport const g = f;\n",
             "lib/broken.js": "export function f() {\n  return 1 +;\n}\n"}
    record = graded(jsgrade, files, "g()", 1)
    assert record.kind is Kind.SYNTAX_ERROR and record.location == "lib/broken.js:2:13", (record.kind, record.location)
    assert "2 |   return 1 +;" in section(record, "code")


def test_a_throw_while_a_dependency_loads_points_into_it(jsgrade: Grader) -> None:
    files = {"main.js": "import { table } from './lib/data.js';\nexport const first = table[0];\n",
             "lib/data.js": "console.log('building the table');\nexport const table = [];\ntable.push(undefined.length);\n"}
    record = graded(jsgrade, files, "first", 1)
    assert record.kind is Kind.THREW and record.headline == "lib/data.js threw while loading"
    assert record.location == "lib/data.js:3:12"
    assert section(record, "error") == "TypeError: Cannot read properties of undefined (reading 'length')"
    assert section(record, "printed while loading") == "building the table"


def test_too_many_modules_is_a_clear_limit(jsgrade: Grader, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(esm, "MAX_MODULES", 5)
    files: dict[str, str | bytes] = {"main.js": "".join(f"import './m{i}.js';\n" for i in range(8)) + "export const v = 1;\n"}
    files.update({f"m{i}.js": "" for i in range(8)})
    record = graded(jsgrade, files, "v", 1)
    assert section(record, "error") == ("Error: Cannot import './m4.js' (main.js:5:8): the submission's modules import more "
                                        "than 5 files, more than the grader links")


# -- TypeScript ----------------------------------------------------------------------------------


def test_typescript_files_import_each_other_by_js_name_or_without_extension(jsgrade: Grader) -> None:
    files = {
        "main.ts": "import { add } from './math.js';\nimport type { Pair } from './types';\nimport { greet } from './greet';\n"
                   "export const run = (p: Pair): string => greet(add(p[0], p[1]));\n",
        "math.ts": "export function add(a: number, b: number): number { return a + b; }\n",
        "types.ts": "export type Pair = [number, number];\nexport interface Unused { x: number }\n",
        "greet.ts": "export const greet = (n: number): string => `sum ${n}`;\n",
    }
    assert_passed(graded(jsgrade, files, "run([2, 3])", "sum 5", file="main.ts"))


def test_typescript_errors_point_at_the_typescript_lines(jsgrade: Grader) -> None:
    files = {"main.ts": "import { fail } from './lib';\nexport const go = (): void => fail('x');\n",
             "lib.ts": "interface Options {\n  loud: boolean;\n}\nexport function fail(why: string): never {\n  throw new Error(why);\n}\n"}
    record = graded(jsgrade, files, "go()", 1, file="main.ts")
    assert record.kind is Kind.THREW and record.location == "lib.ts:5:19", record.location


# -- the grader's own names and builtins ---------------------------------------------------------


def test_students_may_use_the_grader_s_names(jsgrade: Grader) -> None:
    files = {
        "main.js": "const __jsgrade_m = 'mine', __jsgrade_i0 = 'also mine', __jsgrade = 'the grader';\nimport { a } from './a.js';\n"
                   "export const out = [a, __jsgrade_m, __jsgrade_i0, __jsgrade];\n",
        "a.js": "var __jsgrade0_m = 3;\nexport const a = typeof __jsgrade0_m;\n",
    }
    assert_passed(graded(jsgrade, files, "out", ["number", "mine", "also mine", "the grader"]))


def test_a_module_that_replaces_builtins_does_not_break_linking(jsgrade: Grader) -> None:
    files = {
        "main.js": "import './evil.js';\nimport { later } from './late.js';\nimport * as ns from './late.js';\n"
                   "export const out = () => [later, ns.later, Object.keys(ns)];\n",
        "evil.js": "Object.defineProperty = () => { throw new Error('hijacked'); };\nObject.freeze = () => { throw 1; };\n"
                   "Object.preventExtensions = () => { throw 2; };\n"
                   "Promise.prototype.then = function () { throw new Error('then hijacked'); };\n"
                   "Object.getPrototypeOf(function* () {}).prototype.next = () => ({ done: true });\n",
        "late.js": "export let later = await 5;\n",
    }
    assert_passed(graded(jsgrade, files, "out()", [5, 5, ["later"]]))


def test_a_module_imported_by_itself(jsgrade: Grader) -> None:
    files = {"main.js": "import * as me from './main.js';\nexport * from './main.js';\nexport const x = 1;\nexport const keys = () => Object.keys(me);\n"}
    assert_passed(graded(jsgrade, files, "keys()", ["keys", "x"]))


def test_printing_a_namespace_shows_it_as_node_does(jsgrade: Grader) -> None:
    files = {"main.js": "import * as ns from './a.js';\nexport const show = () => console.log(ns);\n",
             "a.js": "export const x = 1;\nexport function f() {}\nexport default 'd';\n"}
    record = graded(jsgrade, files, "show()", 1)
    assert section(record, "console") == "[Module: null prototype] { default: 'd', f: [Function: f], x: 1 }"


# -- single files and the playground -------------------------------------------------------------


def test_a_single_module_s_top_level_await_may_wait_for_a_timer(jsgrade: Grader) -> None:
    files = {"m.mjs": "export const v = await new Promise((resolve) => setTimeout(() => resolve(5), 50));\n"}
    assert_passed(graded(jsgrade, files, "v", 5, file="m.mjs"))


def test_a_capitalised_name_in_its_temporal_dead_zone_is_worded_as_in_node(jsgrade: Grader) -> None:
    record = graded(jsgrade, {"main.js": "function make() { return new Shape(); }\nmake();\nclass Shape {}\n"}, "1", 1)
    assert section(record, "error") == "ReferenceError: Cannot access 'Shape' before initialization"


def test_a_single_module_without_imports_is_not_linked(tmp_path: Path) -> None:
    (tmp_path / "main.js").write_text("export const x = 1;\n// import nothing from anywhere\n")
    submission = load(tmp_path, ("main.js",))
    assert not any(f.linked for f in submission.files + submission.library)


def test_the_playground_links_the_editor_s_files() -> None:
    texts = {"main.js": "import { add } from './lib/add.js';\nexport const sum = add(1, 2);\n",
             "lib/add.js": "export const add = (a, b) => a + b;\n"}
    submission = from_texts(("main.js",), texts)
    assert submission.failed is None
    assert [f.path for f in submission.files + submission.library] == ["main.js", "lib/add.js"]
    assert all(f.linked for f in submission.files + submission.library)
    refused = from_texts(("main.js",), {"main.js": "import x from '../../etc/passwd';\n", "../../etc/passwd": "x"})
    assert refused.failed is not None and refused.failed.error is not None
    assert refused.failed.error.message.endswith("it leads outside the submission folder")
    cased = from_texts(("main.js",), {"main.js": "import x from './Lib/A.js';\n", "lib/a.js": "export default 1;"})
    assert cased.failed is not None and cased.failed.error is not None
    assert "(there is lib/a.js: letter case matters" in cased.failed.error.message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_an_import_of_a_link_loop_is_a_clear_message_without_the_graders_paths(jsgrade: Grader, pytester: pytest.Pytester) -> None:
    (pytester.path / "sub").mkdir()
    os.symlink("loop.js", pytester.path / "sub" / "loop.js")
    result = jsgrade(one_case("f()", expect=1), {"main.js": "import { g } from './loop.js';\nexport function f() { return g(); }\n"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Cannot find module './loop.js' imported from main.js:1:19*"])
    failure = result.stdout.str().split("FAILURES")[1].split("jsgrade score")[0]
    assert "RuntimeError" not in failure and str(pytester.path) not in failure
