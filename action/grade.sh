#!/usr/bin/env bash
# The Action's grading step (action.yml runs it; tests/test_action.py runs it too). It grades in a
# room the student cannot furnish:
# - pytest reads only the Action's own pytest.ini (-c) and loads no conftest.py (--noconftest);
# - no plugin is loaded but this one: autoload off, then -p pytest_jsgrade.plugin;
# - PYTEST_ADDOPTS, PYTEST_PLUGINS and Python's own PYTHON* variables are cleared, and Python runs
#   isolated (-I) from a folder outside the workspace, so nothing in the repository is imported;
# - every path is absolute and given as --option=value, so no repository file is read as
#   configuration and pytest never picks a rootdir from the student's folders.
# Inputs arrive as environment variables, never pasted into the script.
set -euo pipefail
workspace="${GITHUB_WORKSPACE:?}"
room="${RUNNER_TEMP:-/tmp}/jsgrade-room"
specs_base="${JSGRADE_SPECS_BASE:-$workspace}"
mkdir -p "$room"
cp "$JSGRADE_ACTION_DIR/action/pytest.ini" "$room/pytest.ini"

absolute() { # a path under a base folder, made absolute; refuses a path that leaves it
  python3 -I -c 'import os, sys
base = os.path.realpath(sys.argv[1]); path = os.path.realpath(os.path.join(base, sys.argv[2]))
if os.path.commonpath([base, path]) != base: sys.exit(f"jsgrade: {sys.argv[2]!r} is outside {sys.argv[1]}")
print(path)' "$1" "$2"
}

specs=()
read -r -a written <<< "${JSGRADE_SPECS:-specs/}"
for spec in "${written[@]}"; do specs+=("$(absolute "$specs_base" "$spec")"); done
submission="$(absolute "$workspace" "${JSGRADE_SUBMISSION:-.}")"
extra=()
if [ -n "${JSGRADE_PYTEST_ARGS:-}" ]; then read -r -a extra <<< "$JSGRADE_PYTEST_ARGS"; fi

cd "$room"
unset PYTEST_ADDOPTS PYTEST_PLUGINS PYTHONPATH PYTHONSTARTUP PYTHONHOME PYTHONUSERBASE
export PYTEST_DISABLE_PLUGIN_AUTOLOAD=1
# Lost points are not a failed step; the step fails only when grading could not run.
"${JSGRADE_PYTHON:-python}" -I -m pytest -c "$room/pytest.ini" --rootdir="$specs_base" --noconftest \
  -p pytest_jsgrade.plugin -p no:cacheprovider --jsgrade "${specs[@]}" --jsgrade-submission="$submission" \
  --jsgrade-github --jsgrade-classroom-tests="${JSGRADE_CLASSROOM_TESTS:-case}" \
  --jsgrade-hidden-feedback="${JSGRADE_HIDDEN_FEEDBACK:-outcome}" "${extra[@]}"
