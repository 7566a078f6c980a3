#!/usr/bin/env bash
# Proves the README's first command: `./portal start` brings the portal up at
# http://localhost:3000 on the embedded default with the demo organization.
# Uses a throw-away data directory and stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

data_dir="$(mktemp -d)"
log_file="${data_dir}/portal-start.log"
PORTAL_DATA_DIR="${data_dir}" setsid ./portal start >"${log_file}" 2>&1 &
portal_pid=$!
cleanup() {
  kill -TERM -- "-${portal_pid}" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 -- "-${portal_pid}" 2>/dev/null || break
    sleep 1
  done
  kill -KILL -- "-${portal_pid}" 2>/dev/null || true
  rm -rf "${data_dir}"
}
trap cleanup EXIT

if ! node scripts/waitForQuickStart.cjs "${portal_pid}" "${log_file}"; then
  echo "---- ./portal start output (last 60 lines) ----" >&2
  tail -n 60 "${log_file}" >&2
  exit 1
fi
