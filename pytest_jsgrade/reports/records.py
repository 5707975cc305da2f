"""The per-case record every report is written from, and how it travels.

A record starts as what collection knows (the spec, the case, its points and visibility) and
gains its verdict once the case ran. It crosses from the process that graded the case to the
process that writes reports (the xdist controller) as one user property of the test report,
holding JSON text: this module is the one place that encodes it and the one that decodes it.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from json.decoder import scanstring  # type: ignore[attr-defined]  # public in the module, absent from its stub
from typing import Any

from ..grading.verdict import Kind, Section, Verdict
from ..spec.model import FEEDBACKS, VISIBILITIES, Case, Feedback, Spec, Visibility, case_title, shown_name
from ..spec.points import ZERO, Points

PROPERTY = "jsgrade"  # the name of the user property that carries a record
SPEC_ERROR_PROPERTY = "jsgrade_spec_error"  # the user property of a spec that could not be loaded


@dataclass(frozen=True)
class CaseRecord:
    nodeid: str
    spec_key: str  # the spec file's node id: what groups cases into specs in every report
    spec_title: str
    spec_file: str
    case_index: int
    name: str
    call: str
    max_points: Points
    visibility: Visibility
    graded: bool = False
    points: Points = ZERO
    kind: Kind = Kind.NOT_RUN
    headline: str = "not run: the grading session ended before this case ran"
    sections: list[Section] = field(default_factory=list)
    cpu_ms: float = 0.0
    heap_bytes: int = 0
    peak_bytes: int | None = None
    location: str = ""  # "file.js:12:5" in the student's code, when the failure points there
    feedback: Feedback = "full"  # what students may see of it (see `shown`)
    hint: str = ""  # the spec's hint, on a failure

    @classmethod
    def collected(cls, nodeid: str, spec: Spec, case: Case, feedback: Feedback = "full") -> CaseRecord:
        record = cls(nodeid=nodeid, spec_key=nodeid.split("::", 1)[0], spec_title=spec.title, spec_file=spec.path.name,
                     case_index=case.index, name=shown_name(case, feedback), call=case.call.strip(), max_points=case.points,
                     visibility=case.visibility, feedback=feedback)
        return record.shown()

    @property
    def title(self) -> str:
        return case_title(self.spec_title, self.name)

    @property
    def passed(self) -> bool:
        return self.kind is Kind.PASSED

    def with_verdict(self, verdict: Verdict) -> CaseRecord:
        """This record, graded (and cut down to what students may see of it)."""
        return replace(self, graded=True, points=verdict.score, kind=Kind(verdict.kind), headline=visible(verdict.headline),
                       sections=[(label, visible(text)) for label, text in verdict.sections], cpu_ms=round(verdict.cpu_ms, 3),
                       heap_bytes=verdict.heap_bytes,
                       peak_bytes=verdict.peak_bytes, location=verdict.location or "", hint=verdict.hint or "").shown()

    def shown(self) -> CaseRecord:
        """This record as students may see it. Every report is written from records, and a record
        is cut down where it is made, so no report can show more than its feedback allows:
        - full: everything;
        - outcome: its name, its points, whether it passed and the spec's hint (not the call, the
          values, the error, the student's line or the figures, which could tell the hidden input);
        - none: not even its name."""
        if self.feedback == "full":
            return self
        name = self.name if self.feedback == "outcome" else f"hidden case {self.case_index + 1}"
        kind = self.kind if self.kind in (Kind.PASSED, Kind.NOT_RUN) or self.kind.is_grading_error else Kind.HIDDEN
        headline = self.headline if kind in (Kind.PASSED, Kind.NOT_RUN) else "failed (what went wrong is not shown for this case)"
        if kind.is_grading_error:  # the spec's own words could quote the hidden call; the instructor's view has them
            headline = "could not be graded: an error in the spec or the grader (--jsgrade-hidden-feedback=full shows it)"
        return replace(self, name=name, call="", kind=kind, headline=headline, sections=[], location="", cpu_ms=0.0,
                       heap_bytes=0, peak_bytes=None, hint=self.hint if self.feedback == "outcome" else "")

    def ungraded(self, headline: str) -> CaseRecord:
        """This record for a case that was reported without a verdict (an error outside grading)."""
        return replace(self, kind=Kind.ERROR, headline=headline)

    # -- the one encoder and the one decoder ------------------------------------------------

    def encode(self) -> str:
        return json.dumps([
            self.nodeid, self.spec_key, self.spec_title, self.spec_file, self.case_index, self.name, self.call,
            str(self.max_points), self.visibility, self.graded, str(self.points), self.kind.value, self.headline,
            [list(s) for s in self.sections], self.cpu_ms, self.heap_bytes, self.peak_bytes, self.location, self.feedback,
            self.hint,
        ], ensure_ascii=False)

    @classmethod
    def decode(cls, text: str) -> CaseRecord:
        raw = json.loads(text)
        visibility = str(raw[8])
        if visibility not in VISIBILITIES:
            raise ValueError(f"unknown visibility {visibility!r}")
        return cls(
            nodeid=str(raw[0]), spec_key=str(raw[1]), spec_title=str(raw[2]), spec_file=str(raw[3]),
            case_index=int(raw[4]), name=str(raw[5]), call=str(raw[6]), max_points=_fraction(str(raw[7])),
            visibility=visibility,
            graded=bool(raw[9]), points=_fraction(str(raw[10])), kind=Kind(raw[11]), headline=str(raw[12]),
            sections=[(str(label), str(text)) for label, text in raw[13]], cpu_ms=float(raw[14]),
            heap_bytes=int(raw[15]), peak_bytes=None if raw[16] is None else int(raw[16]), location=str(raw[17]),
            feedback=_feedback(raw[18]), hint=str(raw[19]),
        )


# What a student's text must not carry into a terminal, a feedback file or a web page as it is:
# control characters (an escape sequence can move the cursor, rewrite lines or, with OSC 52, set
# the reader's clipboard), C1 controls, the bidirectional overrides that reorder what is shown, and
# lone surrogates (a terminal cannot encode them: pytest then prints the whole failure as one escaped line).
_HIDDEN_EFFECTS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` with every character that acts instead of showing written as an escape (`\\x1b`)."""
    text = text.replace("\r\n", "\n")
    if not _HIDDEN_EFFECTS.search(text):
        return text
    return _HIDDEN_EFFECTS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


