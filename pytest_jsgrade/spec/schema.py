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
