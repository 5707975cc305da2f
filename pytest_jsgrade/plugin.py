"""The pytest plugin's entry point: options, hook specifications, and nothing heavy.

Registered as the `jsgrade` entry point of the `pytest11` group, so pytest imports this module in
every run of every project where pytest-jsgrade is installed. It therefore imports only pytest
and the settings: everything that grades (spec loading, jsonschema, the sandbox pool, reports)
is imported by `pytest_configure`, and only when `--jsgrade` is given (see hooks.py).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import pytest

from . import hookspecs
from .settings import add_options

GRADING = "jsgrade-grading"


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("jsgrade"):
        return
    from .hooks import GradingHooks

    hooks = GradingHooks(config)
    config.pluginmanager.register(hooks, GRADING)
    hooks.start()
