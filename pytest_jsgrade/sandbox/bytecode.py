"""The grader's harness as precompiled QuickJS bytecode, loaded into each fresh runtime.

Every case runs in a fresh runtime, and QuickJS compiles about 10 bytes of JavaScript per µs:
compiling the harness from source cost about 1 ms per case, more than half of a trivial case.
Reading the same harness as bytecode costs under 0.1 ms. The quickjs-ng Python binding does not
expose QuickJS's bytecode functions, but its extension module exports them, so this module calls
them through ctypes (`JS_Eval` with COMPILE_ONLY and `JS_WriteObject` once per process,
`JS_ReadObject` and `JS_EvalFunction` per runtime).

That needs the runtime and context pointers inside the binding's `Context` object, whose layout is
private to the binding. So the fast path is used only with a binding version whose layout has been
checked (`VERIFIED_BINDINGS`), and only after a self-test in this process; anything else, or
JSGRADE_BYTECODE=0 in the environment, falls back to compiling the harness from source, which
gives the same results more slowly. The bytecode comes from our own source in this same process:
QuickJS must never read bytecode from anyone else (it is not designed to resist hostile input).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import ctypes
import os
import sys
from functools import lru_cache
from typing import Any

import quickjs

# quickjs-ng versions whose `Context` starts with PyObject_HEAD, then JSRuntime *, then JSContext *.
VERIFIED_BINDINGS = ("0.17.0.2",)
BOOT_GLOBAL = "__jsgrade_boot"
PRELOAD_GLOBAL = "__jsgrade_preload"  # where preloaded libraries wait for the harness, which takes them

_EVAL_FLAG_COMPILE_ONLY = 1 << 5
_WRITE_OBJ_BYTECODE = 1 << 0
_READ_OBJ_BYTECODE = 1 << 0
_TAG_EXCEPTION = 6
_FILENAME = b"<input>"  # the binding's own name for evaluated code: stack traces stay the same
_HEAD = object.__basicsize__  # PyObject_HEAD: reference count and type


class _JSValue(ctypes.Structure):
    """quickjs-ng's JSValue on 64-bit builds (no NaN boxing): a 64-bit payload and a 64-bit tag."""

    _fields_ = [("payload", ctypes.c_uint64), ("tag", ctypes.c_int64)]


class BytecodeUnavailable(Exception):
    """The fast path cannot be used here; the reason is the message."""


class _Engine:
    """The QuickJS C functions this module needs, from the binding's own extension module."""

    def __init__(self) -> None:
        import _quickjs  # the binding's extension module, which links QuickJS statically

        lib = ctypes.CDLL(_quickjs.__file__)
        ptr, value = ctypes.c_void_p, _JSValue
        self._declare(lib, "JS_GetRuntime", ptr, [ptr])
        self._declare(lib, "JS_UpdateStackTop", None, [ptr])
        self._declare(lib, "JS_Eval", value, [ptr, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_int])
        self._declare(lib, "JS_WriteObject", ptr, [ptr, ctypes.POINTER(ctypes.c_size_t), value, ctypes.c_int])
        self._declare(lib, "JS_ReadObject", value, [ptr, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int])
        self._declare(lib, "JS_EvalFunction", value, [ptr, value])
        self._declare(lib, "JS_GetException", value, [ptr])
        self._declare(lib, "JS_FreeValue", None, [ptr, value])
        self._declare(lib, "js_free", None, [ptr, ptr])
        self.lib = lib

    @staticmethod
    def _declare(lib: Any, name: str, restype: Any, argtypes: list[Any]) -> None:
        function = getattr(lib, name)  # AttributeError when the symbol is not exported
        function.restype, function.argtypes = restype, argtypes

    def pointers(self, ctx: quickjs.Context) -> tuple[int, int]:
        """The JSRuntime * and JSContext * of a binding `Context` (layout per VERIFIED_BINDINGS)."""
        base = id(ctx)
        runtime = ctypes.c_void_p.from_address(base + _HEAD).value
        context = ctypes.c_void_p.from_address(base + _HEAD + ctypes.sizeof(ctypes.c_void_p)).value
        if not runtime or not context or self.lib.JS_GetRuntime(context) != runtime:
            raise BytecodeUnavailable("the binding's Context does not have the expected layout")
        return runtime, context

    def check(self, context: int, value: _JSValue, what: str) -> _JSValue:
        if value.tag == _TAG_EXCEPTION:
            self.lib.JS_FreeValue(context, self.lib.JS_GetException(context))
            raise BytecodeUnavailable(f"{what} failed")
        return value

    def compile(self, source: str) -> bytes:
        """Bytecode of a script, compiled in a scratch runtime."""
        ctx = quickjs.Context()
        runtime, context = self.pointers(ctx)
        self.lib.JS_UpdateStackTop(runtime)
        code = source.encode("utf-8")
        function = self.check(context, self.lib.JS_Eval(context, code, len(code), _FILENAME, _EVAL_FLAG_COMPILE_ONLY),
                              "compiling the harness")
        size = ctypes.c_size_t()
        buffer = self.lib.JS_WriteObject(context, ctypes.byref(size), function, _WRITE_OBJ_BYTECODE)
        self.lib.JS_FreeValue(context, function)
        if not buffer:
            raise BytecodeUnavailable("writing the harness's bytecode failed")
        try:
            return ctypes.string_at(buffer, size.value)
        finally:
            self.lib.js_free(context, buffer)

    def run(self, ctx: quickjs.Context, bytecode: bytes) -> None:
        """Reads and runs a script's bytecode in `ctx`, on the thread that owns `ctx`."""
        runtime, context = self.pointers(ctx)
        self.lib.JS_UpdateStackTop(runtime)  # the binding does this before each call it makes
        function = self.check(context, self.lib.JS_ReadObject(context, bytecode, len(bytecode), _READ_OBJ_BYTECODE),
                              "reading the harness's bytecode")
        completion = self.check(context, self.lib.JS_EvalFunction(context, function), "running the harness's bytecode")
        self.lib.JS_FreeValue(context, completion)


