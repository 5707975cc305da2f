"""Loading the student's files into a runtime: scripts, ES modules the engine loads itself, and
modules linked in Python (source/linking.py) registered with the harness's registry; a file that
does not compile or throws while loading is the case's verdict, in Node's words.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json

import quickjs

from .errors import Regions, engine_limit, missing_import, parse_exception, thrown_from_info
from .protocol import RunResult, SourceFile, Status, ThrownError
from .runtime import Sandbox, linked_body, sanitize
from .syntax import in_v8_words


def printed_text(sandbox: Sandbox) -> str:
    return str(json.loads(sandbox.call("finish"))["console"])


def settle_load(sandbox: Sandbox, outcome: str) -> str:
    """Runs the event loop until a module has loaded: a top-level await may wait for a timer, as in
    Node. "pending" when nothing is left to run and it still waits (a limit stops a loop that never ends)."""
    while True:
        sandbox.run_jobs()
        loaded = str(sandbox.call(outcome))
        if loaded != "pending" or sandbox.call("step") != 1:
            return loaded


def printed_before_failing(sandbox: Sandbox, result: RunResult) -> None:
    """What the files printed before one threw while loading (in modules that import each other,
    how far the evaluation got), shown with the error."""
    try:
        result.load_console = printed_text(sandbox)
    except Exception:  # nothing to show is better than a second failure
        pass


def register_module(sandbox: Sandbox, source: SourceFile, offset: int, regions: Regions, result: RunResult) -> bool:
    """Registers a linked ES module (source/linking.py) with the harness's registry: its script's
    first line goes one line before the lines planned for the file, so its own lines are the file's."""
    try:
        registered = sandbox.js("\n" * (offset - 1) + sanitize(source.text))
    except quickjs.JSException as exc:
        message = str(exc)
        if engine_limit(message) is not None:
            raise
        error = parse_exception(message, regions)
        if message.startswith("SyntaxError"):
            error = in_v8_words(error, source.path, linked_body(source.text))
        status = Status.SYNTAX_ERROR if message.startswith("SyntaxError") else Status.LOAD_ERROR
        result.status, result.error, result.detail = status, error, source.path
        return False
    if registered is not True:
        result.status, result.detail = Status.SANDBOX_ERROR, f"{source.path} could not be registered as a module"
        return False
    return True


def load_file(sandbox: Sandbox, source: SourceFile, offset: int, regions: Regions, result: RunResult) -> bool:
    """Loads one entry file and publishes its exports; False (with the reason in result) when it fails."""
    text = sanitize(source.text)
    try:
        if source.is_module:
            if source.linked:
                sandbox.call("linkEntry", source.path)
            else:
                sandbox.call("watchLoad", sandbox.module("\n" * offset + text), source.path)
            loaded = settle_load(sandbox, "linkResult" if source.linked else "loadResult")
            if loaded == "pending":
                result.status, result.detail = Status.LOAD_ERROR, source.path
                result.error = ThrownError(None, "the module never finished loading (a top-level await that never settles)", False)
                return False
            outcome = json.loads(loaded)
            if not outcome["ok"]:
                result.status, result.error = Status.LOAD_ERROR, thrown_from_info(outcome["error"], regions)
                located = result.error.location(result.files) if source.linked else None
                result.detail = located.file if located is not None else source.path  # the module that threw
                return False
        else:
            sandbox.call("enter", source.path)
            sandbox.js("\n" * offset + text)
            sandbox.call("publish", source.path)
    except quickjs.JSException as exc:
        message = str(exc)
        if message.startswith("SyntaxError"):
            error = in_v8_words(parse_exception(message, regions), source.path, text)
            result.status, result.error, result.detail = Status.SYNTAX_ERROR, error, source.path
            return False
        if engine_limit(message) is not None:
            raise
        error = parse_exception(message, regions)
        if "could not load module" in error.message:
            error = missing_import(error)
        result.status, result.error, result.detail = Status.LOAD_ERROR, error, source.path
        return False
    return True
