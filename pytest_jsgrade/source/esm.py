"""Which files of a submission are linked ES modules, read safely from the submission folder.

An entry file the spec names that is an ES module and imports (statically, with `export ... from`,
or with `import()` of a string) starts a graph: every module it reaches is read (the rules of
source/submission.py: inside the folder, size-capped), TypeScript stripped of its types, parsed
(source/modules.py) and turned into a registration script (source/linking.py). A module with no
imports keeps the engine's own module loading, exactly as before.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..sandbox.protocol import SourceFile
from .linking import Script, link_all
from .modules import Module, parse_module
from .resolve import TS_SUFFIXES, Folder, LinkError, resolve, shown
from .typescript import TypeScriptError, strip_types

MAX_MODULES = 500
MAX_MODULE_BYTES = 8 * 1024 * 1024  # all linked files together
# Syntax nodes of all linked files together: reading a node costs about 5 µs in Python, so a
# submission built to be slow to link (a megabyte of `a;a;a;`) costs the grader seconds, not minutes.
MAX_SYNTAX_NODES = 1_000_000
_IMPORTS = re.compile(r"""(?<![\w$.])(?:import\b\s*[({*"'\w$]|export\s*(?:\*|\{[^}]*\}\s*from\b))""")


@dataclass
class Linked:
    files: tuple[SourceFile, ...]  # the entry files, the linked ones as registration scripts
    library: tuple[SourceFile, ...]  # the modules they reach that the spec does not name
    originals: dict[str, str] = field(default_factory=dict)  # each linked file as the student wrote it


def might_import(source: SourceFile) -> bool:
    """Whether a module may import: only then is it parsed (a module that does not keeps the engine's
    own loading, and costs nothing here)."""
    return source.is_module and _IMPORTS.search(source.text) is not None


def link(entries: tuple[SourceFile, ...], originals: dict[str, str], folder: Folder) -> Linked | None:
    """The entries with their modules linked, or None when no entry imports anything (LinkError
    when an import cannot be linked)."""
    modules: dict[str, Module] = {}
    texts = {source.path: source for source in entries}
    roots = []
    budget = [MAX_SYNTAX_NODES]
    for source in entries:
        if might_import(source):
            module = _parse(source.path, source.text, folder, budget)
            if module.deps or module.dynamic or module.computed:
                modules[source.path] = module
                roots.append(module)
    if not roots:
        return None
    total, queue = 0, list(roots)
    originals = dict(originals)
    while queue:
        importer = queue.pop(0)
        for target, specifier, line, column in importer.requests():
            if target in modules:
                continue
            if len(modules) >= MAX_MODULES:
                raise LinkError(importer.path, line, column, f"Cannot import {shown(specifier)} ({importer.path}:{line}:{column}): "
                                f"the submission's modules import more than {MAX_MODULES} files, more than the grader links")
            entry = texts.get(target)
            if entry is not None:  # a file the spec names: already read (and a TypeScript file stripped)
                text, original = entry.text, originals.get(target, entry.text)
            else:
                original = _read(folder, target, specifier, importer.path, line, column)
                text = _strip(target, original) if target.endswith(TS_SUFFIXES) else original
            total += len(original)
            if total > MAX_MODULE_BYTES:
                raise LinkError(importer.path, line, column, f"Cannot import {shown(specifier)} ({importer.path}:{line}:{column}): "
                                f"the submission's modules add up to more than {MAX_MODULE_BYTES // 1024 // 1024} MB")
            originals[target] = original
            modules[target] = _parse(target, text, folder, budget)
            queue.append(modules[target])
    for path in modules:
        originals.setdefault(path, texts[path].text if path in texts else modules[path].text)
    scripts = link_all(modules)
    files = tuple(_linked(s.path, scripts[s.path]) if s.path in scripts else s for s in entries)
    library = tuple(_linked(path, scripts[path]) for path in modules if path not in texts)
    return Linked(files, library, {path: originals[path] for path in modules})


def _linked(path: str, script: Script) -> SourceFile:
    return SourceFile(path, script.text, True, linked=True, columns=script.shifts)


def _parse(path: str, text: str, folder: Folder, budget: list[int]) -> Module:
    """A module read, its syntax nodes taken from what is left of the budget."""
    module = parse_module(path, text, lambda specifier, line, column: resolve(path, specifier, folder, line, column),
                          path.endswith(TS_SUFFIXES), budget[0])
    budget[0] -= module.nodes
    return module


def _read(folder: Folder, path: str, specifier: str, importer: str, line: int, column: int) -> str:
    try:
        return folder.read(path)
    except (OSError, ValueError) as exc:
        why = str(exc) if isinstance(exc, ValueError) else f"it cannot be read ({exc.strerror})"
        raise LinkError(importer, line, column, f"Cannot import {shown(specifier)} ({importer}:{line}:{column}): {why}") from None


def _strip(path: str, text: str) -> str:
    try:
        return strip_types(text)
    except TypeScriptError as exc:
        raise LinkError(path, exc.line, exc.column, exc.message, "SyntaxError", syntax=True) from None
