"""Where an ES module's import leads, as Node resolves it, inside the submission only.

Node resolves a relative ESM specifier to exactly the file it names: no extension is added and no
folder's index.js is looked for (`./utils` is "not found" even when utils.js is there, which the
message then hints at). A TypeScript importer follows TypeScript's rules instead: `./x.js` names
its `x.ts`, and the extension may be left out. Everything else is refused with a message that
names the import and where it is: Node's built-in modules, npm packages, absolute paths and URLs,
and paths that lead out of the submission folder.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

NODE_BUILTINS = frozenset({
    "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto", "dgram",
    "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2", "https", "inspector", "module", "net", "os",
    "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl", "stream", "string_decoder", "sys",
    "test", "timers", "tls", "trace_events", "tty", "url", "util", "v8", "vm", "wasi", "worker_threads", "zlib",
})
MODULE_SUFFIXES = (".js", ".mjs", ".ts", ".mts")  # what an import may load: ES modules, JavaScript or TypeScript
TS_SUFFIXES = (".ts", ".mts", ".cts")
_TS_FOR_JS = {".js": ".ts", ".mjs": ".mts"}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# What is at a submission path: "file", "dir", or None (exactly this name, letter case included).
Kind = Callable[[str], "str | None"]


def _no_names(folder: str) -> list[str]:
    return []


@dataclass
class Folder:
    """How the linker sees the submission: what a path is (`kind`), its text (`read`, which raises
    ValueError or OSError for a file it must not or cannot read), and the names in a folder
    (`names`, for the hint when an import's letter case differs from the file's)."""

    kind: Kind
    read: Callable[[str], str]
    names: Callable[[str], list[str]] = _no_names


class LinkError(Exception):
    """An import that cannot be linked: the importing file, where the import is, and why.
    `name` is the error's class as Node would throw it (Error, or SyntaxError for a missing export)."""

    def __init__(self, path: str, line: int, column: int, message: str, name: str = "Error", syntax: bool = False) -> None:
        super().__init__(message)
        self.path, self.line, self.column, self.message, self.name = path, line, column, message, name
        self.syntax = syntax  # the module does not parse: a syntax error, not a failed import


def resolve(importer: str, specifier: str, folder: Folder, line: int, column: int) -> str:
    """The submission path that `specifier`, imported by `importer` at line:column, names."""
    where = f"{importer}:{line}:{column}"
    kind = folder.kind

    def refuse(why: str) -> LinkError:
        return LinkError(importer, line, column, f"Cannot import {shown(specifier)} ({where}): {why}")

    bare = specifier.split("/")[0]
    if specifier.startswith("node:") or bare in NODE_BUILTINS:
        raise refuse("Node's built-in modules are not available in the grader")
    if specifier.startswith(("/", "\\")) or _URL.match(specifier):
        raise refuse("only the submission's own files can be imported, by a relative path such as './utils.js'")
    if not specifier.startswith(("./", "../")) and specifier not in (".", ".."):
        raise refuse("npm packages are not available in the grader; import the submission's own files by a relative "
                     "path such as './utils.js'")
    path = unquote(re.split(r"[?#]", specifier, maxsplit=1)[0])  # Node reads a specifier as a URL
    target = posixpath.normpath(posixpath.join(posixpath.dirname(importer), path))
    if target == ".." or target.startswith("../") or target == ".":
        raise refuse("it leads outside the submission folder" if target != "." else "the submission folder is not a module")
    found = _find(importer, target, kind)
    if found is None:
        raise LinkError(importer, line, column, f"Cannot find module {shown(specifier)} imported from {where}: "
                        f"the submission has no file {target}{_hint(importer, specifier, target, kind) or _case_hint(target, folder)}")
    extension = posixpath.splitext(found)[1]
    if kind(found) == "dir":
        raise refuse(f"{found} is a folder; Node imports files, not folders{_hint(importer, specifier, target, kind)}")
    if extension in (".cjs", ".cts"):
        raise refuse(f"{found} is a CommonJS file, and the grader links ES modules only: make it a module that uses "
                     "export (a .js or .mjs file)")
    if extension == ".json":
        raise refuse("importing JSON needs import attributes, which the grader does not support; "
                     "put the data in a .js module (export default {...})")
    if extension not in MODULE_SUFFIXES:
        raise refuse(f"Node cannot import a {extension or 'file without an extension'}; only .js and .mjs files"
                     + (" (and TypeScript files)" if importer.endswith(TS_SUFFIXES) else ""))
    return found


def _find(importer: str, target: str, kind: Kind) -> str | None:
    candidates = [target]
    if importer.endswith(TS_SUFFIXES):  # TypeScript's own resolution: `./x.js` is x.ts, the extension may be left out
        stem, extension = posixpath.splitext(target)
        if extension in _TS_FOR_JS:
            candidates.insert(0, stem + _TS_FOR_JS[extension])
        elif not extension or kind(target) == "dir":
            candidates += [target + ".ts", target + ".mts", target + ".js", target + ".mjs",
                           target + "/index.ts", target + "/index.js"]
    files = [c for c in candidates if kind(c) == "file"]
    if files:
        return files[0]
    return target if kind(target) == "dir" else None


def _hint(importer: str, specifier: str, target: str, kind: Kind) -> str:
    """Node's own advice, for a JavaScript importer that left the extension out."""
    for suffix in (".js", ".mjs", ".ts", "/index.js"):
        if kind(target + suffix) == "file":
            return f" (Node needs the file's extension: did you mean {shown(specifier.rstrip('/') + suffix)}?)"
    return ""


def _case_hint(target: str, folder: Folder) -> str:
    """The file the import names in another letter case. It is refused on every OS, as on Linux,
    so that a submission is graded the same on a student's Mac or Windows machine as on CI."""
    corrected = ""
    for part in target.split("/"):
        names = folder.names(corrected)
        if part not in names:
            part = next((n for n in names if n.lower() == part.lower()), part)
        corrected = posixpath.join(corrected, part) if corrected else part
    if corrected == target or folder.kind(corrected) is None:
        return ""
    return f" (there is {corrected}: letter case matters in file names, as on Linux)"


def shown(specifier: str) -> str:
    """A specifier as a message shows it: quoted, with control characters escaped, and cut if long."""
    text = specifier if len(specifier) <= 200 else specifier[:200] + "…"
    if not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    return "'" + text + "'"
