"""Stage 3, the sandbox: QuickJS in worker processes, and the protocol pytest's process speaks to them.

Imports nothing from pytest, yaml, jsonschema or the other stages, so a worker starts lean; and
nothing in pytest's process imports the engine (only worker.py, run.py and what they load do).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""
