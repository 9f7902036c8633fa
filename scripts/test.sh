#!/usr/bin/env bash
# `npm test`: bring the backing services up, run vitest, bring them down.
#
#   npm test                         # all projects: unit + integration, then serial alone
#   npm test -- --project unit       # extra args go to `vitest run`
#   KEEP_SERVICES=1 npm test         # leave the services running afterwards
#   TEST_RESULTS=r.json npm test     # keep vitest's JSON report (per-file start and end times)
#
# If the services are already up for this state dir (e.g. after
# `npm run services up`), they are reused and left running.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

services=(bash scripts/services)
started=0
up_pid=""
env_file="$(mktemp "${TMPDIR:-/tmp}/fc-chat-test-env.XXXXXX")"

# shellcheck disable=SC2317  # invoked via trap
cleanup() {
  # Teardown takes a few seconds; a second Ctrl-C must not cut it short
  # (ignored signals are inherited, so `down` ignores it too).
  trap '' INT TERM
  rm -f "$env_file"
  if ((started)) && [[ "${KEEP_SERVICES:-0}" != 1 ]]; then
    "${services[@]}" down || echo "test.sh: warning: 'scripts/services down' failed" >&2
  elif ((started)); then
    echo "test.sh: KEEP_SERVICES=1: leaving services running (stop them with 'npm run services down')" >&2
  fi
}
# shellcheck disable=SC2317  # invoked via trap
on_signal() {
  # An interrupted `up` stops what it started and removes its state itself.
  if [[ -n "$up_pid" ]] && kill -0 "$up_pid" 2>/dev/null; then
    kill -TERM "$up_pid" 2>/dev/null || true
    wait "$up_pid" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

if "${services[@]}" status >/dev/null 2>&1; then
  echo "test.sh: reusing services that are already up" >&2
else
  started=1 # set before `up`, so a half-started set is cleaned up too
fi

# `up` runs as a background job so that `wait` (unlike a foreground command
# or `$(...)`) returns as soon as Ctrl-C / SIGTERM arrives.
"${services[@]}" up >"$env_file" &
up_pid=$!
up_status=0
wait "$up_pid" || up_status=$?
up_pid=""
if ((up_status != 0)); then
  echo "test.sh: 'scripts/services up' failed (exit $up_status); not running tests" >&2
  exit "$up_status"
fi
# shellcheck disable=SC1090
. "$env_file"

results="${TEST_RESULTS:-$(mktemp "${TMPDIR:-/tmp}/fc-chat-vitest.XXXXXX.json")}"
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@"
status=$?
set -e
# One plain closing line with the totals, whatever reporter output came before it.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$results" 2>/dev/null || echo "test.sh: no vitest results were written" >&2
[[ -n "${TEST_RESULTS:-}" ]] || rm -f "$results"
exit "$status"
