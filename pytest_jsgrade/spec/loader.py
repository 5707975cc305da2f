"""Reading spec files: safe YAML with line numbers.

YAML is read with YAML 1.2 core rules (`1e-9` is a number, `no` is a string, `2024-01-01` is a
string), `!js` is the only custom tag, duplicate keys are errors, and alias bombs are refused
before anything walks them. Every mapping and list remembers its line, so later stages can
point at the line of any key.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import SpecError
from .model import JsExpr

MAX_SPEC_BYTES = 5 * 1024 * 1024
MODELINE = "spec.schema.json"  # a file whose first lines name the schema says it is a spec
FAST = hasattr(yaml, "CSafeLoader")  # libyaml
_NOT_YAML = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
MAX_ALIAS_NODES = 1_000_000  # values that aliases add by repeating anchored ones: refuses alias bombs ("billion laughs")


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
    memo[id(node)] = min(size, LARGE)
    return memo[id(node)]


LARGE = 10**12  # caps the count (an alias bomb's true size has hundreds of digits)


def alias_expansion(root: yaml.Node) -> int:
    """How many values aliases add to the document: its size with every alias expanded, less the
    values written. A spec of 100,000 written cases adds none; a few nested aliases can add
    billions, which is what the guard refuses before anything walks them."""
    memo: dict[int, int] = {}
    expanded = _expanded_size(root, memo)
    return max(0, expanded - len(memo))


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
        added = alias_expansion(node) if "*" in text else 0  # an alias is written `*name`: without one, nothing repeats
        if added > MAX_ALIAS_NODES:
            raise SpecError(path, None, f"the spec's aliases (*name) would repeat more than {MAX_ALIAS_NODES:,} values "
                                        f"({'very many' if added >= LARGE else f'{added:,}'}): are aliases nested in aliases?")
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "mapping values are not allowed" in problem:
            problem += " (a value that contains ': ' must be quoted, e.g. call: \"f({a: 1})\")"
        # libyaml puts a mark for "the file ended too soon" on the line after the last one.
        at = min(mark.line + 1, text.count("\n") + 1) if mark else None
        raise SpecError(path, at, f"YAML syntax error: {problem}") from None
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
