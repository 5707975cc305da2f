"""Which YAML files are specs, outside pytest (bulk grading; pytest's collection asks the same
questions in hooks.py): a file named on purpose always is; in a folder, a YAML file is a spec when
it says so in its text (the schema's modeline, or a top-level `cases`, `file` or `generate` line)
or, once parsed, has a spec's keys. Other YAML (CI files, Helm charts) is left alone.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .errors import SpecError
from .loader import MODELINE, load_yaml, looks_like_spec
from .model import SPEC_SUFFIXES

SPEC_KEY_LINE = re.compile(r"^(?:cases|file|generate)[ \t]*:", re.MULTILINE)  # a top-level key only specs have
HEAD_BYTES = 65536


def declares_spec(path: Path) -> bool:
    """Whether the file's text says it is a spec (even when it does not parse)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return False
    return MODELINE in head[:2048] or SPEC_KEY_LINE.search(head) is not None


def is_spec(path: Path) -> bool:
    if declares_spec(path):
        return True
    try:
        return looks_like_spec(load_yaml(path))
    except SpecError:
        return False


def spec_files(paths: Iterable[Path]) -> list[Path]:
    """The spec files among `paths`: files as given, folders searched (hidden folders skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file()
                                and not any(part.startswith(".") for part in p.relative_to(path).parts))
            found += [p for p in candidates if is_spec(p)]
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())
