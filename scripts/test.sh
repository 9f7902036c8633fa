#!/usr/bin/env bash
# `npm test`: bring the backing services up, run vitest, bring them down.
#
#   npm test                         # all projects (unit + integration)
#   npm test -- --project unit       # extra args go to `vitest run`
#   KEEP_SERVICES=1 npm test         # leave the services running afterwards
#
# If the services are already up for this state dir (e.g. after
# `npm run services up`), they are reused and left running.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

services=(bash scripts/services)
started=0

# shellcheck disable=SC2317  # invoked via trap
cleanup() {
  if ((started)) && [[ "${KEEP_SERVICES:-0}" != 1 ]]; then
    "${services[@]}" down || echo "test.sh: warning: 'scripts/services down' failed" >&2
  elif ((started)); then
    echo "test.sh: KEEP_SERVICES=1: leaving services running (stop them with 'npm run services down')" >&2
  fi
}
trap cleanup EXIT
# Make Ctrl-C / SIGTERM go through the EXIT trap as well.
trap 'exit 130' INT
trap 'exit 143' TERM

if "${services[@]}" status >/dev/null 2>&1; then
  echo "test.sh: reusing services that are already up" >&2
else
  started=1 # set before `up`, so a half-started set is cleaned up too
fi

# Assign first: `eval "$(cmd)"` would swallow cmd's exit status.
env_lines="$("${services[@]}" up)"
eval "$env_lines"

set +e
npx vitest run "$@"
status=$?
set -e
exit "$status"
