"""The playground: a local web page to write code, run a call, and grade it against visible cases.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""
