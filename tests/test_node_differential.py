"""The sandbox against Node: every expression of tests/node/corpus/*.txt, evaluated by Node and by
the sandbox, must give exactly the same text (tests/node/describe.js), error messages included.

Node is the oracle: nothing here hard-codes what Node answers. One node process evaluates a whole
corpus file, and the sandbox evaluates each expression as a case of its own. Node runs with
TZ=UTC and an en-US locale, which is what the sandbox assumes (docs/node-differences.md).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import need
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sandbox_thread import BigStackThread

from pytest_jsgrade.sandbox.protocol import Budget, CaseJob, SourceFile
from pytest_jsgrade.sandbox.run import run_case

HERE = Path(__file__).parent / "node"
CORPORA = sorted((HERE / "corpus").glob("*.txt"))
DESCRIBE = (HERE / "describe.js").read_text(encoding="utf-8")


def expressions(path: Path) -> list[str]:
    """One expression per line; blank lines and lines starting with # are skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


NODE_MAJOR = "20"  # the Node the sandbox imitates (docs/node-differences.md); others answer differently


@functools.cache
def node_major(node: str) -> str:
    return subprocess.run([node, "-p", "process.versions.node"], capture_output=True, text=True, check=True).stdout.split(".")[0]


def node_answers(exprs: list[str], tmp_path: Path) -> list[str]:
    node = shutil.which("node")
    need(node is not None, "node (Node.js)")
    assert node is not None
    need(node_major(node) == NODE_MAJOR, f"Node {NODE_MAJOR} (this machine's node is {node_major(node)})")
    listing = tmp_path / "exprs.json"
    listing.write_text(json.dumps(exprs), encoding="utf-8")
    env = {**os.environ, "TZ": "UTC", "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}
    done = subprocess.run([node, str(HERE / "run_node.js"), str(listing)], capture_output=True, text=True, env=env, check=True)
    answers: list[str] = json.loads(done.stdout)
    return answers


def sandbox_call(expr: str) -> str:
    return ('(() => { try { return "= " + describe((() => { "use strict"; return (\n' + expr + '\n); })()); }'
            ' catch (e) { return "! " + (e && e.name) + ": " + (e && e.message); } })()')


@pytest.fixture(scope="module")
def thread() -> Iterator[BigStackThread]:
    runner = BigStackThread()
    yield runner
    runner.close()


def sandbox_answers(exprs: list[str], thread: BigStackThread) -> list[str]:
    answers = []
    for expr in exprs:
        result = thread.run(run_case, CaseJob(files=(SourceFile("main.js", DESCRIBE),), call=sandbox_call(expr), limits=Budget(time=5)))
        if result.value is None:
            answers.append(f"? {result.status.value}: {result.error or result.detail}")
        else:
            answers.append(json.loads(result.value)[0])
    return answers


@pytest.mark.parametrize("corpus", CORPORA, ids=[p.stem for p in CORPORA])
def test_the_sandbox_answers_exactly_as_node(corpus: Path, tmp_path: Path, thread: BigStackThread) -> None:
    exprs = expressions(corpus)
    expected = node_answers(exprs, tmp_path)
    got = sandbox_answers(exprs, thread)
    differ = [f"{expr}\n    node:    {want}\n    sandbox: {have}" for expr, want, have in zip(exprs, expected, got, strict=True) if want != have]
    assert not differ, f"{len(differ)} of {len(exprs)} expressions differ from Node:\n" + "\n".join(differ)


def test_the_corpus_is_not_empty_and_node_is_asked() -> None:
    """A corpus file with no expression would pass without comparing anything."""
    assert CORPORA
    for corpus in CORPORA:
        assert len(expressions(corpus)) >= 20, corpus.name


ALPHABET = "aabcdeefghiijklmnoopqrstuuvwxyzAEIOUBCDSTZ ééèêëàáâäåçñöøüßæœ--'.,_0123456789ÁÉÖÜ\u0301\u0308"
COLLATION_FLOOR = 0.99  # docs/node-differences.md gives the measured figure


def random_words(seed: int, count: int) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 8))) for _ in range(count)]


