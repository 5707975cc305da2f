#!/usr/bin/env bash
# Checks out a private specs repository outside the workspace ($RUNNER_TEMP), where the student's
# repository cannot hold or change it. The token reaches git as an HTTP header, never in a URL
# or on the command line, and the clone keeps no credentials.
set -euo pipefail
target="${RUNNER_TEMP:?}/jsgrade-specs"
rm -rf "$target"
header="AUTHORIZATION: basic $(printf 'x-access-token:%s' "${JSGRADE_SPECS_TOKEN:?the specs-token input is empty}" | base64 -w0)"
args=(clone --quiet --depth 1)
if [ -n "${JSGRADE_SPECS_REF:-}" ]; then args+=(--branch "$JSGRADE_SPECS_REF"); fi
server="${JSGRADE_SPECS_SERVER:-https://github.com}"  # another server only in tests
git -c "http.extraheader=$header" "${args[@]}" "$server/${JSGRADE_SPECS_REPOSITORY:?}.git" "$target"
echo "base=$target" >> "${GITHUB_OUTPUT:?}"
