"""Spec files: safe YAML loading with line numbers, schema validation, and the Spec model.

A bad spec must fail at collection with a message an instructor can act on: the file,
the line, the key, and the closest valid key for a typo. YAML is read with YAML 1.2 core
rules (`1e-9` is a number, `no` is a string, `2024-01-01` is a string) and `!js` is the
only custom tag.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .limits import DEFAULT_LIMITS, LimitError, Limits
from .values import JsExpr, from_yaml

MAX_SPEC_BYTES = 5 * 1024 * 1024
_NOT_YAML = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
MAX_EXPANDED_NODES = 200_000  # refuses alias bombs ("billion laughs") before anything walks them
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


class SpecError(Exception):
    """A spec that cannot be used; str() is the whole message, with file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}")


# -- YAML -------------------------------------------------------------------------------


class LineDict(dict[Any, Any]):
    """A mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list[Any]):
    line: int = 0
    item_lines: list[int]


# libyaml parses several times faster where PyYAML was built with it; both keep line marks.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SpecLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader with YAML 1.2 core scalars, line numbers and the `!js` tag."""

    yaml_implicit_resolvers: dict[Any, Any] = {}
    yaml_constructors = dict(yaml.SafeLoader.yaml_constructors)


def _resolver(tag: str, pattern: str, first: str) -> None:
    SpecLoader.add_implicit_resolver(tag, re.compile(pattern, re.VERBOSE), list(first))