def boot_script(harness: str) -> str:
    """The harness as a script that leaves its function in BOOT_GLOBAL. The prefix goes before the
    first line's comment, so line numbers, and with them stack traces, stay those of harness.js."""
    return f"globalThis.{BOOT_GLOBAL} = {harness}"


class HarnessLoader:
    """Gives each fresh `Context` the harness function: from bytecode where possible, else from source."""

    def __init__(self, harness: str) -> None:
        self.harness = harness
        self.fallback_reason: str | None = None
        self._engine: _Engine | None = None
        self._bytecode = b""
        self._libraries: dict[str, bytes] = {}
        try:
            self._engine, self._bytecode = _prepare(harness)
        except BytecodeUnavailable as exc:
            self.fallback_reason = str(exc)

    @property
    def uses_bytecode(self) -> bool:
        return self._engine is not None

    def load(self, ctx: quickjs.Context) -> Any:
        """The harness's function in `ctx` (see harness.js); it removes BOOT_GLOBAL when called."""
        if self._engine is None:
            return ctx.eval(self.harness)
        self._engine.run(ctx, self._bytecode)
        return ctx.get(BOOT_GLOBAL)

    def preload(self, ctx: quickjs.Context, libraries: dict[str, str]) -> None:
        """Reads libraries' functions as bytecode into PRELOAD_GLOBAL, where the harness takes them
        instead of compiling their source (js/harness.js `lib`): the large libraries of js/ext cost
        milliseconds to compile, a small fraction of that to read. Each is its own script, from line
        1, so stack frames in it stay within the harness's lines. Without bytecode, nothing happens:
        the harness compiles the source as before."""
        if self._engine is None:
            return
        for name, source in libraries.items():
            code = self._libraries.get(name)
            if code is None:
                code = self._libraries[name] = self._engine.compile(
                    f"(globalThis.{PRELOAD_GLOBAL} || (globalThis.{PRELOAD_GLOBAL} = {{}}))[{name!r}] = {source}")
            self._engine.run(ctx, code)


def _prepare(harness: str) -> tuple[_Engine, bytes]:
    if os.environ.get("JSGRADE_BYTECODE", "1") == "0":
        raise BytecodeUnavailable("JSGRADE_BYTECODE=0")
    version = _binding_version()
    if version not in VERIFIED_BINDINGS:
        raise BytecodeUnavailable(f"quickjs-ng {version} is not among the verified bindings {VERIFIED_BINDINGS}")
    if sys.implementation.name != "cpython":  # id() is an object's address only in CPython
        raise BytecodeUnavailable(f"not CPython ({sys.implementation.name})")
    if ctypes.sizeof(ctypes.c_void_p) != 8 or quickjs.Context.__basicsize__ < _HEAD + 16:
        raise BytecodeUnavailable("not a 64-bit build of the binding")
    try:
        engine = _Engine()
    except (OSError, AttributeError, ImportError) as exc:
        raise BytecodeUnavailable(f"the binding does not export QuickJS's bytecode functions ({exc})") from exc
    bytecode = engine.compile(boot_script(harness))
    _self_test(engine, bytecode)
    return engine, bytecode


@lru_cache(maxsize=1)
def _binding_version() -> str:
    """The installed quickjs-ng's version, from the one dist-info directory beside the package
    ("unknown" when there is not exactly one). importlib.metadata (or pathlib) would add about
    30 ms of imports to every worker's start-up."""
    site = os.path.dirname(os.path.dirname(os.path.realpath(str(quickjs.__file__))))
    found = [str(name) for name in os.listdir(site) if name.startswith("quickjs_ng-") and name.endswith(".dist-info")]
    if len(found) != 1:
        return "unknown"
    return found[0].removeprefix("quickjs_ng-").removesuffix(".dist-info")


def _self_test(engine: _Engine, bytecode: bytes) -> None:
    """Runs the bytecode once in a scratch runtime: it must leave a function behind."""
    ctx = quickjs.Context()
    engine.run(ctx, bytecode)
    if ctx.eval(f"typeof globalThis.{BOOT_GLOBAL}") != "function":
        raise BytecodeUnavailable("the harness's bytecode did not produce the harness")
