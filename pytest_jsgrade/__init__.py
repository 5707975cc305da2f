"""pytest-jsgrade: grade student JavaScript with pytest, one QuickJS sandbox per case.

Every module's docstring says PYTEST_DONT_REWRITE. pytest rewrites the asserts of every module
of an installed plugin (not of an editable checkout), which compiled each of ours anew at every
start when bytecode is not cached: about 175 ms of each `pytest --jsgrade` start. Our asserts are
internal invariants, whose plain messages are enough.
"""

from __future__ import annotations

__version__ = "0.2.0"  # the one place the version is written (pyproject.toml reads it)
