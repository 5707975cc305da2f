"""JUnit XML for CI tools: pytest writes the file (--junitxml); this regroups and enriches it.

One testsuite per spec (named by its title, with its score as properties), one testcase per
case with time = the case's CPU time and a compact set of properties (points, max_points,
cpu_ms, memory_bytes, ...). Failures keep the message a student sees. Test cases that are
not graded cases (ordinary Python tests in the same run) are kept in a suite of their own.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from junitparser import Error, Failure, JUnitXml, Properties, Property, TestCase, TestSuite

from ..spec.points import machine
from .io import ReportError, clean_text, write_atomically
from .ledger import Ledger
from .records import PROPERTY, SPEC_ERROR_PROPERTY, CaseRecord, decode_spec_error, nodeid_of_record

CASE_PROPERTIES = ("points", "max_points", "cpu_ms", "memory_bytes", "peak_memory_bytes", "outcome", "call", "location", "visibility")


def _property(case: TestCase, name: str) -> str | None:
    """A property pytest wrote into a test case from the item's user_properties."""
    for props in case._elem.findall("properties"):
        for prop in props.findall("property"):
            if prop.get("name") == name:
                value = prop.get("value")
                return None if value is None else str(value)
    return None


def _nodeid_of(case: TestCase) -> str | None:
    """The case's nodeid from the record pytest wrote into it as its `jsgrade` property (see
    records.py). Reading it back, rather than rebuilding the case's address, holds with
    --junitprefix and any name."""
    text = _property(case, PROPERTY)
    return nodeid_of_record(text) if text else None


def _properties(record: CaseRecord) -> list[tuple[str, str]]:
    values = {
        "points": machine(record.points),
        "max_points": machine(record.max_points),
        "cpu_ms": f"{record.cpu_ms:.3f}",
        "memory_bytes": str(record.heap_bytes),
        "peak_memory_bytes": "" if record.peak_bytes is None else str(record.peak_bytes),
        "outcome": record.kind.value,
        "call": record.call,
        "location": record.location,
        "visibility": record.visibility,
    }
    return [(name, values[name]) for name in CASE_PROPERTIES if values[name] != ""]


def _set_properties(case: TestCase, pairs: list[tuple[str, str]]) -> None:
    for old in list(case._elem.findall("properties")):
        case._elem.remove(old)
    # Plain elements, made by the case's own element type (junitparser may run on lxml or
    # ElementTree): junitparser's wrappers cost more than the XML itself.
    props = case._elem.makeelement("properties", {})
    for name, value in pairs:
        props.append(props.makeelement("property", {"name": name, "value": clean_text(value)}))
    case._elem.insert(0, props)


def enrich(path: Path, ledger: Ledger) -> None:
    """Rewrites pytest's JUnit file at `path` in place (atomically)."""
    try:
        xml = JUnitXml.fromfile(str(path))
    except Exception as exc:  # not a JUnit file pytest wrote: leave it as it is
        raise ReportError(f"cannot enrich the JUnit report {path}: {exc}") from None
    suites: dict[str, TestSuite] = {}
    others = TestSuite("other tests")

    def suite_of(key: str) -> TestSuite:
        if key not in suites:
            suites[key] = TestSuite(ledger.spec_title(key))
        return suites[key]

    for suite in xml if isinstance(xml, JUnitXml) else [xml]:
        for case in suite:
            nodeid = _nodeid_of(case)
            record = ledger.cases.get(nodeid) if nodeid is not None else None
            if record is None:
                broken = _property(case, SPEC_ERROR_PROPERTY)
                if broken is not None:  # a spec that could not be loaded: its suite, worth its points
                    failure = decode_spec_error(broken)
                    _set_properties(case, [("spec_file", failure.spec_key), ("points", "0"), ("max_points", machine(failure.max_points))])
                    suite_of(failure.spec_key)._elem.append(case._elem)
                else:
                    others._elem.append(case._elem)  # add_testcase recounts the suite each time: quadratic
                continue
            case.time = round(record.cpu_ms / 1000, 6)
            _set_properties(case, _properties(record))
            for outcome in case.result:
                if isinstance(outcome, (Failure, Error)):
                    outcome.message = clean_text(record.headline)
            suite_of(record.spec_key)._elem.append(case._elem)
    result = JUnitXml("jsgrade")
    for key in sorted(suites):
        suite = suites[key]
        totals = ledger.spec_totals(key)
        props = Properties()
        props.add_property(Property("spec_file", key))
        props.add_property(Property("points", machine(totals.earned)))
        props.add_property(Property("max_points", machine(totals.possible)))
        suite._elem.insert(0, props._elem)
        suite.time = round(totals.cpu_ms / 1000, 3)
        suite.update_statistics()
        result.add_testsuite(suite)
    if len(others):
        others.update_statistics()
        result.add_testsuite(others)
    result.update_statistics()
    result._elem.attrib.pop("skipped", None)  # not an attribute of <testsuites> in the JUnit schema
    result.time = round(ledger.totals().cpu_ms / 1000, 3)
    write_atomically(path, _to_text(result))


_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                    "\n": "&#10;", "\r": "&#13;", "\t": "&#09;"})


def _serialize(elem: Any, out: list[str]) -> None:
    """ElementTree's serialization for the plain elements of a JUnit file, several times faster
    (no namespace pass, no per-node dispatch): the file has one element per case and property."""
    out.append("<" + elem.tag)
    for key, value in elem.attrib.items():
        out.append(f' {key}="{str(value).translate(_ATTRIBUTE_ESCAPES)}"')
    if elem.text or len(elem):
        out.append(">")
        if elem.text:
            out.append(elem.text.translate(_TEXT_ESCAPES))
        for child in elem:
            _serialize(child, out)
        out.append(f"</{elem.tag}>")
    else:
        out.append(" />")
    if elem.tail:
        out.append(elem.tail.translate(_TEXT_ESCAPES))


def _to_text(xml: JUnitXml) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n']
    _serialize(xml._elem, out)
    out.append("\n")
    return "".join(out)
