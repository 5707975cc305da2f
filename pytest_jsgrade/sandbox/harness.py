"""The grader's own JavaScript: the harness every sandbox runs first, and the libraries it
compiles only when a case needs them (js/harness.js says why that is safe).

Plain file reads (no importlib.resources, pathlib or secrets here): this module is part of a
sandbox worker's start-up, which every worker and every restarted worker pays.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from .bytecode import HarnessLoader

_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")


def _read(*parts: str) -> str:
    with open(os.path.join(_JS, *parts), encoding="utf-8") as handle:
        return handle.read()


def _folder(folder: str) -> dict[str, str]:
    return {name[:-3]: _read(folder, name) for name in sorted(os.listdir(os.path.join(_JS, folder))) if name.endswith(".js")}


HARNESS = _read("harness.js")
LIBRARIES = _folder("lib")
# Intl, its CLDR and Unicode data and the built-ins QuickJS lacks: handed to a runtime only when
# the case's text names them (EXTRAS_NAMED); a case that reaches them anyway runs again with them.
EXTRAS = {**_folder("ext"), **_folder("data")}
EXTRAS_NAMED = re.compile(r"Intl|toLocale|localeCompare|structuredClone|TextEncoder|TextDecoder|URL")


def _spans(texts: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Where each text lies in their concatenation, as [start, end) by name."""
    spans, start = {}, 0
    for name, text in texts.items():
        spans[name] = (start, start + len(text))
        start += len(text)
    return spans


# One string holds every library; the harness slices out the one it needs ([start, end] by name).
# ASCII only: the binding hands an ASCII string to QuickJS several times faster.
# The extras follow the core libraries in one text, so the core text is a prefix of the full one.
LIBRARY_TEXT = "".join(LIBRARIES.values())
LIBRARY_SPANS = _spans(LIBRARIES)
FULL_LIBRARY_TEXT = LIBRARY_TEXT + "".join(EXTRAS.values())
FULL_LIBRARY_SPANS = _spans({**LIBRARIES, **EXTRAS})
# Grader code (the harness, and libraries compiled from line 1) owns the first lines of `<input>`.
HARNESS_LINES = max(text.count("\n") + 1 for text in [HARNESS, *LIBRARIES.values(), *EXTRAS.values()])


@lru_cache(maxsize=256)
def names_extras(text: str) -> bool:
    """Whether code names Intl or another library of js/ext (cached: a spec's files repeat)."""
    return EXTRAS_NAMED.search(text) is not None
CJS_WRAPPER = "(function (exports, require, module, __filename, __dirname) {"


@lru_cache(maxsize=1)
def harness_loader() -> HarnessLoader:
    """Compiles the harness once per process (see bytecode.py), on first use."""
    return HarnessLoader(HARNESS)
