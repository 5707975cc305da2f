"""Writing reports: what a report writer is, and writing its files the way other tools do.

Each writer takes the session's Ledger at the end of the session. A regular file is written
atomically (a temporary file beside it, then a rename), so a platform never reads half a report,
with the permissions the umask gives new files. A symbolic link is followed and its target
written; a target that is not a regular file (a device such as /dev/stdout, a pipe) is written in
place, never replaced. A path that cannot be written is a ReportError with one clear line.
Text is cleaned of what JSON and XML consumers refuse.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Protocol

from .ledger import Ledger


class ReportWriter(Protocol):
    """Writes one report from the ledger at the end of a session (see the hook
    `pytest_jsgrade_report_writers`, which is how plugins add their own)."""

    @property
    def description(self) -> str:
        """What and where, for messages: "Gradescope results.json (results/results.json)"."""

    def write(self, ledger: Ledger, elapsed: float) -> None: ...


_UNSAFE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text every JSON consumer accepts: lone surrogates and control characters replaced."""
    return _UNSAFE.sub("\ufffd", text)


def clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


class ReportError(Exception):
    """A report that could not be written; str() is the one line to show."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, text: str, newline: str | None = None) -> None:
    """Writes `text` to `path` (see the module's docstring); ReportError when it cannot.
    `newline=""` writes the line ends as they are in `text` (CSV's \r\n), on every OS."""
    try:
        target = Path(os.path.realpath(path))
        if target.exists() and not target.is_file():
            if target.is_dir():
                raise ReportError(f"cannot write the report {path}: it is a directory")
            with open(target, "w", encoding="utf-8", newline=newline) as handle:  # a device or a pipe: write in place
                handle.write(text)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise ReportError(f"cannot write the report {path}: {exc.strerror or exc}") from None
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ReportError(f"cannot write the report {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def json_text(data: Any) -> str:
    """JSON a person can still read: top-level keys and list items one per line.

    Each piece goes through the C encoder; `indent=` would switch json to its pure-Python
    encoder, which costs seconds on a results file of thousands of tests.
    """
    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def member(value: Any) -> str:
        if isinstance(value, list) and value:
            return "[\n  " + ",\n  ".join(dumps(v) for v in value) + "\n ]"
        return dumps(value)

    if not isinstance(data, dict) or not data:
        return dumps(data)
    return "{\n" + ",\n".join(f" {dumps(str(k))}: {member(v)}" for k, v in data.items()) + "\n}"


def write_json(path: Path, data: Any) -> None:
    write_atomically(path, json_text(clean(data)) + "\n")
