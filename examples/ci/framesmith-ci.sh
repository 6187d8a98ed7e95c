#!/usr/bin/env bash
# Keep an org's Embeddable Framework deployments in git: check the workspace (a SARIF report
# for code scanning, and the findings in the log), rehearse every scenario in scenarios/,
# and build each deployment's framework.js, CHECKLIST.md and framesmith-host.js into OUT.
# Exit 1 when the workspace has errors or a scenario's expectation fails; the SARIF report
# is written either way, so that the findings reach the pull request.
#
#   examples/ci/framesmith-ci.sh WORKSPACE [OUT] [SCENARIOS]
#
# framesmith must be on PATH (`cargo install --path .` from a checkout of framesmith).
set -uo pipefail

workspace="${1:?usage: framesmith-ci.sh WORKSPACE [OUT] [SCENARIOS]}"
out="${2:-dist}"
scenarios="${3:-scenarios}"
status=0

framesmith check "$workspace" --format sarif > framesmith.sarif
sarif=$?
if [ "$sarif" -gt 1 ]; then
  echo "framesmith could not read $workspace" >&2
  exit 2
fi
framesmith check "$workspace" || status=1

if [ -d "$scenarios" ]; then
  for scenario in "$scenarios"/*.json; do
    [ -e "$scenario" ] || continue
    echo "== $scenario"
    # Each scenario names its deployment ("deployment").
    framesmith simulate "$workspace" --scenario "$scenario" || status=1
  done
fi

if [ "$status" -eq 0 ]; then
  framesmith build "$workspace" --out "$out" || status=1
fi
exit "$status"
