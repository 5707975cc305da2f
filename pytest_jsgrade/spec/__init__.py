"""Stage 1, specs: reading an instructor's YAML, validating it against the schema, and the model.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""
