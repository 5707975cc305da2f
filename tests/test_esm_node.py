"""Programs of several ES modules against Node: each program is written to a folder, imported by Node
(tests/node/run_modules.mjs) and graded by the sandbox (tests/esm_node.py), and both must print the
same lines in the same order while loading, give the same `result`, or stop with the same error.

Node is the oracle: nothing here says what Node answers. A table covers each rule by name; random
module graphs (cycles, top-level await, live `let` bindings read early) cover their mixtures.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from esm_node import Answer, grader_answer, node_answers, write
from sandbox_thread import BigStackThread

Program = dict[str, str]


def program(main: str, **others: str) -> Program:
    """main.mjs and other files; `a_mjs` names a.mjs, `lib__b_mjs` names lib/b.mjs."""
    return {"main.mjs": main, **{name.replace("__", "/").replace("_mjs", ".mjs"): text for name, text in others.items()}}


A = "export const x = 1; export let y = 2; export function f() { return 'f'; } export default 'd';\n"
TABLE: dict[str, Program] = {
    "named and renamed": program("import { x, y as z } from './a.mjs';\nconsole.log('main');\nexport const result = [x, z];\n",
                                 a_mjs="console.log('a');\n" + A),
    "default and namespace": program("import d, * as ns from './a.mjs';\nexport const result = [d, ns.f(), Object.keys(ns)];\n", a_mjs=A),
    "printing a namespace": program("import * as ns from './a.mjs';\nconsole.log(ns);\nconsole.log('%o', ns.x);\nexport const result = 1;\n",
                                    a_mjs=A),
    "star, default from, renamed from": program(
        "import * as ns from './a.mjs';\nexport const result = [Object.keys(ns), ns.default, ns.r];\n",
        a_mjs="export * from './b.mjs';\nexport { default } from './c.mjs';\nexport { q as r } from './c.mjs';\n",
        b_mjs="export const x = 1; export default 9;\n", c_mjs="export default 'c'; export const q = 2;\n"),
    "namespace re-export": program("import { ns } from './a.mjs';\nexport const result = Object.keys(ns);\n",
                                   a_mjs="export * as ns from './b.mjs';\n", b_mjs="export const x = 1;\n"),
    "conflicting stars leave the name out": program(
        "import * as ns from './a.mjs';\nexport const result = Object.keys(ns);\n",
        a_mjs="export * from './b.mjs';\nexport * from './c.mjs';\n", b_mjs="export const x = 1, y = 1;\n", c_mjs="export const x = 2, z = 2;\n"),
    "conflicting stars imported": program(
        "import { x } from './a.mjs';\nexport const result = x;\n",
        a_mjs="export * from './b.mjs';\nexport * from './c.mjs';\n", b_mjs="export const x = 1;\n", c_mjs="export const x = 2;\n"),
    "the same binding through two stars": program(
        "import { x } from './a.mjs';\nexport const result = x;\n",
        a_mjs="export * from './b.mjs';\nexport * from './c.mjs';\n", b_mjs="export { x } from './d.mjs';\n",
        c_mjs="export * from './d.mjs';\n", d_mjs="export const x = 'd';\n"),
    "missing export": program("import { nope } from './a.mjs';\nexport const result = 1;\n", a_mjs=A),
    "re-export cycle": program("import { q } from './a.mjs';\nexport const result = q;\n",
                               a_mjs="export { q } from './b.mjs';\n", b_mjs="export { q } from './a.mjs';\n"),
    "star cycle": program("import * as ns from './a.mjs';\nexport const result = Object.keys(ns);\n",
                          a_mjs="export * from './b.mjs';\nexport const a = 1;\n", b_mjs="export * from './a.mjs';\nexport const b = 1;\n"),
    "declared twice": program("import { x } from './a.mjs';\nconst x = 2;\nexport const result = x;\n", a_mjs=A),
    "duplicate export": program("import './a.mjs';\nexport const result = 1;\n",
                                a_mjs="export const a = 1;\nconst b = 2;\nexport { b as a };\n"),
    "escaped names": program("import { \\u0061bc, 'a b' as ab } from './a.mjs';\nexport const result = [abc, ab];\n",
                             a_mjs="const \\u{61}bc = 7, v = 8;\nexport { abc, v as 'a b' };\n"),
    "hostile export names": program(
        "import * as ns from './a.mjs';\nimport { __proto__ as p, constructor as c } from './a.mjs';\n"
        "export const result = [p, c, Object.keys(ns), Object.getPrototypeOf(ns) === null, String(ns[Symbol.toStringTag])];\n",
        a_mjs="const a = 1, b = 2;\nexport { a as __proto__, b as constructor };\n"),
    "import() of a thenable namespace": program(
        "const got = await import('./a.mjs');\nexport const result = got;\n",
        a_mjs="export function then(resolve) { console.log('then called'); resolve(42); }\n"),
    "default names": program(
        "import f from './f.mjs';\nimport C from './c.mjs';\nimport p from './p.mjs';\nimport a from './a.mjs';\n"
        "export const result = [f.name, C.name, p.name, a.name];\n",
        f_mjs="export default function () {}\n", c_mjs="export default class {}\n", p_mjs="export default (function () {});\n",
        a_mjs="export default () => 1;\n"),
    "export default of a let is a value": program(
        "import d, { v } from './a.mjs';\nexport const result = [d, v];\n", a_mjs="let v = 1;\nexport default v;\nv = 2;\nexport { v };\n"),
    "live let": program("import { n, inc } from './a.mjs';\ninc(); inc();\nexport const result = n;\n",
                        a_mjs="export let n = 0;\nexport function inc() { n++; }\n"),
    "assigning an import": program("import { x } from './a.mjs';\nlet r;\ntry { x = 5; } catch (e) { r = e.name + ': ' + e.message; }\n"
                                   "export const result = [r, x];\n", a_mjs=A),
    "evaluation order": program("import './a.mjs';\nimport './b.mjs';\nconsole.log('main');\nexport const result = 1;\n",
                                a_mjs="import './c.mjs';\nconsole.log('a');\n", b_mjs="import './c.mjs';\nimport './a.mjs';\nconsole.log('b');\n",
                                c_mjs="console.log('c');\n"),
    "cycle order": program("import './a.mjs';\nconsole.log('main');\nexport const result = 1;\n",
                           a_mjs="import './b.mjs';\nconsole.log('a');\n", b_mjs="import './c.mjs';\nconsole.log('b');\n",
                           c_mjs="import './a.mjs';\nimport './main.mjs';\nconsole.log('c');\n"),
    "cycle sees hoisted functions": program(
        "import { f } from './a.mjs';\nexport const result = f();\n",
        a_mjs="import { g } from './b.mjs';\nconsole.log('a', g());\nexport function f() { return 'f'; }\n",
        b_mjs="import { f } from './a.mjs';\nconsole.log('b', f());\nexport function g() { return 'g'; }\n"),
    "cycle reads a let too early": program(
        "import './a.mjs';\nexport const result = 1;\n", a_mjs="import { y } from './b.mjs';\nexport let x = 1;\n",
        b_mjs="import { x } from './a.mjs';\nconsole.log('b');\nconsole.log(String(x));\nexport let y = 2;\n"),
    "cycle reads a class too early": program(
        "import './a.mjs';\nexport const result = 1;\n", a_mjs="import { C } from './b.mjs';\nexport class A {}\n",
        b_mjs="import { A } from './a.mjs';\nconsole.log(typeof A);\nexport class C {}\n"),
    "cycle reads a var too early": program("import './a.mjs';\nexport const result = 1;\n", a_mjs="import './b.mjs';\nexport var v = 1;\n",
                                           b_mjs="import { v } from './a.mjs';\nconsole.log(String(v));\n"),
    "top-level await order": program("import './a.mjs';\nimport './b.mjs';\nconsole.log('main');\nexport const result = 1;\n",
                                     a_mjs="console.log('a1');\nawait null;\nconsole.log('a2');\n",
                                     b_mjs="console.log('b1');\nawait null;\nconsole.log('b2');\n"),
    "top-level await below a synchronous module": program(
        "import './a.mjs';\nimport './c.mjs';\nconsole.log('main');\nexport const result = 1;\n",
        a_mjs="import './b.mjs';\nconsole.log('a');\n", b_mjs="console.log('b1');\nawait 0;\nconsole.log('b2');\n", c_mjs="console.log('c');\n"),
    "top-level await on a timer": program(
        "import { v } from './a.mjs';\nconsole.log('main');\nexport const result = v;\n",
        a_mjs="export const v = await new Promise((resolve) => setTimeout(() => resolve('late'), 10));\nconsole.log('a');\n"),
    "top-level for await": program(
        "import { got } from './a.mjs';\nexport const result = got;\n",
        a_mjs="export const got = [];\nasync function* gen() { yield 1; yield 2; }\nfor await (const v of gen()) got.push(v);\n"),
    "top-level await in a cycle": program(
        "import './a.mjs';\nexport const result = 1;\n", a_mjs="import { b } from './b.mjs';\nawait null;\nexport let a = 1;\n",
        b_mjs="import { a } from './a.mjs';\nconsole.log(typeof a);\nexport const b = 2;\n"),
    "await inside an expression": program(
        "import { v } from './a.mjs';\nexport const result = v;\n",
        a_mjs="export const v = await 1 + await Promise.resolve(2) * 3;\nconsole.log(String(await await 4));\n"),
    "top-level await that rejects": program("import './a.mjs';\nexport const result = 1;\n",
                                            a_mjs="await null;\nthrow new RangeError('late');\n"),
    "a dependency that throws": program("import './a.mjs';\nconsole.log('main');\nexport const result = 1;\n",
                                        a_mjs="console.log('a');\nthrow new TypeError('boom');\n"),
    "import() that fails": program("let r;\ntry { await import('./a.mjs'); } catch (e) { r = e.name; }\nexport const result = r;\n",
                                   a_mjs="throw new TypeError('x');\n"),
    "import() order": program("console.log('m1');\nconst p = import('./a.mjs');\nconsole.log('m2');\nawait p;\nconsole.log('m3');\n"
                              "export const result = 1;\n", a_mjs="console.log('a');\n"),
    "import() of a module already loaded": program(
        "import { x } from './a.mjs';\nconst ns = await import('./a.mjs');\nexport const result = [x, ns.x];\n", a_mjs=A),
    "subfolders and parents": program(
        "import { v } from './lib/x/a.mjs';\nexport const result = v;\n",
        lib__x__a_mjs="import { w } from '../b.mjs';\nexport const v = w + 1;\n",
        lib__b_mjs="import { t } from '../top.mjs';\nexport const w = t * 10;\n", top_mjs="export const t = 4;\n"),
    "import.meta.url ends with the file": program(
        "import { u } from './lib/a.mjs';\nexport const result = [u.endsWith('/lib/a.mjs'), import.meta.url.endsWith('/main.mjs')];\n",
        lib__a_mjs="export const u = import.meta.url;\n"),
    "a module imported by itself": program("import * as me from './main.mjs';\nexport const x = 1;\nexport const result = typeof me;\n"),
    "side effects once": program("import './a.mjs';\nimport './b.mjs';\nexport const result = globalThis.count;\n",
                                 a_mjs="import './c.mjs';\n", b_mjs="import './c.mjs';\n",
                                 c_mjs="globalThis.count = (globalThis.count || 0) + 1;\n"),
}


@pytest.fixture(scope="module")
def thread() -> Iterator[BigStackThread]:
    runner = BigStackThread()
    yield runner
    runner.close()


def differences(programs: dict[str, Program], scratch: Path, thread: BigStackThread) -> list[str]:
    folders = [write(scratch / f"p{index}", files) for index, files in enumerate(programs.values())]
    expected = node_answers(folders, scratch)
    found = []
    for (name, files), folder, want in zip(programs.items(), folders, expected, strict=True):
        have = grader_answer(folder, thread)
        if have != want:
            shown = "\n".join(f"    --- {path}\n" + "".join(f"    {line}\n" for line in text.splitlines()) for path, text in files.items())
            found.append(f"{name}\n    node:    {want}\n    sandbox: {have}\n{shown}")
    return found


def test_the_table_answers_as_node(tmp_path: Path, thread: BigStackThread) -> None:
    differ = differences(TABLE, tmp_path, thread)
    assert not differ, f"{len(differ)} of {len(TABLE)} programs differ from Node:\n" + "\n".join(differ)


def random_program(rng: random.Random) -> Program:
    """A random graph of 2 to 6 modules: static imports of every kind (cycles too), top-level await
    anywhere, hoisted functions called and `let` bindings read at the top level (which a cycle may
    reach before they are set: Node's ReferenceError), live values read at the end."""
    count = rng.randint(2, 6)
    files: Program = {}
    for i in range(count):
        lines, reads = [], []
        imports = rng.sample(range(count), rng.randint(0, min(3, count)))
        for j in imports:
            style = rng.choice(["bare", "named", "namespace", "named"])
            if style == "bare":
                lines.append(f"import './m{j}.mjs';")
            elif style == "named":
                lines.append(f"import {{ f{j}, v{j} }} from './m{j}.mjs';" if j != i else f"import './m{j}.mjs';")
                reads += [f"f{j}()", f"v{j}"] if j != i else []
            else:
                lines.append(f"import * as ns{i}_{j} from './m{j}.mjs';")
                reads += [f"ns{i}_{j}.f{j}()", f"ns{i}_{j}.v{j}"]
        lines.append(f"console.log('m{i} starts');")
        if rng.random() < 0.3:
            lines.append("await null;")
            lines.append(f"console.log('m{i} resumed');")
        for read in rng.sample(reads, min(len(reads), 2)):
            lines.append(f"console.log('m{i} reads', String({read}));")
        lines.append(f"export function f{i}() {{ return 'f{i}'; }}")
        lines.append(f"export let v{i} = {i};")
        if rng.random() < 0.3:
            lines.append(f"v{i} += 10;")
        files[f"m{i}.mjs"] = "\n".join(lines) + "\n"
    roots = rng.sample(range(count), rng.randint(1, count))
    files["main.mjs"] = ("".join(f"import * as r{j} from './m{j}.mjs';\n" for j in roots) + "console.log('main');\n"
                         + "export const result = [" + ", ".join(f"r{j}.v{j}, r{j}.f{j}()" for j in roots) + "];\n")
    return files


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_module_graphs_answer_as_node(seed: int, tmp_path: Path, thread: BigStackThread) -> None:
    rng = random.Random(seed)
    programs = {f"seed {seed} program {n}": random_program(rng) for n in range(120)}
    differ = differences(programs, tmp_path, thread)
    assert not differ, f"{len(differ)} of {len(programs)} programs differ from Node:\n" + "\n".join(differ[:5])


def test_the_oracle_sees_what_it_compares(tmp_path: Path) -> None:
    """Node must really answer: a program that prints, one that throws, one that fails to link."""
    programs = [program("console.log('hi');\nexport const result = [1];\n"), program("throw new RangeError('r');\n"),
                program("import { x } from './a.mjs';\n", a_mjs="")]
    answers = node_answers([write(tmp_path / f"p{i}", p) for i, p in enumerate(programs)], tmp_path)
    assert answers[0] == Answer(("hi",), "[1]")
    assert (answers[1].error, answers[1].message) == ("RangeError", "r")
    assert answers[2].error == "SyntaxError" and "does not provide an export named 'x'" in answers[2].message
