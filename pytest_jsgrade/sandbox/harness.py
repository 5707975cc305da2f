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
# Intl, its CLDR and Unicode data and the built-ins QuickJS lacks (js/ext, js/data): a runtime is
# handed only the groups whose words its case's code names (EXTRAS_NAMED); a case that reaches
# another anyway (`globalThis["Int" + "l"]`) runs again with all of them (run.py).
EXTRAS = {**_folder("ext"), **_folder("data")}
EXTRAS_NAMED = re.compile(r"Intl|toLocale|localeCompare|Collator|Segmenter|structuredClone|TextEncoder|TextDecoder|URL")
_INTL = ("intl", "intl-meta", "datetime", *sorted(n for n in EXTRAS if n.startswith("locale-")))
GROUPS = {
    "stubs": ("stubs",),  # with every other group: what installs them (js/ext/stubs.js)
    "intl": _INTL,
    "collate": ("collate", "collation-index", *sorted(n for n in EXTRAS if n.startswith("collation-") and n != "collation-index")),
    "segment": ("segment", "segmentation"),
    "clone": ("clone",), "text": ("text",), "url": ("url",),
}
WORDS = {"Intl": ("intl",), "toLocale": ("intl",), "localeCompare": ("intl", "collate"), "Collator": ("intl", "collate"),
         "Segmenter": ("intl", "segment"), "structuredClone": ("clone",), "TextEncoder": ("text",), "TextDecoder": ("text",),
         "URL": ("url",)}
ALL_EXTRAS = frozenset(WORDS)
# What a case that names a word will most likely compile, read as bytecode before it starts
# (bytecode.py `preload`); anything else it reaches compiles from source as usual.
PRELOADS = {
    "Intl": ("intl", "intl-meta", "locale-en"),
    "toLocale": ("intl", "intl-meta", "locale-en", "datetime"),
    "localeCompare": ("intl", "intl-meta", "collate", "collation-index", "collation-root"),
    "Collator": ("intl", "intl-meta", "collate", "collation-index", "collation-root"),
    "Segmenter": ("intl", "intl-meta", "segment", "segmentation"),
    "structuredClone": ("clone",),
    "TextEncoder": ("text",),
    "TextDecoder": ("text",),
    "URL": ("url",),
}


def _spans(texts: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Where each text lies in their concatenation, as [start, end) by name."""
    spans, start = {}, 0
    for name, text in texts.items():
        spans[name] = (start, start + len(text))
        start += len(text)
    return spans


# One string holds the libraries a runtime is handed; the harness slices out the one it needs
# ([start, end] by name). ASCII only: the binding hands an ASCII string to QuickJS several times faster.
LIBRARY_TEXT = "".join(LIBRARIES.values())
LIBRARY_SPANS = _spans(LIBRARIES)
# Grader code (the harness, and libraries compiled from line 1) owns the first lines of `<input>`.
HARNESS_LINES = max(text.count("\n") + 1 for text in [HARNESS, *LIBRARIES.values(), *EXTRAS.values()])


@lru_cache(maxsize=256)
def names_extras(text: str) -> frozenset[str]:
    """The words of EXTRAS_NAMED that code names (cached: a spec's files repeat)."""
    return frozenset(EXTRAS_NAMED.findall(text))


@lru_cache(maxsize=64)
def libraries(words: frozenset[str]) -> tuple[str, dict[str, tuple[int, int]]]:
    """The text and spans of the core libraries and the extras' groups that `words` name."""
    if not words:
        return LIBRARY_TEXT, LIBRARY_SPANS
    groups = ["stubs", *sorted({g for word in words for g in WORDS[word]})]
    names = dict.fromkeys(name for group in groups for name in GROUPS[group])
    chosen = {**LIBRARIES, **{name: EXTRAS[name] for name in names}}
    return "".join(chosen.values()), _spans(chosen)


def preloads(words: frozenset[str]) -> dict[str, str]:
    """The libraries to read as bytecode for a case whose code names `words`, by name."""
    return {name: EXTRAS[name] for name in ("stubs", *(name for word in sorted(words) for name in PRELOADS[word]))}


CJS_WRAPPER = "(function (exports, require, module, __filename, __dirname) {"


@lru_cache(maxsize=1)
def harness_loader() -> HarnessLoader:
    """Compiles the harness once per process (see bytecode.py), on first use."""
    return HarnessLoader(HARNESS)
