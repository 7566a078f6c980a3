#!/usr/bin/env bash
# Golden-path benchmark: runs the TypeScript service template N times through the scaffolder
# API of the built portal (SQLite, local git publishing, a fresh data directory) and prints
# the median and p95 time from submit to the entity being readable from the catalog API and
# its docs being served. Prints figures; asserts nothing.
#
#   bash bench/golden-path/run.sh [runs]     (default 10; needs `yarn build:backend` first)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/toolchain.sh
ensure_node

RUNS="${1:-10}"
export BENCH_PORT="${BENCH_PORT:-7017}"
if [ ! -f packages/backend/dist/index.cjs.js ]; then
  echo "Build the portal first: node .yarn/releases/yarn-4.13.0.cjs build:backend" >&2
  exit 1
fi
ensure_port_free "${BENCH_PORT}" "the benchmark's portal"

DATA_DIR="$(mktemp -d -t golden-path-bench-XXXXXX)"
LOG="${DATA_DIR}/backend.log"
(
  cd packages/backend
  PORTAL_DATA_DIR="${DATA_DIR}" NODE_ENV=production exec node . \
    --config ../../app-config.yaml --config ../../bench/golden-path/app-config.bench.yaml
) >"${LOG}" 2>&1 &
BACKEND_PID=$!
cleanup() {
  kill "${BACKEND_PID}" 2>/dev/null || true
  wait "${BACKEND_PID}" 2>/dev/null || true
  rm -rf "${DATA_DIR}"
}
trap cleanup EXIT

echo "Starting the portal on :${BENCH_PORT} (data in ${DATA_DIR}) ..."
for _ in $(seq 1 180); do
  if curl -fs "http://localhost:${BENCH_PORT}/.backstage/health/v1/readiness" >/dev/null; then
    break
  fi
  if ! kill -0 "${BACKEND_PID}" 2>/dev/null; then
    echo "The portal stopped while starting; its log:" >&2
    tail -40 "${LOG}" >&2
    exit 1
  fi
  sleep 1
done

BENCH_BASE_URL="http://localhost:${BENCH_PORT}" BENCH_RUNS="${RUNS}" \
  node --require @backstage/cli/config/nodeTransform.cjs bench/golden-path/runBenchmark.ts
