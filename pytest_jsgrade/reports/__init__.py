"""Stage 5, reports: the ledger of a session's results and every report written from it.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""
