"""Validating a spec document against the JSON Schema shipped beside this module.

A bad spec must fail at collection with a message an instructor can act on: the file, the
line, the key, and the closest valid key for a typo.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from .errors import SpecError
from .loader import line_of
from .model import JsExpr


@cache
def schema() -> dict[str, Any]:
    """The spec JSON Schema shipped in the package."""
    text = resources.files(__package__).joinpath("spec.schema.json").read_text(encoding="utf-8")
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


def where_text(path: list[Any]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _schema_of(error: Any) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def _explain(error: jsonschema.ValidationError) -> tuple[list[Any], str]:
    """A schema error in an instructor's words, and where it points."""
    path = list(error.absolute_path)
    where = where_text(path)
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
        if {"required": ["call"]} in list(error.validator_value):  # type: ignore[arg-type]
            return path, f"{prefix}a case needs a call (or steps)"
        return path, f"{prefix}a case needs at least one of expect, throws, output, check (or steps)"
    if error.validator == "oneOf" and isinstance(error.instance, dict) and {"required": ["do"]} in list(error.validator_value):  # type: ignore[arg-type]
        return path, f"{prefix}a step needs do: (statements) or call: (an expression)"
    if error.validator == "not":
        return path, f"{prefix}{_conflict(error.instance)}"
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


def _conflict(instance: Any) -> str:
    """Why keys cannot go together (the schema's `not` rules)."""
    keys = set(instance) if isinstance(instance, dict) else set()
    if "steps" in keys:
        extra = sorted(keys & {"call", "expect", "throws", "output", "check"})
        return f"a case with steps has its calls and expectations in its steps: move {', '.join(map(repr, extra))} into a step"
    if "do" in keys and "call" in keys:
        return "a step is either do: (statements) or call: (an expression), not both"
    if "do" in keys:
        return "a do: step has no result to expect or check: make it a call: step"
    return "'throws' cannot be combined with 'expect' or 'check'"


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


# Case (and step) keys whose text the schema checks only for emptiness, and keys it does not check at all.
_FREE_TEXT_KEYS = ("name", "call", "output", "check", "hint", "do")
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
    if isinstance(shape.get("steps"), list):
        shape["steps"] = [_case_shape(step) for step in shape["steps"]]
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


MAX_PROBLEMS = 20  # shown at once; the rest are counted


def validate(path: Path, document: Any) -> None:
    """Raises SpecError naming every schema violation (the most specific one per place), each with
    its line, so an instructor fixes a spec in one round, not one error per run."""
    if not isinstance(document, dict):
        raise SpecError(path, getattr(document, "line", 1), "a spec must be a mapping with at least 'file' and 'cases'")
    plain = _plain(document)
    if _validator().is_valid(_distinct_shapes(plain)):
        return
    by_place: dict[tuple[str, ...], list[jsonschema.ValidationError]] = {}
    for error in _validator().iter_errors(plain):
        by_place.setdefault(_place(error), []).append(error)
    problems: list[tuple[int | None, str]] = []
    for group in by_place.values():
        keys, message = _explain(jsonschema.exceptions.best_match(group))
        problems.append((line_of(document, keys), message))
    problems = sorted(set(problems), key=lambda p: (p[0] or 0, p[1]))
    if not problems:
        return
    raise SpecError.of_many(path, problems, MAX_PROBLEMS)


def _place(error: jsonschema.ValidationError) -> tuple[str, ...]:
    """Where an error is: a case (or step, or generate group) and everything under it count as one
    place, so each place gets its single most specific message."""
    path = [str(p) for p in error.absolute_path]
    for depth, step in enumerate(path):
        if step in ("cases", "generate") and depth + 1 < len(path):
            rest = path[depth + 2:]
            if rest[:1] == ["steps"] and len(rest) > 1:
                return tuple(path[: depth + 4])
            return tuple(path[: depth + 2])
    return tuple(path[:1])
