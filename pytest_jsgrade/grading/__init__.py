"""Stage 2 and 4, grading: from a spec and a submission to sandbox jobs, and from their results to verdicts.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""
