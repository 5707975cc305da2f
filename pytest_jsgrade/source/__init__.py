"""Reading a student's submission: finding the files a spec names (forgivingly), reading them
safely, TypeScript to JavaScript, and linking ES modules that import each other.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""
