"""Bulk grading: a whole class's submissions in one process (`jsgrade grade`), through the same
grading path as pytest and the playground, with a gradebook for the LMS.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""
