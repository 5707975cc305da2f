#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image: install the grader from the
# wheel in this zip (the exact version the instructor tested) with the platform's python3, and
# its dependencies at the versions the instructor tested with (constraints.txt).
set -euo pipefail
ROOT="${JSGRADE_AUTOGRADER_ROOT:-/autograder}"
PYTHON="${JSGRADE_PYTHON:-python3}"
if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  apt-get update && apt-get install -y python3-pip
fi
install() {
  # shellcheck disable=SC2086
  "$PYTHON" -m pip install --disable-pip-version-check ${JSGRADE_PIP_ARGS:-} "$@" "$ROOT"/source/wheels/*.whl \
    || "$PYTHON" -m pip install --disable-pip-version-check --break-system-packages ${JSGRADE_PIP_ARGS:-} "$@" "$ROOT"/source/wheels/*.whl
  # (newer images mark the system Python as externally managed, PEP 668: hence the second try)
}
if ! install --constraint "$ROOT/source/constraints.txt"; then
  echo "WARNING: the versions in constraints.txt do not install on this image's Python ($("$PYTHON" --version 2>&1));" \
       "installing the newest compatible versions instead. Test the zip on this image before students submit." >&2
  install
fi
"$PYTHON" -c "import pytest_jsgrade, quickjs; print('pytest-jsgrade', pytest_jsgrade.__version__, 'installed')"