_resolver("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN")
SpecLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])
_resolver("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_resolver("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+)$", "-+0123456789")
_resolver(
    "tag:yaml.org,2002:float",
    r"""^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
        |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    "-+0123456789.",
)
_resolver("tag:yaml.org,2002:merge", r"^(?:<<)$", "<")


def _int(loader: SpecLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node)).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    return sign * int(digits)


def _float(loader: SpecLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).replace("_", "").lower()
    if text in (".nan",):
        return float("nan")
    if text.lstrip("+-") == ".inf":
        return float("-inf") if text.startswith("-") else float("inf")
    if text in (".", "-.", "+."):
        raise yaml.constructor.ConstructorError(None, None, f"{text!r} is not a number", node.start_mark)
    return float(text)


def _mapping(loader: SpecLoader, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            key = loader.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first at line {seen[key]})", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "mapping keys must be plain scalars", key_node.start_mark)
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1


def _sequence(loader: SpecLoader, node: yaml.SequenceNode) -> Any:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


def _js(loader: SpecLoader, node: yaml.Node) -> JsExpr:
    if not isinstance(node, yaml.ScalarNode):
        raise yaml.constructor.ConstructorError(None, None, "!js takes a JavaScript expression as text", node.start_mark)
    return JsExpr(str(loader.construct_scalar(node)), node.start_mark.line + 1)


SpecLoader.add_constructor("tag:yaml.org,2002:int", _int)
SpecLoader.add_constructor("tag:yaml.org,2002:float", _float)
SpecLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
SpecLoader.add_constructor("tag:yaml.org,2002:seq", _sequence)
SpecLoader.add_constructor("!js", _js)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many nodes the document has once aliases are expanded (shared nodes counted per use)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    memo[id(node)] = 1  # a recursive alias counts once
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, memo) for child in node.value)
    else:
        size = 1
    memo[id(node)] = min(size, MAX_EXPANDED_NODES + 1)
    return memo[id(node)]


def load_yaml(path: Path) -> Any:
    """The document of a spec file, with line numbers; SpecError for anything unreadable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(path, None, f"cannot read the spec: {exc.strerror}") from None
    if len(raw) > MAX_SPEC_BYTES:
        raise SpecError(path, None, f"the spec is {len(raw) // 1024} KB; specs may be at most {MAX_SPEC_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(path, None, f"the spec is not UTF-8 text (byte {exc.start})") from None
    try:
        loader = SpecLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise SpecError(path, line, f"the spec contains a character YAML does not allow (code {exc.character!r})") from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise SpecError(path, None, "the spec is empty")
        if _expanded_size(node, {}) > MAX_EXPANDED_NODES:
            raise SpecError(path, None, "the spec expands to too many values (are aliases nested in aliases?)")
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "mapping values are not allowed" in problem:
            problem += " (a value that contains ': ' must be quoted, e.g. call: \"f({a: 1})\")"
        raise SpecError(path, mark.line + 1 if mark else None, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        if "unacceptable character" in str(exc):
            bad = next((i for i, ch in enumerate(text) if _NOT_YAML.match(ch)), 0)
            raise SpecError(path, text[:bad].count("\n") + 1, "the spec contains a character YAML does not allow") from None
        raise SpecError(path, None, f"YAML error: {exc}") from None
    except RecursionError:
        raise SpecError(path, None, "the spec is nested too deeply") from None
    finally:
        loader.dispose()


def looks_like_spec(document: Any) -> bool:
    """Whether a YAML file that parsed is meant as a spec (other YAML in the tree is left alone)."""
    return isinstance(document, dict) and any(key in document for key in ("cases", "file", "setup", "limits"))


# -- validation -------------------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    """The spec JSON Schema shipped in the package."""
    text = resources.files(__package__).joinpath("schema/spec.schema.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


@cache
def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema())
    return cls(schema())


def _plain(value: Any) -> Any:
    """The document as JSON Schema sees it: `!js` values stand in as their source text."""
    if isinstance(value, JsExpr):
        return value.source
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def line_of(document: Any, path: list[Any]) -> int | None:
    """The line of the value at `path` (keys and indices), or of its nearest known parent."""
    line = getattr(document, "line", None)
    node = document
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line


def _where(path: list[Any]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _schema_of(error: Any) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def _explain(error: jsonschema.ValidationError) -> tuple[list[Any], str]:
    """A schema error in an instructor's words, and where it points."""
    path = list(error.absolute_path)
    where = _where(path)
    prefix = f"{where}: " if where else ""
    if error.validator == "additionalProperties":
        allowed = list(_schema_of(error).get("properties", {}))
        instance: Any = error.instance
        unknown = sorted(set(instance) - set(allowed), key=str)
        key = unknown[0] if unknown else "?"
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f"; valid keys are {', '.join(allowed)}"
        return path + [key], f"{prefix}unknown key {key!r}{hint}"
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return path, f"{prefix}missing required key {missing[0] if missing else error.message!r}"
    if error.validator == "anyOf" and path and isinstance(path[-1], int):
        return path, f"{prefix}a case needs at least one of expect, throws, output, check"
    if error.validator == "not":
        return path, f"{prefix}'throws' cannot be combined with 'expect' or 'check'"
    if error.validator == "enum":
        choices: Any = error.validator_value
        return path, f"{prefix}{error.instance!r} is not one of {', '.join(map(str, choices))}"
    if error.validator in ("pattern", "minimum", "exclusiveMinimum", "maximum", "minLength"):
        description = _nearest_description(error)
        if description:
            return path, f"{prefix}{error.instance!r} is not valid here. {description}"
    if error.validator == "oneOf":
        description = _schema_of(error).get("description") or _described(error)
        return path, f"{prefix}{error.instance!r} is not valid here. {description}".strip()
    if error.validator == "type":
        got = _yaml_kind(error.instance)
        hint = " (put it in quotes to make it text)" if error.validator_value == "string" and got != "mapping" else ""
        return path, f"{prefix}expected {error.validator_value}, got {got} {_yaml_text(error.instance)}{hint}"
    return path, f"{prefix}{error.message}"


def _nearest_description(error: jsonschema.ValidationError) -> str:
    """The description of the closest enclosing schema (through oneOf branches and $refs)."""
    node: Any = error
    while node is not None:
        text = _schema_of(node).get("description")
        if text:
            return str(text)
        if "$ref" in _schema_of(node):
            return _described(node)
        node = node.parent
    return ""


def _yaml_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else type(value).__name__


def _yaml_text(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:59] + "…"


def _described(error: jsonschema.ValidationError) -> str:
    ref = _schema_of(error).get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        definition: dict[str, Any] = schema()["$defs"].get(ref.rsplit("/", 1)[1], {})
        return str(definition.get("description", ""))
    return ""


# Case keys whose text the schema checks only for emptiness, and keys it does not check at all.
_FREE_TEXT_KEYS = ("name", "call", "output", "check")
_UNCHECKED_KEYS = ("expect",)


def _case_shape(case: Any) -> Any:
    """A case reduced to what the schema can see: valid exactly when the case is valid."""
    if not isinstance(case, dict):
        return case
    shape = dict(case)
    for key in _FREE_TEXT_KEYS:
        if isinstance(shape.get(key), str):
            shape[key] = "x" if shape[key] else ""
    for key in _UNCHECKED_KEYS:
        if key in shape:
            shape[key] = None
    return shape


def _distinct_shapes(document: dict[str, Any]) -> dict[str, Any]:
    """The document with one case per distinct shape.

    Every case rule in the schema applies to each case on its own (no uniqueItems, maxItems
    or contains), so this validates exactly when the whole document does, and a spec of
    thousands of similar cases costs a handful of case validations instead of thousands.
    """
    cases = document.get("cases")
    if not isinstance(cases, list):
        return document
    distinct: dict[str, Any] = {}
    for case in cases:
        shape = _case_shape(case)
        distinct.setdefault(json.dumps(shape, sort_keys=True, default=repr), shape)
    return {**document, "cases": list(distinct.values())}


def validate(path: Path, document: Any) -> None:
    """Raises SpecError for the first (most specific) schema violation."""
    if not isinstance(document, dict):
        raise SpecError(path, getattr(document, "line", 1), "a spec must be a mapping with at least 'file' and 'cases'")
    plain = _plain(document)
    if _validator().is_valid(_distinct_shapes(plain)):
        return
    errors = sorted(_validator().iter_errors(plain), key=lambda e: (list(map(str, e.absolute_path)), -len(e.absolute_path)))
    if not errors:
        return
    best = jsonschema.exceptions.best_match(errors)
    keys, message = _explain(best)
    raise SpecError(path, line_of(document, keys), message)


# -- the model --------------------------------------------------------------------------


@dataclass(frozen=True)
class Throws:
    name: str | None = None
    message: str | None = None  # substring; "" or None matches any


@dataclass(frozen=True)
class Case:
    """One graded call; becomes one pytest item."""

    index: int
    name: str
    call: str
    line: int
    points: float
    limits: Limits
    visibility: str
    has_expect: bool = False
    expect: Any = None  # the model value (values.py) or a JsExpr
    throws: Throws | None = None
    output: str | None = None
    check: str | None = None
    unordered: bool = False
    tolerance: float | None = None
    from_reference: bool = False  # no expectation written: expect what the reference does
    group: str | None = None  # the `generate` group a generated case belongs to


@dataclass(frozen=True)
class GenerateGroup:
    """A `generate:` entry; expanded into cases at collection (see reference.py)."""

    name: str
    count: int
    seed: int
    inputs: str
    call: str
    points: float
    visibility: str
    limits: Limits
    line: int


@dataclass(frozen=True)
class Spec:
    path: Path
    title: str
    files: tuple[str, ...]
    points: float
    limits: Limits
    visibility: str
    setup: str | None
    cases: tuple[Case, ...] = field(default=())
    reference: tuple[Path, ...] = ()
    generate: tuple[GenerateGroup, ...] = ()
    duplicate_names: tuple[str, ...] = ()  # names written more than once (numbered apart here)

    @property
    def max_points(self) -> float:
        return sum(case.points for case in self.cases)


def _limits(path: Path, base: Limits, node: Any, document: Any, where: list[Any]) -> Limits:
    try:
        return base.merged(node)
    except LimitError as exc:
        key = next((k for k in (node or {}) if k in str(exc)), None)
        raise SpecError(path, line_of(document, where + ([key] if key else [])), f"{_where(where)}: {exc}") from None


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


def _case_name(call: str) -> str:
    single = " ".join(call.split())
    return single if len(single) <= 80 else single[:79] + "…"


def build(path: Path, document: Any) -> Spec:
    """A validated document → Spec. Case names are made unique so node ids are too."""
    validate(path, document)
    limits = _limits(path, DEFAULT_LIMITS, document.get("limits"), document, ["limits"])
    points = float(document.get("points", 1))
    visibility = document.get("visibility", "visible")
    files = document["file"]
    cases = []
    used: dict[str, int] = {}
    for index, raw in enumerate(document.get("cases", [])):
        name = raw.get("name") or _case_name(raw["call"])
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name} ({used[name]})"
        throws = raw.get("throws")
        if isinstance(throws, str):
            throws = Throws(name=throws)
        elif isinstance(throws, dict):
            throws = Throws(name=throws.get("name"), message=throws.get("message"))
        cases.append(
            Case(
                index=index,
                name=name,
                call=raw["call"],
                line=document["cases"].item_lines[index],
                points=float(raw.get("points", points)),
                limits=_limits(path, limits, raw.get("limits"), document, ["cases", index, "limits"]),
                visibility=raw.get("visibility", visibility),
                has_expect="expect" in raw,
                expect=_expectation(raw["expect"]) if "expect" in raw else None,
                throws=throws,
                output=raw.get("output"),
                check=raw.get("check"),
                unordered=bool(raw.get("unordered", False)),
                tolerance=raw.get("tolerance"),
                from_reference=not any(key in raw for key in ("expect", "throws", "output", "check")),
            )
        )
    reference = document.get("reference")
    references = tuple(path.parent / r for r in ([reference] if isinstance(reference, str) else reference or []))
    file_names = tuple([files] if isinstance(files, str) else files)
    if references and len(references) != len(file_names):
        raise SpecError(path, line_of(document, ["reference"]), f"reference: give one reference file per student file ({len(file_names)})")
    for ref in references:
        if not ref.is_file():
            raise SpecError(path, line_of(document, ["reference"]), f"reference: {ref} does not exist")
    groups = []
    for index, raw in enumerate(document.get("generate", [])):
        count = int(raw["count"])
        groups.append(GenerateGroup(
            name=raw["name"], count=count, seed=int(raw.get("seed", 1)), inputs=raw["inputs"], call=raw["call"],
            points=float(raw.get("points", points * count)), visibility=raw.get("visibility", visibility),
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
        duplicate_names=tuple(name for name, n in used.items() if n > 1),
    )


def load_spec(path: Path) -> Spec:
    """Reads, validates and builds one spec file."""
    return build(path, load_yaml(path))
