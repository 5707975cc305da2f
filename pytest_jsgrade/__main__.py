"""`python -m pytest_jsgrade`: the `jsgrade` command, for where the Scripts folder is not on PATH
(a common case on Windows).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
