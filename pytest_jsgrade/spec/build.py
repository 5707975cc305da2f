"""From a validated YAML document to the Spec model.

Expectations written in YAML become plain JavaScript data here (numbers are JS numbers, keys
are strings); a structure with `!js` parts inside becomes one `!js` expression. Case names are
made unique, so node ids are too.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from .errors import SpecError
from .jsdata import from_yaml
from .limits import DEFAULT_LIMITS, LimitError, Limits
from .loader import line_of, load_yaml
from .model import Case, Expectations, GenerateGroup, JsExpr, Match, Spec, Step, Throws, node_name
from .points import ZERO, Points, exact
from .schema import validate, where_text


def _limits(path: Path, base: Limits, node: Any, document: Any, where: list[Any]) -> Limits:
    try:
        return base.merged(node)
    except LimitError as exc:
        key = next((k for k in (node or {}) if k in str(exc)), None)
        raise SpecError(path, line_of(document, where + ([key] if key else [])), f"{where_text(where)}: {exc}") from None


def _has_js(value: Any) -> bool:
    if isinstance(value, JsExpr):
        return True
    if isinstance(value, dict):
        return any(_has_js(v) for v in value.values())
    return isinstance(value, list) and any(_has_js(v) for v in value)


def _js_source(value: Any) -> str:
    """YAML with `!js` inside it, written as one JavaScript expression."""
    if isinstance(value, JsExpr):
        return f"({value.source})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {_js_source(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_js_source(v) for v in value) + "]"
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return json.dumps(value)


def _expectation(raw: Any) -> Any:
    """The expected value; a structure with `!js` parts inside becomes one `!js` expression."""
    if _has_js(raw) and not isinstance(raw, JsExpr):
        return JsExpr(_js_source(raw), getattr(raw, "line", 0))
    return from_yaml(raw)


def _step_code(raw: Any) -> str:
    return str(raw.get("do") or raw.get("call") or "")


def _regex(path: Path, document: Any, where: list[Any], pattern: Any, mode: str) -> None:
    """A `regex` match's pattern must compile, and a `contains` or `regex` text must say something
    (an empty one matches anything, even nothing printed), or the spec is refused at its line."""
    if mode not in ("regex", "contains") or not isinstance(pattern, str):
        return
    if pattern == "":
        raise SpecError(path, line_of(document, where), f"{where_text(where)}: an empty text matches anything with match: {mode}; "
                                                        "write what must be there, or leave the expectation out")
    if mode == "regex":
        import regex  # about 16 ms: only for specs that have a pattern

        try:
            regex.compile(pattern)
        except regex.error as exc:
            raise SpecError(path, line_of(document, where), f"{where_text(where)}: not a valid regular expression ({exc})") from None


def _expects(path: Path, document: Any, raw: Any, where: list[Any]) -> Expectations:
    """What a case or a step must do, as written."""
    throws = raw.get("throws")
    if isinstance(throws, str):
        throws = Throws(name=throws)
    elif isinstance(throws, dict):
        throws = Throws(name=throws.get("name"), message=throws.get("message"), match=throws.get("match", "contains"))
        if throws.message:  # an empty message matches any message: the same as leaving it out, and harmless
            _regex(path, document, where + ["throws", "message"], throws.message, throws.match)
    output = raw.get("output")
    output_match: Match = "exact"  # the schema allows only the modes of Match
    if isinstance(output, dict):
        output, output_match = output["text"], output.get("match", "exact")
        _regex(path, document, where + ["output"], output, output_match)
    match = raw.get("match", "exact")
    if match == "regex" and not isinstance(raw.get("expect"), str):
        raise SpecError(path, line_of(document, where + ["match"]), f"{where_text(where)}: match: regex needs a string expect (the pattern)")
    _regex(path, document, where + ["expect"], raw.get("expect"), match)
    return Expectations(
        has_expect="expect" in raw, expect=_expectation(raw["expect"]) if "expect" in raw else None, throws=throws,
        output=output, output_match=output_match, check=raw.get("check"), match=match,
        unordered=bool(raw.get("unordered", False)), tolerance=raw.get("tolerance"),
    )


def _steps(path: Path, document: Any, raw: Any, where: list[Any]) -> tuple[Step, ...]:
    if not raw:
        return ()
    steps = []
    for index, step in enumerate(raw):
        is_statement = "do" in step
        code = step["do"] if is_statement else step["call"]
        steps.append(Step(index=index, name=step.get("name") or _case_name(code), code=code, is_statement=is_statement,
                          line=raw.item_lines[index], expects=_expects(path, document, step, where + [index]),
                          hint=step.get("hint")))
    return tuple(steps)


def _case_name(call: str) -> str:
    single = " ".join(call.split())
    return single if len(single) <= 80 else single[:79] + "…"


def build(path: Path, document: Any) -> Spec:
    """A validated document → Spec. Case names are made unique so node ids are too."""
    validate(path, document)
    limits = _limits(path, DEFAULT_LIMITS, document.get("limits"), document, ["limits"])
    points = exact(document.get("points", 1))
    visibility = document.get("visibility", "visible")
    files = document["file"]
    cases = []
    used: dict[str, int] = {}  # node names so far: two cases must not share one
    duplicates: list[str] = []
    for index, raw in enumerate(document.get("cases", [])):
        written = raw.get("name") or _case_name(raw["call"] if "call" in raw else "; ".join(_step_code(st) for st in raw["steps"]))
        name, count = written, 1
        while node_name(name) in used:
            count += 1
            name = f"{written} ({count})"
        if count > 1 and written not in duplicates:
            duplicates.append(written)
        used[node_name(name)] = index
        where = ["cases", index]
        expects = _expects(path, document, raw, where)
        steps = _steps(path, document, raw.get("steps"), where + ["steps"])
        call = raw["call"] if "call" in raw else "\n".join(step.code for step in steps)
        cases.append(
            Case(
                index=index,
                name=name,
                named=bool(raw.get("name")),
                call=call,
                line=document["cases"].item_lines[index],
                points=exact(raw.get("points", points)),
                limits=_limits(path, limits, raw.get("limits"), document, where + ["limits"]),
                visibility=raw.get("visibility", visibility),
                has_expect=expects.has_expect,
                expect=expects.expect,
                throws=expects.throws,
                output=expects.output,
                output_match=expects.output_match,
                check=expects.check,
                match=expects.match,
                unordered=expects.unordered,
                tolerance=expects.tolerance,
                from_reference=not steps and not any(key in raw for key in ("expect", "throws", "output", "check")),
                hint=raw.get("hint", document.get("hint")),
                feedback=raw.get("feedback", document.get("feedback")),
                steps=steps,
            )
        )
    reference = document.get("reference")
    written = [reference] if isinstance(reference, str) else list(reference or [])
    file_names = tuple([files] if isinstance(files, str) else files)
    for name in file_names:
        _relative_path(path, document, "file", name)
    references = tuple(_inside_spec_folder(path, document, name) for name in written)
    if references and len(references) != len(file_names):
        raise SpecError(path, line_of(document, ["reference"]), f"reference: give one reference file per student file ({len(file_names)})")
    groups = []
    for index, raw in enumerate(document.get("generate", [])):
        count = int(raw["count"])
        groups.append(GenerateGroup(
            name=raw["name"], count=count, seed=int(raw.get("seed", 1)), inputs=raw["inputs"], call=raw["call"],
            points=exact(raw.get("points", points * count)), visibility=raw.get("visibility", visibility),
            limits=_limits(path, limits, raw.get("limits"), document, ["generate", index, "limits"]),
            line=document["generate"].item_lines[index],
        ))
    relative = [c.name for c in cases if c.limits.time_factor is not None] + [g.name for g in groups if g.limits.time_factor is not None]
    if relative and not references:
        raise SpecError(path, line_of(document, ["limits"]), f"a relative time limit (such as 5x) needs a reference solution; used by {relative[0]!r}")
    return Spec(
        path=path,
        title=document.get("title") or path.stem,
        files=file_names,
        points=points,
        limits=limits,
        visibility=visibility,
        setup=document.get("setup"),
        cases=tuple(cases),
        reference=references,
        generate=tuple(groups),
        duplicate_names=tuple(duplicates),
        typescript=bool(document.get("typescript", False)),
    )


def load_spec(path: Path) -> Spec:
    """Reads, validates and builds one spec file."""
    return build(path, load_yaml(path))


def _relative_path(path: Path, document: Any, key: str, name: str) -> PurePosixPath:
    """A path written in a spec: relative, forward slashes, never leaving its folder."""
    written = PurePosixPath(name.replace("\\", "/"))
    if written.is_absolute() or PureWindowsPath(name).drive or ".." in written.parts or not name.strip():
        raise SpecError(path, line_of(document, [key]), f"{key}: {name!r} must be a path inside its folder (no '..', not absolute)")
    return written


def _inside_spec_folder(path: Path, document: Any, name: str) -> Path:
    """A reference solution: a file inside the spec's folder, symbolic links included."""
    target = path.parent / _relative_path(path, document, "reference", name)
    if not target.is_file():
        raise SpecError(path, line_of(document, ["reference"]), f"reference: {target} does not exist")
    try:
        target.resolve().relative_to(path.parent.resolve())
    except ValueError:
        raise SpecError(path, line_of(document, ["reference"]), f"reference: {name!r} leads outside the spec's folder") from None
    return target


def estimate_points(path: Path) -> Points:
    """What a broken spec would have been worth, read as leniently as possible (0 when unknowable)."""
    try:
        document = load_yaml(path)
    except SpecError:
        return ZERO
    if not isinstance(document, dict) or not isinstance(document.get("cases"), list):
        return ZERO
    default = document.get("points", 1)
    total = ZERO
    for case in document["cases"]:
        value = case.get("points", default) if isinstance(case, dict) else default
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1e6:
            total += exact(value)
    return total
