#!/usr/bin/env bash
# Every test suite of the portal, in the order a failure is cheapest to find:
#   1. types          tsc over every package
#   2. unit+integration  jest in every package; stores and plugins on SQLite AND PostgreSQL
#   3. build          the production bundle (backend + frontend)
#   4. browser        Playwright in Debian's Chromium against the built portal (SQLite, demo data)
#                     and the production smoke test (built backends on PostgreSQL)
#   5. quick start    `./portal start` comes up and serves the portal at :3000
# Expects scripts/toolchain.sh to have prepared Node, dependencies and Chromium
# (./portal test does). Arguments are passed to Playwright (e.g. --grep catalog).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

export PORTAL_TEST_POSTGRES_URL="${PORTAL_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"
export CI=true
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${PORTAL_TEST_POSTGRES_URL}"
export CHROMIUM_BIN

node scripts/checkTestPostgres.cjs "${PORTAL_TEST_POSTGRES_URL}"

declare -a SUMMARY=()
step() {
  local name="$1"
  shift
  local started=$SECONDS
  say "── ${name} ──"
  if "$@"; then
    SUMMARY+=("$(printf '%-22s passed in %4ss' "${name}" $((SECONDS - started)))")
  else
    SUMMARY+=("$(printf '%-22s FAILED after %4ss' "${name}" $((SECONDS - started)))")
    printf '%s\n' "${SUMMARY[@]}"
    fail "${name} failed (see above)."
  fi
}

step "types" yarn_cmd tsc
step "unit+integration" yarn_cmd backstage-cli repo test

# The remaining steps rebuild packages/app/dist and listen on :3000, :7007 and :71xx;
# a second test run on the same machine waits here instead of colliding.
exec 9>"${TMPDIR:-/tmp}/portal-e2e.lock"
if ! flock -n 9; then
  say "Another portal test run holds the browser-test ports; waiting for it ..."
  flock 9
fi
step "build" yarn_cmd build:backend
step "browser+production" yarn_cmd playwright test "$@"
step "quick start" bash scripts/smoke-quick-start.sh

say "All suites passed:"
printf '  %s\n' "${SUMMARY[@]}"
