#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image: install the grader from the
# wheel in this zip (the exact version the instructor tested) with the platform's python3.
set -euo pipefail
ROOT="${JSGRADE_AUTOGRADER_ROOT:-/autograder}"
PYTHON="${JSGRADE_PYTHON:-python3}"
if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  apt-get update && apt-get install -y python3-pip
fi
# shellcheck disable=SC2086
if ! "$PYTHON" -m pip install --disable-pip-version-check ${JSGRADE_PIP_ARGS:-} "$ROOT"/source/wheels/*.whl; then
  # Newer images mark the system Python as externally managed (PEP 668).
  # shellcheck disable=SC2086
  "$PYTHON" -m pip install --disable-pip-version-check --break-system-packages ${JSGRADE_PIP_ARGS:-} "$ROOT"/source/wheels/*.whl
fi
"$PYTHON" -c "import pytest_jsgrade, quickjs; print('pytest-jsgrade', pytest_jsgrade.__version__, 'installed')"
