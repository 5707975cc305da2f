"""Fuzzing the spec loader: whatever the YAML, the result is a Spec or a SpecError with a line,
never another exception and never a hang."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_jsgrade.spec.build import load_spec
from pytest_jsgrade.spec.errors import SpecError

VALID = {
    "title": "T",
    "file": "main.js",
    "points": 1,
    "limits": {"time": "1s", "memory": "64MB"},
    "cases": [{"name": "a", "call": "f(1)", "expect": [1, 2]}, {"call": "g()", "throws": {"name": "TypeError"}}],
}

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=20)


# The only errors that concern the whole file rather than a line of it.
WHOLE_FILE = ("the spec is empty", "the spec is not UTF-8", "the spec's aliases", "the spec is nested too deeply",
              "YAML error:", "cannot read the spec")


def _check(path: Path, text: str) -> None:
    """Loading never raises anything but SpecError, and a SpecError points at a line that exists."""
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_spec(path)
    except SpecError as exc:
        assert exc.message and exc.path == str(path)
        if exc.line is None:
            assert exc.message.startswith(WHOLE_FILE), exc.message
        else:
            assert 1 <= exc.line <= text.count("\n") + 1, (exc.line, exc.message, text)
            assert str(exc) == f"{path}:{exc.line}: {exc.message}"


@FUZZ
@given(text=st.text(max_size=300))
def test_random_text(tmp_path: Path, text: str) -> None:
    _check(tmp_path / "s.yaml", text.encode("utf-8", "replace").decode("utf-8"))


@FUZZ
@given(doc=documents)
def test_random_documents(tmp_path: Path, doc: object) -> None:
    _check(tmp_path / "s.yaml", yaml.safe_dump(doc))


@FUZZ
@given(path=st.sampled_from(["title", "file", "points", "limits", "cases", "cases.0", "cases.0.expect", "cases.1.throws", "limits.time"]), value=documents)
def test_mutated_valid_specs(tmp_path: Path, path: str, value: object) -> None:
    doc = json.loads(json.dumps(VALID))
    node = doc
    keys = path.split(".")
    for key in keys[:-1]:
        node = node[int(key)] if key.isdigit() else node[key]
    last = keys[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    _check(tmp_path / "s.yaml", yaml.safe_dump(doc))


@FUZZ
@given(cut=st.integers(min_value=0, max_value=400), junk=st.text(max_size=5))
def test_truncated_and_spliced_specs(tmp_path: Path, cut: int, junk: str) -> None:
    text = yaml.safe_dump(VALID)
    _check(tmp_path / "s.yaml", text[:cut] + junk + text[cut:])