@functools.lru_cache(maxsize=1024)
def _fraction(text: str) -> Fraction:
    """Points as written in a record: a handful of values per run, and Fraction() parses text slowly."""
    return Fraction(text)


def _feedback(value: Any) -> Feedback:
    if value not in FEEDBACKS:
        raise ValueError(f"unknown feedback {value!r}")
    return value  # type: ignore[no-any-return]


def record_of(user_properties: Any) -> CaseRecord | None:
    """The record a test report carries, if it is a graded case's report."""
    for name, value in user_properties:
        if name == PROPERTY and isinstance(value, str):
            return decode_record(value)
    return None


@functools.lru_cache(maxsize=256)
def decode_record(text: str) -> CaseRecord:
    """Each case's reports (setup, call, teardown) carry the same text, which the ledger, the
    terminal and JUnit all read: decoded once (records are frozen, so sharing one is safe)."""
    return CaseRecord.decode(text)


def nodeid_of_record(text: str) -> str | None:
    """The nodeid a record's text starts with (see CaseRecord.encode), read without decoding the
    rest: JUnit only needs it to find the ledger's record of the case."""
    if not text.startswith('["'):
        return None
    try:
        return str(scanstring(text, 2)[0])
    except ValueError:
        return None


def encode_spec_error(spec_key: str, message: str, points: Points) -> str:
    return json.dumps([spec_key, message, str(points)], ensure_ascii=False)


def decode_spec_error(text: str) -> SpecFailure:
    spec_key, message, points = json.loads(text)
    return SpecFailure(str(spec_key), str(message), Fraction(str(points)))


def spec_error_of(user_properties: Any) -> SpecFailure | None:
    """The failure a broken spec's error item carries, if this is such an item's report."""
    for name, value in user_properties:
        if name == SPEC_ERROR_PROPERTY and isinstance(value, str):
            return decode_spec_error(value)
    return None


@dataclass
class SpecFailure:
    """A spec that could not be collected: worth its points (when they can be told), earned 0."""

    spec_key: str
    message: str
    max_points: Points

    @property
    def name(self) -> str:
        return self.spec_key.rsplit("/", 1)[-1]
