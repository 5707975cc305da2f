"""A sandbox worker on a simulated other platform, for tests/test_portable.py: on Linux it takes away
what Windows and macOS lack, from outside the package, before the package is imported:
- no `resource` module (Windows), so no OS limits;
- no /proc (Windows, macOS), so no peak-memory figure;
- `select` refuses pipes (Windows);
- the engine's clock counts wall time (Microsoft's C runtime), so the engine's interrupt is only
  a far backstop and the CPU time measured by the worker decides.
The verdicts must be the same as the real worker's."""

from __future__ import annotations

import os
import select
import sys

sys.modules["resource"] = None  # type: ignore[assignment]  # `import resource` now fails, as on Windows

_real_exists, _real_open = os.path.exists, os.open


def _no_proc_exists(path: object) -> bool:
    return False if str(path).startswith("/proc") else _real_exists(path)  # type: ignore[arg-type]


def _no_proc_open(path: object, *args: object, **kwargs: object) -> int:
    if str(path).startswith("/proc"):
        raise FileNotFoundError(2, "No such file or directory", str(path))
    return _real_open(path, *args, **kwargs)  # type: ignore[arg-type]


def _no_select(*args: object, **kwargs: object) -> object:
    raise OSError(10038, "An operation was attempted on something that is not a socket")


os.path.exists = _no_proc_exists  # type: ignore[assignment]
os.open = _no_proc_open  # type: ignore[assignment]
select.select = _no_select  # type: ignore[assignment]

from pytest_jsgrade.sandbox import runtime, worker  # noqa: E402  (imported into the simulated platform)

runtime.engine_clock.cache_clear()
runtime.engine_clock = lambda: "wall"  # type: ignore[assignment]


def main() -> None:
    worker.main()