@pytest.mark.parametrize("locale", ["en", "de", "sv", "es", "fr"])
def test_collation_agrees_with_icu_on_random_words(locale: str, tmp_path: Path, thread: BigStackThread) -> None:
    """A three-level approximation (js/ext/collate.js) against ICU on 3,000 comparisons of random words."""
    words = random_words(17, 3001)
    pairs = [[words[i], words[i + 1]] for i in range(3000)]
    expr = f"{json.dumps(pairs)}.map(([a, b]) => Math.sign(a.localeCompare(b, {json.dumps(locale)})))"
    (want,) = node_answers([expr], tmp_path)
    (have,) = sandbox_answers([expr], thread)
    signs_want, signs_have = json.loads(want[2:]), json.loads(have[2:])
    agree = sum(a == b for a, b in zip(signs_want, signs_have, strict=True)) / len(pairs)
    assert len(signs_have) == len(pairs)
    assert agree >= COLLATION_FLOOR, f"{locale}: {agree:.2%} of {len(pairs)} comparisons agree with ICU"


def documented_globals() -> list[str]:
    """The globals docs/spec.md promises student code, from its "Globals beyond the language" item."""
    import re

    spec = (Path(__file__).parent.parent / "docs" / "spec.md").read_text(encoding="utf-8")
    line = next(line for line in spec.splitlines() if line.startswith("- Globals beyond the language"))
    return re.findall(r"`([A-Za-z_$][\w$]*)`", line)


def test_every_global_the_docs_list_exists_in_the_sandbox_and_in_node(tmp_path: Path, thread: BigStackThread) -> None:
    names = documented_globals()
    assert len(names) >= 15
    exprs = [f"typeof {name}" for name in names]
    expected = node_answers(exprs, tmp_path)
    got = sandbox_answers(exprs, thread)
    missing = [name for name, want, have in zip(names, expected, got, strict=True) if have == '= "undefined"' or want == '= "undefined"']
    assert not missing, f"documented but missing (in the sandbox or in Node): {missing}"
    assert got == expected


LOCALES = ["en-US", "en-GB", "en-IN", "de-DE", "de-CH", "nl-NL", "fr-FR", "es-ES", "it-IT", "pl-PL", "sv-SE", "ja-JP", "zh-CN", "ru-RU", "pt-BR"]


@st.composite
def number_options(draw: st.DrawFn) -> dict[str, object]:
    """NumberFormat options as students write them, without the combinations the docs leave out
    (compact notation with percent or currency; accounting with signDisplay 'always'/'exceptZero')."""
    options: dict[str, object] = {}
    style = draw(st.sampled_from(["decimal", "percent", "currency"]))
    if style != "decimal":
        options["style"] = style
    if style == "currency":
        options["currency"] = draw(st.sampled_from(["USD", "EUR", "JPY", "GBP", "CHF", "INR"]))
        options["currencyDisplay"] = draw(st.sampled_from(["symbol", "narrowSymbol", "code", "name"]))
        options["currencySign"] = draw(st.sampled_from(["standard", "accounting"]))
    digits = draw(st.sampled_from(["none", "max", "min", "both", "sig"]))
    if digits in ("max", "both"):
        options["maximumFractionDigits"] = draw(st.integers(0, 6))
    if digits in ("min", "both"):
        options["minimumFractionDigits"] = draw(st.integers(0, int(options.get("maximumFractionDigits", 6))))  # type: ignore[call-overload]
    if digits == "sig":
        options["maximumSignificantDigits"] = draw(st.integers(1, 8))
    if style == "decimal" and draw(st.booleans()):
        options["notation"] = "compact"
        options["compactDisplay"] = draw(st.sampled_from(["short", "long"]))
    signs = ["auto", "never", "negative"] + ([] if options.get("currencySign") == "accounting" else ["always", "exceptZero"])
    options["signDisplay"] = draw(st.sampled_from(signs))
    options["useGrouping"] = draw(st.sampled_from([True, False, "min2", "always", "auto"]))
    options["minimumIntegerDigits"] = draw(st.integers(1, 3))
    return options


finite = st.one_of(st.integers(-10**15, 10**15), st.floats(-1e15, 1e15, allow_nan=False), st.sampled_from([0.5, 2.5, -2.5, 1.005, 0.125, -0.0, 1e-7]))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cases=st.lists(st.tuples(finite, st.sampled_from(LOCALES), number_options()), min_size=40, max_size=80))
def test_number_format_agrees_with_node_on_generated_options(cases: list[tuple[float, str, dict[str, object]]], tmp_path: Path,
                                                           thread: BigStackThread) -> None:
    expr = json.dumps(cases) + ".map(([n, l, o]) => new Intl.NumberFormat(l, o).format(n))"
    (want,) = node_answers([expr], tmp_path)
    (have,) = sandbox_answers([expr], thread)
    if want != have:
        got, expected = json.loads(have[2:]), json.loads(want[2:])
        differ = [(case, e, g) for case, e, g in zip(cases, expected, got, strict=True) if e != g]
        raise AssertionError(f"{len(differ)} of {len(cases)} differ from Node, first: {differ[:3]}")
