"""Running sandbox cases inside the test process, for tests that compare engine paths directly:
QuickJS needs a thread with a large C stack (see pytest_jsgrade/sandbox/runtime.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pytest_jsgrade.sandbox.runtime import THREAD_STACK

T = TypeVar("T")


class BigStackThread:
    """A single thread with a large C stack, on which all QuickJS work of the test process runs."""

    def __init__(self) -> None:
        previous = threading.stack_size()
        try:
            threading.stack_size(THREAD_STACK)
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jsgrade-sandbox")
            self._pool.submit(lambda: None).result()
        finally:
            threading.stack_size(previous)

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        return self._pool.submit(fn, *args).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
