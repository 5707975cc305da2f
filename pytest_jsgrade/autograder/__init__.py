"""Gradescope's autograder: the zip builder, the wheel it carries, and the two scripts Gradescope runs.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""
