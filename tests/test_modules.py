"""Scripts, CommonJS and ES modules load as the student wrote them; require() reaches only the submission."""

from __future__ import annotations

from conftest import Grader, one_case


def test_plain_script_declarations_are_in_scope(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {call: "[f(), g(), C.name, k]", expect: [1, 2, "C", 3]}
        """,
        {"main.js": "function f() { return 1; }\nconst g = () => 2;\nclass C {}\nlet k = 3;\n"},
    )
    result.assert_outcomes(passed=1)


def test_commonjs_exports_object_and_exports_shorthand(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: [a.js, b.js]
        cases:
          - {call: "[add(1, 2), mul(2, 3), submission.add === add]", expect: [3, 6, true]}
        """,
        {"a.js": "module.exports = { add: (a, b) => a + b };", "b.js": "exports.mul = (a, b) => a * b;"},
    )
    result.assert_outcomes(passed=1)


def test_commonjs_default_function_and_class(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: [fn.js, cls.js]
        cases:
          - {call: "[area(2), new Point(1, 2).sum()]", expect: [4, 3]}
        """,
        {
            "fn.js": "module.exports = function area(s) { return s * s; };",
            "cls.js": "module.exports = class Point { constructor(x, y) { this.x = x; this.y = y; } sum() { return this.x + this.y; } };",
        },
    )
    result.assert_outcomes(passed=1)


def test_es_module_named_and_default_exports(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.mjs
        cases:
          - {call: "[add(1, 2), K, typeof Shape, submission.default === Shape]", expect: [3, 7, "function", true]}
        """,
        {"main.mjs": "export function add(a, b) { return a + b; }\nexport const K = 7;\nexport default class Shape {}\n"},
    )
    result.assert_outcomes(passed=1)


def test_es_module_detected_in_a_js_file_and_anonymous_default(jsgrade: Grader) -> None:
    result = jsgrade(one_case("submission.default(4)", expect=16), {"main.js": "export default (x) => x * x;\n"})
    result.assert_outcomes(passed=1)


def test_es_module_with_top_level_await(jsgrade: Grader) -> None:
    result = jsgrade(one_case("value", file="m.mjs", expect=5), {"m.mjs": "export const value = await Promise.resolve(5);\n"})
    result.assert_outcomes(passed=1)


def test_es_module_import_of_node_module_is_a_clear_error(jsgrade: Grader) -> None:
    result = jsgrade(one_case("x", file="m.mjs", expect=1), {"m.mjs": "import fs from 'fs';\nexport const x = 1;\n"})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*m.mjs threw while loading*", "*Cannot import 'fs' (m.mjs:1:16): Node's built-in modules are not available*"])


def test_require_resolves_other_submission_files(jsgrade: Grader) -> None:
    result = jsgrade(
        one_case("total([1, 2, 3])", expect=6),
        {
            "main.js": (
                "const { sum } = require('./lib/math');\nconst data = require('./data.json');\n"
                "function total(xs) { return sum(xs) + data.offset; }\nmodule.exports = { total };"
            ),
            "lib/math.js": "exports.sum = (xs) => xs.reduce((a, b) => a + b, 0);",
            "data.json": '{"offset": 0}',
        },
    )
    result.assert_outcomes(passed=1)


def test_require_caches_modules(jsgrade: Grader) -> None:
    result = jsgrade(
        one_case("same()", expect=True),
        {"main.js": "function same() { return require('./a') === require('./a.js'); }", "a.js": "module.exports = {};"},
    )
    result.assert_outcomes(passed=1)


def test_require_of_node_modules_and_paths_outside_throws_a_clear_error(jsgrade: Grader) -> None:
    result = jsgrade(
        """
        file: main.js
        cases:
          - {name: fs, call: "load('fs')", expect: 1}
          - {name: child_process, call: "load('child_process')", expect: 1}
          - {name: absolute, call: "load('/etc/passwd')", expect: 1}
          - {name: parent, call: "load('../outside')", expect: 1}
        """,
        {"main.js": "function load(m) { return require(m); }"},
    )
    result.assert_outcomes(failed=4)
    result.stdout.fnmatch_lines([
        "*threw Error: Cannot find module 'fs': only files of the submission can be required*",
        "*threw Error: Cannot find module 'child_process'*",
        "*threw Error: Cannot find module '/etc/passwd'*",
        "*threw Error: Cannot find module '../outside'*",
    ])


def test_utf8_bom_and_crlf_line_endings(jsgrade: Grader) -> None:
    result = jsgrade(one_case("f()", expect="ok"), {"main.js": b"\xef\xbb\xbffunction f() {\r\n  return 'ok';\r\n}\r\n"})
    result.assert_outcomes(passed=1)


def test_empty_file(jsgrade: Grader) -> None:
    result = jsgrade(one_case("f()", expect=1), {"main.js": ""})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*threw ReferenceError: *f* is not defined*"])


def test_binary_garbage_is_a_syntax_error(jsgrade: Grader) -> None:
    result = jsgrade(one_case("f()", expect=1), {"main.js": bytes(range(256)) * 4})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*syntax error in main.js*"])


def test_huge_file_is_refused_with_a_reason(jsgrade: Grader) -> None:
    result = jsgrade(one_case("f()", expect=1), {"main.js": "// " + "x" * (3 * 1024 * 1024)})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*main.js is 3072 KB; submission files may be at most 2048 KB*"])
